//! The changes inside sections, with paragraphs that moved between them.
//!
//! Each section is cut into blocks (a paragraph, list or other run of
//! non-blank lines with the blank lines after it; an H2 line with its blank
//! lines is a block of its own). Blocks are compared first, so unchanged
//! paragraphs cost one hash each. The blocks left over on either side are
//! where the moves are looked for: a block deleted in one section and
//! inserted, the same or nearly, in another is a moved paragraph. What is
//! still left is compared word by word.

use std::collections::HashMap;
use std::ops::Range;
use std::time::Instant;

use rayon::prelude::*;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::sections::{File, Row, Words};
use super::words::{push, push_changes};
use super::{Change, ChangeOp, ParagraphMove, SectionDiff, SectionStatus};

/// Below this similarity, a paragraph deleted here and one inserted there
/// are two edits, not one paragraph that moved.
const MOVE_SIMILARITY: f64 = 0.6;
/// A paragraph needs this many words to be followed when it moves: shorter
/// blocks (a heading, a rule, `- [[A]]`) recur by chance.
const MOVE_MIN_WORDS: usize = 3;
/// Past this many (deleted × inserted) pairs, only exact moves are found.
const MAX_MOVE_PAIRS: usize = 20_000;

/// A section's text in pieces: equal blocks, and regions of blocks that differ.
enum Piece {
    Equal(Range<usize>),
    Region { old: Vec<Range<usize>>, new: Vec<Range<usize>> },
}

/// A block deleted or inserted somewhere: which row, which piece, which
/// block of the region's side.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Place {
    row: usize,
    piece: usize,
    block: usize,
}

/// The changes of every row, and the paragraphs that moved.
pub(super) fn section_changes(
    old: &File<'_>,
    new: &File<'_>,
    rows: &[Row],
    deadline: Instant,
) -> (Vec<SectionDiff>, Vec<ParagraphMove>) {
    // Sections are independent until moves are paired: spread them over the
    // cores (a 1 MB entry has a thousand).
    let pieces: Vec<Vec<Piece>> = rows.par_iter().map(|row| pieces(old, new, row, deadline)).collect();
    let (moved_out, moved_in, moves) = find_moves(old, new, rows, &pieces, deadline);

    let sections = rows
        .par_iter()
        .zip(&pieces)
        .enumerate()
        .map(|(row_index, (row, row_pieces))| {
            let mut changes = Vec::new();
            for (piece_index, piece) in row_pieces.iter().enumerate() {
                match piece {
                    Piece::Equal(range) => push(&mut changes, ChangeOp::Equal, &old.text[range.clone()]),
                    Piece::Region { old: old_blocks, new: new_blocks } => {
                        let place = |block| Place { row: row_index, piece: piece_index, block };
                        let old_moves = (0..old_blocks.len()).map(|block| moved_out.get(&place(block)).copied());
                        let new_moves = (0..new_blocks.len()).map(|block| moved_in.get(&place(block)).copied());
                        push_region(
                            &mut changes,
                            (&old.text, old_blocks, old_moves.collect()),
                            (&new.text, new_blocks, new_moves.collect()),
                            deadline,
                        );
                    }
                }
            }
            SectionDiff {
                old_heading: row.old.and_then(|index| old.parts[index].heading.clone()),
                new_heading: row.new.and_then(|index| new.parts[index].heading.clone()),
                old_index: row.old,
                new_index: row.new,
                status: row.status,
                changes,
            }
        })
        .collect();
    (sections, moves)
}

/// Cuts a row's text into equal blocks and regions that differ.
fn pieces(old: &File<'_>, new: &File<'_>, row: &Row, deadline: Instant) -> Vec<Piece> {
    match (row.old, row.new) {
        (Some(old_index), Some(_)) if row.status == SectionStatus::Unchanged => {
            vec![Piece::Equal(old.parts[old_index].span.clone())]
        }
        (Some(old_index), Some(new_index)) => {
            let old_blocks = blocks(old, old_index);
            let new_blocks = blocks(new, new_index);
            let old_texts: Vec<&str> = old_blocks.iter().map(|range| &old.text[range.clone()]).collect();
            let new_texts: Vec<&str> = new_blocks.iter().map(|range| &new.text[range.clone()]).collect();
            let mut pieces: Vec<Piece> = Vec::new();
            for op in capture_diff_slices_deadline(Algorithm::Myers, &old_texts, &new_texts, Some(deadline)) {
                let (old_range, new_range) = (op.old_range(), op.new_range());
                if let DiffOp::Equal { .. } = op {
                    let span = old_blocks[old_range.start].start..old_blocks[old_range.end - 1].end;
                    pieces.push(Piece::Equal(span));
                } else if let Some(Piece::Region { old, new }) = pieces.last_mut() {
                    // Adjacent deletes and inserts are one region.
                    old.extend_from_slice(&old_blocks[old_range]);
                    new.extend_from_slice(&new_blocks[new_range]);
                } else {
                    pieces.push(Piece::Region {
                        old: old_blocks[old_range].to_vec(),
                        new: new_blocks[new_range].to_vec(),
                    });
                }
            }
            pieces
        }
        (Some(old_index), None) => vec![Piece::Region { old: blocks(old, old_index), new: Vec::new() }],
        (None, Some(new_index)) => vec![Piece::Region { old: Vec::new(), new: blocks(new, new_index) }],
        (None, None) => Vec::new(),
    }
}

/// The blocks of a section. See the module documentation.
fn blocks(file: &File<'_>, index: usize) -> Vec<Range<usize>> {
    let part = &file.parts[index];
    let mut blocks = Vec::new();
    let mut block_start = part.span.start;
    let mut offset = part.span.start;
    // After a heading line, the next non-blank line starts a block.
    let mut after_block = false;
    for line in file.text[part.span.clone()].split_inclusive('\n') {
        if part.heading.is_some() && offset == part.body_start {
            after_block = true;
        }
        let blank = line.trim().is_empty();
        if blank {
            after_block |= offset > block_start;
        } else if after_block {
            blocks.push(block_start..offset);
            block_start = offset;
            after_block = false;
        }
        offset += line.len();
    }
    if offset > block_start {
        blocks.push(block_start..offset);
    }
    blocks
}

/// Whether a block is worth following to another section.
fn is_paragraph(text: &str) -> bool {
    let text = text.trim();
    !text.starts_with('#') && !text.starts_with("---") && text.split_whitespace().nth(MOVE_MIN_WORDS - 1).is_some()
}

type MoveMap = HashMap<Place, usize>;

/// Pairs deleted and inserted blocks: the same text first, then the most
/// similar. A pair within one section is an edit in place and is left to
/// the word diff; a pair across sections is a move.
fn find_moves(
    old: &File<'_>,
    new: &File<'_>,
    rows: &[Row],
    pieces: &[Vec<Piece>],
    deadline: Instant,
) -> (MoveMap, MoveMap, Vec<ParagraphMove>) {
    let mut deleted: Vec<(Place, &str)> = Vec::new();
    let mut inserted: Vec<(Place, &str)> = Vec::new();
    for (row, row_pieces) in pieces.iter().enumerate() {
        for (piece, region) in row_pieces.iter().enumerate() {
            if let Piece::Region { old: old_blocks, new: new_blocks } = region {
                for (block, range) in old_blocks.iter().enumerate() {
                    let text = &old.text[range.clone()];
                    if is_paragraph(text) {
                        deleted.push((Place { row, piece, block }, text));
                    }
                }
                for (block, range) in new_blocks.iter().enumerate() {
                    let text = &new.text[range.clone()];
                    if is_paragraph(text) {
                        inserted.push((Place { row, piece, block }, text));
                    }
                }
            }
        }
    }
    let (mut moved_out, mut moved_in) = (MoveMap::new(), MoveMap::new());
    if deleted.is_empty() || inserted.is_empty() {
        return (moved_out, moved_in, Vec::new());
    }

    // (score, same row, deleted, inserted): identical paragraphs score 2.
    let mut candidates: Vec<(f64, bool, usize, usize)> = Vec::new();
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, (_, text)) in deleted.iter().enumerate() {
        by_text.entry(text.trim()).or_default().push(index);
    }
    for (inserted_index, (place, text)) in inserted.iter().enumerate() {
        for &deleted_index in by_text.get(text.trim()).into_iter().flatten() {
            candidates.push((2.0, deleted[deleted_index].0.row == place.row, deleted_index, inserted_index));
        }
    }
    if deleted.len() * inserted.len() <= MAX_MOVE_PAIRS {
        let deleted_words: Vec<Words<'_>> = deleted.iter().map(|(_, text)| Words::new(text)).collect();
        let inserted_words: Vec<Words<'_>> = inserted.iter().map(|(_, text)| Words::new(text)).collect();
        for (deleted_index, old_words) in deleted_words.iter().enumerate() {
            for (inserted_index, new_words) in inserted_words.iter().enumerate() {
                let (shorter, longer) =
                    (old_words.total().min(new_words.total()), old_words.total().max(new_words.total()));
                if shorter * 2 < longer {
                    continue;
                }
                let (deleted_place, deleted_text) = deleted[deleted_index];
                let (inserted_place, inserted_text) = inserted[inserted_index];
                // Identical paragraphs are candidates already.
                if deleted_text.trim() == inserted_text.trim() {
                    continue;
                }
                let score = old_words.similarity(new_words);
                if score >= MOVE_SIMILARITY {
                    candidates.push((score, deleted_place.row == inserted_place.row, deleted_index, inserted_index));
                }
            }
        }
    }
    // Best first; between equals an edit in place wins over a move, then
    // the earlier paragraphs pair first.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut deleted_used = vec![false; deleted.len()];
    let mut inserted_used = vec![false; inserted.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, same_row, deleted_index, inserted_index) in candidates {
        if deleted_used[deleted_index] || inserted_used[inserted_index] {
            continue;
        }
        deleted_used[deleted_index] = true;
        inserted_used[inserted_index] = true;
        if !same_row {
            pairs.push((deleted_index, inserted_index));
        }
    }
    // Numbered in the order a reader meets them in the new version.
    pairs.sort_by_key(|&(_, inserted_index)| inserted_index);
    let mut moves = Vec::with_capacity(pairs.len());
    for (deleted_index, inserted_index) in pairs {
        let (from, old_text) = deleted[deleted_index];
        let (to, new_text) = inserted[inserted_index];
        let (from_row, to_row) = (rows[from.row], rows[to.row]);
        let (Some(from_index), Some(to_index)) = (from_row.old, to_row.new) else { continue };
        moved_out.insert(from, moves.len());
        moved_in.insert(to, moves.len());
        let mut changes = Vec::new();
        push_changes(&mut changes, old_text.trim_end(), new_text.trim_end(), deadline);
        moves.push(ParagraphMove {
            from_heading: old.parts[from_index].heading.clone(),
            from_index,
            to_heading: new.parts[to_index].heading.clone(),
            to_index,
            changes,
        });
    }
    (moved_out, moved_in, moves)
}

/// One side of a region: the file's text, the blocks, and for each block
/// the move it belongs to, if any.
type Side<'a> = (&'a str, &'a [Range<usize>], Vec<Option<usize>>);

/// The changes of a region. Moved blocks split each side into segments;
/// the k-th old segment is compared with the k-th new one, and each moved
/// block is written where it stood. Deletions only order the old side and
/// insertions the new, so both sides keep their order.
fn push_region(out: &mut Vec<Change>, old: Side<'_>, new: Side<'_>, deadline: Instant) {
    let old_segments = segments(&old);
    let new_segments = segments(&new);
    for k in 0..old_segments.len().max(new_segments.len()) {
        let (old_segment, old_move) = old_segments.get(k).cloned().unwrap_or((0..0, None));
        let (new_segment, new_move) = new_segments.get(k).cloned().unwrap_or((0..0, None));
        push_changes(out, &old.0[old_segment], &new.0[new_segment], deadline);
        if let Some((range, id)) = old_move {
            out.push(Change { op: ChangeOp::Delete, text: old.0[range].to_owned(), moved: Some(id) });
        }
        if let Some((range, id)) = new_move {
            out.push(Change { op: ChangeOp::Insert, text: new.0[range].to_owned(), moved: Some(id) });
        }
    }
}

/// A side's runs of blocks between moved blocks, each with the moved block
/// that ends it (the last run has none).
type Segment = (Range<usize>, Option<(Range<usize>, usize)>);

fn segments(side: &Side<'_>) -> Vec<Segment> {
    let (_, blocks, moves) = side;
    let mut segments = Vec::new();
    let Some(first) = blocks.first() else { return segments };
    let mut start = first.start;
    for (range, moved) in blocks.iter().zip(moves) {
        if let Some(id) = moved {
            segments.push((start..range.start, Some((range.clone(), *id))));
            start = range.end;
        }
    }
    let end = blocks.last().map_or(start, |range| range.end);
    segments.push((start..end, None));
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Entry;

    fn block_texts(source: &str, index: usize) -> Vec<String> {
        let entry = Entry::parse(source);
        let file = File::new(&entry);
        blocks(&file, index).into_iter().map(|range| file.text[range].to_owned()).collect()
    }

    // Blocks tile the section, blank lines going with the block before them.
    #[test]
    fn blocks_are_paragraphs_with_their_blank_lines() {
        let source = "# T\n\nLead one.\nstill lead.\n\n\nLead two.\n## A\nright after the heading\n\n- item\n- item\n";
        assert_eq!(block_texts(source, 0), ["# T\n\n", "Lead one.\nstill lead.\n\n\n", "Lead two.\n"]);
        assert_eq!(block_texts(source, 1), ["## A\n", "right after the heading\n\n", "- item\n- item\n"]);
    }

    // Short blocks recur by chance; only real paragraphs are followed.
    #[test]
    fn only_paragraphs_are_followed() {
        assert!(is_paragraph("He joined MIT in 2023.\n\n"));
        assert!(!is_paragraph("- [[A]]\n"));
        assert!(!is_paragraph("### A deeper heading here\n"));
    }
}
