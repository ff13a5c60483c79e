//! Pairs of entry versions for the diff benchmarks: a large entry built
//! from generated ones, and an edited copy with a chosen share of its
//! paragraphs changed the way people change them.
//!
//! Sizes: [`entry_of_size`] joins the sections of generated entries (each
//! shaped like the seed entry) under one front matter and title until the
//! text reaches the size; headings get a number so sections stay distinct.
//! Changes: [`edit`] touches `percent`% of the paragraphs (blocks between
//! blank lines, headings excepted): of those, 70% have about a third of
//! their words replaced, 10% are deleted, 10% get a new paragraph after
//! them and 10% move to another section; at least one paragraph changes.
//! The same arguments always give the same bytes.

use crate::generate::Plan;
use crate::rng::Rng;

/// The sizes and change shares of BENCHMARKS.md, "Diff".
pub const SIZES: [(&str, usize); 3] = [("10k", 10 * 1024), ("100k", 100 * 1024), ("1m", 1024 * 1024)];
/// Shares of paragraphs changed, in percent.
pub const CHANGES: [u32; 3] = [1, 10, 50];

/// An entry of at least `bytes` bytes (and at most one section more).
pub fn entry_of_size(bytes: usize, seed: u64) -> String {
    let entries = bytes / (8 * 1024) + 2;
    let plan = Plan::new(entries, seed);
    let first = plan.render(0);
    let mut text = match first.find("\n## ") {
        Some(end) => first[..=end].to_owned(),
        None => first.clone(),
    };
    for index in 0..plan.len() {
        if text.len() >= bytes {
            break;
        }
        let entry = plan.render(index);
        let Some(start) = entry.find("\n## ") else { continue };
        for section in entry[start + 1..].split_inclusive("\n## ").map(|part| part.trim_end_matches("## ")) {
            if text.len() >= bytes {
                break;
            }
            let section = section.strip_prefix("## ").unwrap_or(section);
            let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
            let heading = if index == 0 { heading.to_owned() } else { format!("{heading} ({index})") };
            text.push_str(&format!("## {heading}\n{body}"));
        }
    }
    text
}

/// `text` with `percent`% of its paragraphs changed (see the module
/// documentation).
pub fn edit(text: &str, percent: u32, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let blocks: Vec<&str> = text.split_inclusive("\n\n").collect();
    let mut out: Vec<String> = Vec::with_capacity(blocks.len() + blocks.len() / 10);
    let mut travelling: Vec<String> = Vec::new();
    let is_paragraph =
        |block: &str| !block.starts_with('#') && !block.starts_with("---") && block.split_whitespace().count() > 3;
    // A small entry at 1% still gets one change: the middle paragraph.
    let paragraphs: Vec<usize> = (0..blocks.len()).filter(|&index| is_paragraph(blocks[index])).collect();
    let forced = paragraphs.get(paragraphs.len() / 2).copied().filter(|_| percent > 0);
    for (index, block) in blocks.into_iter().enumerate() {
        let chosen = rng.chance(percent) || forced == Some(index);
        if !is_paragraph(block) || !chosen {
            out.push(block.to_owned());
            if block.starts_with("## ") && !travelling.is_empty() && rng.chance(50) {
                out.append(&mut travelling);
            }
            continue;
        }
        match rng.below(10) {
            0 => {}
            1 => {
                out.push(block.to_owned());
                out.push(reword(&mut rng, block, 100));
            }
            2 => travelling.push(block.to_owned()),
            _ => out.push(reword(&mut rng, block, 33)),
        }
    }
    out.append(&mut travelling);
    out.concat()
}

/// `block` with about `percent`% of its words replaced.
fn reword(rng: &mut Rng, block: &str, percent: u32) -> String {
    const WORDS: [&str; 8] = ["notably", "revised", "measured", "earlier", "broader", "evidence", "several", "within"];
    let mut out = String::with_capacity(block.len() + 16);
    for piece in block.split_inclusive(' ') {
        if piece.len() > 1 && rng.chance(percent) {
            let word: &&str = rng.pick(&WORDS);
            out.push_str(word);
            out.push_str(&piece[piece.trim_end().len()..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The benchmark's inputs must be what BENCHMARKS.md says they are.
    #[test]
    fn sizes_and_changes_are_as_documented() {
        let text = entry_of_size(100 * 1024, 1);
        assert!(text.len() >= 100 * 1024 && text.len() < 110 * 1024, "{}", text.len());
        let small = entry_of_size(10 * 1024, 1);
        assert!(small.len() >= 10 * 1024 && small.len() < 12 * 1024, "{}", small.len());
        assert_ne!(edit(&small, 1, 1), small, "at least one paragraph changes");
        assert_eq!(entry_of_size(100 * 1024, 1), text, "deterministic");
        assert_eq!(edit(&text, 0, 1), text);
        // The share of the old paragraphs that the new text no longer has
        // as they were: all touched ones but the moved (a tenth of them).
        let changed = |percent| {
            let new = edit(&text, percent, 1);
            let new_blocks: std::collections::HashSet<&str> = new.split_inclusive("\n\n").collect();
            let paragraphs: Vec<&str> = text
                .split_inclusive("\n\n")
                .filter(|block| {
                    !block.starts_with('#') && !block.starts_with("---") && block.split_whitespace().count() > 3
                })
                .collect();
            let gone = paragraphs.iter().filter(|block| !new_blocks.contains(*block)).count();
            gone as f64 / paragraphs.len() as f64
        };
        let ten = changed(10);
        let fifty = changed(50);
        assert!((0.04..0.16).contains(&ten), "{ten}");
        assert!((0.35..0.55).contains(&fifty), "{fifty}");
    }
}
