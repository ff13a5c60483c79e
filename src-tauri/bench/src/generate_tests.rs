//! Tests of the wiki generator: determinism, file names, and that the output
//! satisfies the schema it ships with.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::{Kind, Plan, WIKI_TOML, write_wiki};
use crate::files::find_markdown_files;
use quire_core::slugify;

/// Every file under `root` as (relative path, bytes), sorted by path.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for dirent in fs::read_dir(&dir).unwrap() {
            let path = dirent.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Front matter `title:` value, unquoted.
fn front_matter_title(text: &str) -> String {
    let line = text
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix("title: "))
        .expect("front matter has a title");
    match line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => line.to_owned(),
    }
}

#[test]
fn same_seed_gives_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    let first = write_wiki(&a.path().join("wiki"), 300, 42).unwrap();
    let second = write_wiki(&b.path().join("wiki"), 300, 42).unwrap();
    assert_eq!(first, second);
    assert_eq!(first.entries, 300);
    let files_a = snapshot(&a.path().join("wiki"));
    let files_b = snapshot(&b.path().join("wiki"));
    assert_eq!(files_a.len(), 301, "300 entries and wiki.toml");
    assert!(files_a == files_b, "same seed, different output");

    write_wiki(&c.path().join("wiki"), 300, 43).unwrap();
    assert!(files_a != snapshot(&c.path().join("wiki")), "seed has no effect");
}

#[test]
fn refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("keep.md"), "# Keep\n").unwrap();
    assert!(write_wiki(dir.path(), 3, 1).is_err());
    assert_eq!(fs::read_to_string(dir.path().join("keep.md")).unwrap(), "# Keep\n");
}

#[test]
fn file_names_are_slugs_of_titles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("wiki");
    write_wiki(&root, 400, 7).unwrap();
    assert_eq!(fs::read_to_string(root.join("wiki.toml")).unwrap(), WIKI_TOML);
    let files = find_markdown_files(&root).unwrap();
    assert_eq!(files.len(), 400);
    let mut in_folders = 0;
    let mut titles = HashSet::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let title = front_matter_title(&text);
        let h1: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# ")).collect();
        assert_eq!(h1, [title.as_str()], "{}: one H1, equal to the title", path.display());
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(stem, slugify(&title), "{}", path.display());
        assert!(titles.insert(title.to_lowercase()), "duplicate title {title}");
        if path.parent().unwrap() != root {
            in_folders += 1;
        }
    }
    // About a fifth of the entries sit in people/ or organizations/.
    assert!((40..=130).contains(&in_folders), "{in_folders} entries in subfolders");
}

/// A lightweight validator: checks the rules of DESIGN.md that the generator
/// promises to satisfy, using the plan as the source of titles.
#[test]
fn entries_satisfy_the_schema() {
    let entries = 400;
    let plan = Plan::new(entries, 3);
    // Everything a link may resolve to (titles and aliases, by slug), and
    // each entry's H2 headings.
    let mut resolve: HashMap<String, usize> = HashMap::new();
    for (i, e) in plan.entries.iter().enumerate() {
        for name in std::iter::once(&e.title).chain(&e.aliases) {
            assert!(resolve.insert(slugify(name), i).is_none(), "{name} is not unique");
        }
    }
    let wanted: HashSet<String> = plan.wanted().iter().map(|w| slugify(w)).collect();
    assert!(wanted.iter().all(|w| !resolve.contains_key(w)), "a wanted page exists");

    let (mut related_total, mut related_red, mut inline, mut piped, mut anchored) = (0, 0, 0, 0, 0);
    let mut sizes = 0;
    let mut headings_of: Vec<Vec<String>> = Vec::new();
    let texts: Vec<String> = (0..entries).map(|i| plan.render(i)).collect();
    for text in &texts {
        headings_of.push(text.lines().filter_map(|l| l.strip_prefix("## ")).map(str::to_owned).collect());
    }
    for (i, text) in texts.iter().enumerate() {
        let kind = plan.kind(i);
        let title = plan.title(i);
        sizes += text.len();
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{title}: one final newline");
        assert!(text.starts_with("---\ntitle: "), "{title}: front matter");
        assert!(text.contains(&format!("\nkind: {}\n", kind.name())));

        // Sections: unique, required present, ordered ones in order.
        let headings = &headings_of[i];
        let unique: HashSet<&String> = headings.iter().collect();
        assert_eq!(unique.len(), headings.len(), "{title}: duplicate section");
        for required in kind.required_sections() {
            assert!(headings.iter().any(|h| h == required), "{title}: no {required}");
        }
        let ordered: Vec<&String> = headings.iter().filter(|h| kind.section_order().contains(&h.as_str())).collect();
        let positions: Vec<usize> =
            ordered.iter().map(|h| kind.section_order().iter().position(|o| o == h).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{title}: order {ordered:?}");
        // 8-12 prose sections (Definition, topics, Current Context) between
        // Snapshot and Governance Implications.
        let governance = headings.iter().position(|h| h == "Governance Implications").unwrap();
        assert_eq!(headings[0], "Snapshot");
        assert!((9..=13).contains(&governance), "{title}: {} prose sections", governance - 1);
        for governance in ["Governance Implications", "Open Questions"] {
            assert!(headings.iter().any(|h| h == governance), "{title}: no {governance}");
        }

        // No heading text repeats at any level (markdownlint MD024).
        let all: Vec<&str> =
            text.lines().filter(|l| l.starts_with('#')).map(|l| l.trim_start_matches('#').trim()).collect();
        let unique: HashSet<&str> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len(), "{title}: repeated heading text");

        // Section bodies, by heading.
        let mut body: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut current = "";
        for line in text.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                current = h;
            } else if !line.is_empty() {
                body.entry(current).or_default().push(line);
            }
        }
        let snapshot_keys: Vec<&str> = body["Snapshot"]
            .iter()
            .map(|l| l.strip_prefix("- ").expect("snapshot items are list items"))
            .map(|l| l.split_once(": ").expect("Key: value").0)
            .collect();
        for key in kind.snapshot_keys() {
            assert!(snapshot_keys.contains(key), "{title}: snapshot lacks {key}");
        }
        let related = &body["Related Pages"];
        assert!((10..=25).contains(&related.len()), "{title}: {} related", related.len());
        for item in related {
            let target = item
                .strip_prefix("- [[")
                .and_then(|l| l.strip_suffix("]]"))
                .expect("one wiki link per Related Pages item");
            assert!(!target.contains(['[', ']', '|', '#']), "{item}");
            related_total += 1;
            let slug = slugify(target);
            match resolve.get(&slug) {
                Some(&j) => assert_ne!(j, i, "{title} links to itself"),
                None => {
                    assert!(wanted.contains(&slug), "{title}: unknown link {target}");
                    related_red += 1;
                }
            }
        }
        let sources = &body["Sources"];
        assert!((8..=15).contains(&sources.len()), "{title}: {} sources", sources.len());
        let unique: HashSet<&&str> = sources.iter().collect();
        assert_eq!(unique.len(), sources.len(), "{title}: duplicate source");
        for source in sources {
            let has_year = source
                .split(|c: char| !c.is_ascii_digit())
                .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
            assert!(has_year, "{title}: source without a year: {source}");
        }

        // Every wiki link pulldown-cmark sees resolves, and anchors exist.
        let parser = Parser::new_ext(text, crate::floor::options());
        for event in parser {
            if let Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. }) = event {
                let (target, anchor) = match dest_url.split_once('#') {
                    Some((t, a)) => (t, Some(a)),
                    None => (&*dest_url, None),
                };
                let slug = slugify(target);
                let Some(&j) = resolve.get(&slug) else {
                    assert!(wanted.contains(&slug), "{title}: unknown link {dest_url}");
                    continue;
                };
                inline += 1;
                piped += usize::from(has_pothole);
                if let Some(anchor) = anchor {
                    anchored += 1;
                    assert!(headings_of[j].iter().any(|h| h == anchor), "{title}: {dest_url}");
                }
            }
        }
    }
    let red_share = related_red as f64 / related_total as f64;
    assert!((0.02..=0.09).contains(&red_share), "red links {red_share}");
    assert!(piped > 0 && anchored > 0 && inline > related_total, "{inline} {piped} {anchored}");
    let average = sizes / entries;
    assert!((11_000..=16_000).contains(&average), "average entry {average} bytes");
    // Every kind occurs.
    for kind in [Kind::Person, Kind::Concept, Kind::Organization] {
        assert!((0..entries).any(|i| plan.kind(i) == kind));
    }
}

#[test]
fn tiny_wikis_work() {
    for entries in [0, 1, 2] {
        let plan = Plan::new(entries, 9);
        for i in 0..entries {
            let text = plan.render(i);
            assert!(text.contains("## Related Pages\n\n- [["), "{text}");
        }
    }
}

#[test]
fn large_plans_stay_unique() {
    // Far more entries than the vocabulary has simple titles for.
    let plan = Plan::new(100_000, 5);
    let mut slugs = HashSet::new();
    for i in 0..plan.len() {
        assert!(slugs.insert(slugify(plan.title(i))));
    }
    for wanted in plan.wanted() {
        assert!(slugs.insert(slugify(wanted)), "{wanted}");
    }
    assert_eq!(plan.wanted().len(), 10_000);
}
