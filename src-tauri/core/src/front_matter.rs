//! Front matter: the YAML block between `---` lines at the top of an entry.
//!
//! Front matter is optional. Parsing never fails: a block that is not valid
//! YAML, or a field of the wrong type, becomes a problem with a span, and the
//! fields that could be read are still used.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::date::Date;

/// An entry's editorial status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Being written.
    Draft,
    /// Ready for a reviewer.
    Review,
    /// Live.
    Published,
}

impl Status {
    /// The lowercase name used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "review" => Some(Status::Review),
            "published" => Some(Status::Published),
            _ => None,
        }
    }
}

/// The fields Quire reads from front matter. Other fields are kept in the
/// text and otherwise ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// `title`: must equal the H1.
    pub title: Option<String>,
    /// `kind`: picks a schema from `wiki.toml`.
    pub kind: Option<String>,
    /// `aliases`: more names that links may use.
    pub aliases: Vec<String>,
    /// `status`: draft, review or published.
    pub status: Option<Status>,
    /// `reviewed`: when the entry was last reviewed.
    pub reviewed: Option<Date>,
}

/// Where each field was written, for diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSpans {
    /// The line of `title:`, when present.
    pub title: Option<Range<usize>>,
    /// The line of `kind:`, when present.
    pub kind: Option<Range<usize>>,
    /// The line of `aliases:`, when present.
    pub aliases: Option<Range<usize>>,
}

/// A problem found while reading front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatterProblem {
    /// Byte span in the entry's text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A parsed front matter block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block, delimiters and final line ending included.
    pub span: Range<usize>,
    /// The YAML between the delimiters.
    pub yaml: Range<usize>,
    /// The fields that could be read.
    pub fields: Fields,
    /// Where the fields are written.
    pub field_spans: FieldSpans,
    /// What could not be read.
    pub problems: Vec<FrontMatterProblem>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Value {
    Text(String),
    List(Vec<String>),
    Other(serde::de::IgnoredAny),
}

/// Finds and parses the front matter at the start of `text` (after any BOM).
/// Returns `None` when the text does not start with a `---` line.
pub(crate) fn parse(text: &str) -> Option<FrontMatter> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    let mut closing = None;
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |index| offset + index + 1);
        let line = text[offset..line_end].trim_end();
        if line == "---" || line == "..." {
            closing = Some((offset, line_end));
            break;
        }
        offset = line_end;
    }
    let Some((yaml_end, block_end)) = closing else {
        return Some(FrontMatter {
            span: 0..first_line_end + 1,
            yaml: yaml_start..yaml_start,
            fields: Fields::default(),
            field_spans: FieldSpans::default(),
            problems: vec![FrontMatterProblem {
                span: 0..3,
                message: "front matter is never closed".to_owned(),
                help: Some("end the front matter with a line holding only `---`".to_owned()),
            }],
        });
    };
    let mut front_matter = FrontMatter {
        span: 0..block_end,
        yaml: yaml_start..yaml_end,
        fields: Fields::default(),
        field_spans: FieldSpans::default(),
        problems: Vec::new(),
    };
    read_fields(text, &mut front_matter);
    Some(front_matter)
}

fn read_fields(text: &str, front_matter: &mut FrontMatter) {
    let yaml = &text[front_matter.yaml.clone()];
    if yaml.trim().is_empty() {
        return;
    }
    let parsed = match simple_mapping(yaml) {
        Some(map) => Ok(map),
        None => serde_saphyr::from_str::<BTreeMap<String, Value>>(yaml),
    };
    let map = match parsed {
        Ok(map) => map,
        Err(error) => {
            let span = error
                .location()
                .map(|location| line_span(yaml, location.line() as usize, front_matter.yaml.start))
                .unwrap_or(front_matter.yaml.start..front_matter.yaml.start);
            front_matter.problems.push(FrontMatterProblem {
                span,
                message: format!("front matter is not valid YAML: {}", yaml_message(&error)),
                help: Some("front matter must be a YAML mapping of `field: value` lines".to_owned()),
            });
            return;
        }
    };
    let field_span = |key: &str| field_line(yaml, key, front_matter.yaml.start);
    let mut problems = Vec::new();
    let mut wrong_type = |key: &str, expected: &str| {
        problems.push(FrontMatterProblem {
            span: field_span(key).unwrap_or(front_matter.yaml.clone()),
            message: format!("front matter field `{key}` must be {expected}"),
            help: None,
        });
    };
    let fields = &mut front_matter.fields;
    for (key, value) in map {
        match (key.as_str(), value) {
            ("title", Value::Text(title)) => fields.title = Some(title.trim().to_owned()),
            ("title", _) => wrong_type("title", "text"),
            ("kind", Value::Text(kind)) => fields.kind = Some(kind.trim().to_owned()),
            ("kind", _) => wrong_type("kind", "text"),
            ("aliases", Value::List(aliases)) => {
                fields.aliases = aliases.into_iter().map(|alias| alias.trim().to_owned()).collect();
            }
            ("aliases", Value::Text(alias)) => fields.aliases = vec![alias.trim().to_owned()],
            ("aliases", Value::Other(_)) => wrong_type("aliases", "a list of names"),
            ("status", Value::Text(status)) => match Status::parse(&status) {
                Some(status) => fields.status = Some(status),
                None => wrong_type("status", "one of `draft`, `review` or `published`"),
            },
            ("status", _) => wrong_type("status", "one of `draft`, `review` or `published`"),
            ("reviewed", Value::Text(date)) => match Date::parse(&date) {
                Some(date) => fields.reviewed = Some(date),
                None => wrong_type("reviewed", "a date such as `2026-06-16`"),
            },
            ("reviewed", _) => wrong_type("reviewed", "a date such as `2026-06-16`"),
            _ => {}
        }
    }
    front_matter.problems.extend(problems);
    front_matter.field_spans =
        FieldSpans { title: field_span("title"), kind: field_span("kind"), aliases: field_span("aliases") };
}

/// The mapping of a front matter block written in the plain subset nearly
/// every entry uses, read without the YAML parser (a tenth of the time of a
/// whole entry's validation went there): one `key: value` per line, each
/// value a plain text that YAML reads as text (not a number, boolean or
/// null), a `YYYY-MM-DD` date, a double-quoted text without escapes, or a
/// flow list `[...]` of those. `None` for anything else, which saphyr reads instead. On this
/// subset both readings agree; the tests compare them.
fn simple_mapping(yaml: &str) -> Option<BTreeMap<String, Value>> {
    let mut map = BTreeMap::new();
    for line in yaml.lines() {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let simple_key = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !simple_key || !value.starts_with(' ') || value.contains('\t') {
            return None;
        }
        let value = value.trim_matches(' ');
        let value = match value.strip_prefix('[') {
            Some(list) => Value::List(simple_list(list.strip_suffix(']')?)?),
            None => Value::Text(simple_scalar(value, false)?),
        };
        // A repeated key is for saphyr to judge.
        if map.insert(key.to_owned(), value).is_some() {
            return None;
        }
    }
    Some(map)
}

/// The items of a flow list, between its brackets.
fn simple_list(items: &str) -> Option<Vec<String>> {
    if items.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    items.split(',').map(|item| simple_scalar(item.trim_matches(' '), true)).collect()
}

/// A scalar YAML reads as this very text, or `None`.
fn simple_scalar(value: &str, in_list: bool) -> Option<String> {
    if let Some(quoted) = value.strip_prefix('"') {
        let text = quoted.strip_suffix('"')?;
        return (!(text.contains(['"', '\\']) || in_list && text.contains(','))).then(|| text.to_owned());
    }
    let bytes = value.as_bytes();
    let is_date = bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(at, byte)| if at == 4 || at == 7 { *byte == b'-' } else { byte.is_ascii_digit() });
    if is_date {
        return Some(value.to_owned());
    }
    // Indicators, comments, nested mappings and quotes are left to saphyr.
    let plain = value.starts_with(char::is_alphabetic)
        && !value.contains(['#', ':', '"', '\\', '[', ']', '{', '}'])
        && !(in_list && value.contains(','));
    const NOT_TEXT: [&str; 12] =
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "inf", "infinity", "nan"];
    let special = NOT_TEXT.iter().any(|word| value.eq_ignore_ascii_case(word));
    (plain && !special).then(|| value.to_owned())
}

/// The byte span in `text` of each top-level field of the front matter, from
/// the start of its key's line to the end of the last line of its value
/// (`title: >` with the title on the next line, a flow list over two lines,
/// a block list), so a writer replaces the whole field. `None` when the
/// YAML does not read as a mapping.
pub(crate) fn field_nodes(text: &str, front_matter: &FrontMatter) -> Option<Vec<(String, Range<usize>)>> {
    use granit_parser::{Event, Parser};
    let base = front_matter.yaml.start;
    let yaml = &text[front_matter.yaml.clone()];
    let mut parser = Parser::new_from_str(yaml);
    let mut fields = Vec::new();
    // Depth of collections; the top-level mapping is depth 1.
    let mut depth = 0usize;
    // At depth 1: the key just read (and where its line starts), awaiting its value.
    let mut key: Option<(String, usize)> = None;
    // The value being read at depth > 1 belongs to this key.
    let mut open: Option<(String, usize)> = None;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.ok()?;
        let start = span.start.byte_offset()?;
        let end = span.end.byte_offset()?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 {
                    open = Some(key.take()?);
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.checked_sub(1)?;
                if depth == 1 {
                    let (name, from) = open.take()?;
                    fields.push((name, from..end));
                }
            }
            Event::Scalar(value, ..) if depth == 1 => match key.take() {
                None => {
                    let line_start = yaml[..start].rfind('\n').map_or(0, |at| at + 1);
                    key = Some((value.into_owned(), line_start));
                }
                Some((name, from)) => fields.push((name, from..end)),
            },
            Event::Alias(..) if depth == 1 => {
                let (name, from) = key.take()?;
                fields.push((name, from..end));
            }
            _ => {}
        }
    }
    // Each node ends with its last line's text: trailing line breaks and
    // spaces belong to what follows.
    Some(
        fields
            .into_iter()
            .map(|(name, span)| {
                let trimmed = yaml[..span.end.min(yaml.len())].trim_end().len().max(span.start);
                let line_end = yaml[trimmed..].find('\n').map_or(yaml.len(), |at| trimmed + at);
                let line_end = yaml[..line_end].trim_end_matches('\r').len().max(trimmed);
                (name, base + span.start..base + line_end)
            })
            .collect(),
    )
}

/// `text` as a YAML scalar that reads back as exactly this text: plain
/// when that is safe, double-quoted (with escapes) otherwise.
pub(crate) fn yaml_scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text.chars().all(|character| character.is_alphanumeric() || " -.()'".contains(character))
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "inf" | "infinity" | "nan"
        );
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            character if character.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(character))),
            character => quoted.push(character),
        }
    }
    quoted.push('"');
    quoted
}

/// EntryChecks that the front matter of `new_text` (a whole entry) reads without
/// a problem and holds what a writer meant: every field of `old_text`'s
/// front matter unchanged but `changed`, and each of `changed` with its
/// new value (`None`: the field is absent). A writer calls this before
/// anything is written, and refuses with the message when it fails.
pub(crate) fn check_written(
    old_text: Option<&str>,
    new_text: &str,
    changed: &[(&str, Option<serde_json::Value>)],
) -> Result<(), String> {
    let read = |text: &str| -> Result<BTreeMap<String, serde_json::Value>, String> {
        let Some(front_matter) = parse(text) else { return Ok(BTreeMap::new()) };
        if let Some(problem) = front_matter.problems.first() {
            return Err(problem.message.clone());
        }
        let yaml = &text[front_matter.yaml.clone()];
        if yaml.trim().is_empty() {
            return Ok(BTreeMap::new());
        }
        serde_saphyr::from_str(yaml)
            .map_err(|error| format!("front matter is not valid YAML: {}", yaml_message(&error)))
    };
    let before = match old_text {
        Some(text) => read(text).map_err(|message| format!("its front matter does not read ({message})"))?,
        None => BTreeMap::new(),
    };
    let after =
        read(new_text).map_err(|message| format!("the front matter written would not read back ({message})"))?;
    let mut expected = before;
    for (key, value) in changed {
        match value {
            Some(value) => expected.insert((*key).to_owned(), value.clone()),
            None => expected.remove(*key),
        };
    }
    if after != expected {
        let differing: Vec<&str> = expected
            .keys()
            .chain(after.keys())
            .filter(|key| expected.get(*key) != after.get(*key))
            .map(String::as_str)
            .collect();
        return Err(format!(
            "the front matter written would not read back as intended (field `{}`)",
            differing.first().copied().unwrap_or("?")
        ));
    }
    Ok(())
}

/// The first line of a YAML error, without the snippet saphyr can draw.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let rendered = error.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or("").trim();
    // saphyr appends " at line L column C"; the diagnostic already points there.
    let message = match first.find(" at line ") {
        Some(index) => &first[..index],
        None => first,
    };
    message.trim_end_matches('.').to_owned()
}

/// The span of the line `key:` starts in the YAML, offset into the entry.
fn field_line(yaml: &str, key: &str, base: usize) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            let content = line.trim_end();
            return Some(base + offset..base + offset + content.len());
        }
        offset += line.len();
    }
    None
}

/// The span of 1-based `line` of the YAML, offset into the entry.
fn line_span(yaml: &str, line: usize, base: usize) -> Range<usize> {
    let mut offset = 0;
    for (index, text) in yaml.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            return base + offset..base + offset + text.trim_end().len();
        }
        offset += text.len();
    }
    base + yaml.len()..base + yaml.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The fields every other feature reads must come out typed.
    #[test]
    fn reads_known_fields() {
        let text = "---\ntitle: Kaiming He\nkind: person\naliases: [He Kaiming]\nstatus: published\nreviewed: 2026-06-16\nextra: {a: 1}\n---\n# Kaiming He\n";
        let front_matter = parse(text).unwrap();
        assert!(front_matter.problems.is_empty(), "{:?}", front_matter.problems);
        assert_eq!(front_matter.fields.title.as_deref(), Some("Kaiming He"));
        assert_eq!(front_matter.fields.aliases, vec!["He Kaiming"]);
        assert_eq!(front_matter.fields.status, Some(Status::Published));
        assert_eq!(front_matter.fields.reviewed, Date::new(2026, 6, 16));
        assert_eq!(&text[front_matter.span.clone()], &text[..text.find("# K").unwrap()]);
    }

    // A wrong type must name the field and point at its line, keeping the rest.
    #[test]
    fn wrong_types_are_problems_not_failures() {
        let text = "---\ntitle: A\nstatus: finished\naliases: {a: b}\n---\n";
        let front_matter = parse(text).unwrap();
        assert_eq!(front_matter.fields.title.as_deref(), Some("A"));
        let messages: Vec<_> =
            front_matter.problems.iter().map(|p| (p.message.as_str(), &text[p.span.clone()])).collect();
        assert!(
            messages.contains(&(
                "front matter field `status` must be one of `draft`, `review` or `published`",
                "status: finished"
            )),
            "{messages:?}"
        );
        assert!(messages.iter().any(|(m, line)| m.contains("`aliases`") && *line == "aliases: {a: b}"), "{messages:?}");
    }

    // Broken YAML is a problem on the line saphyr names.
    #[test]
    fn broken_yaml_points_at_its_line() {
        let text = "---\ntitle: A\nkind: [person\n---\n# A\n";
        let front_matter = parse(text).unwrap();
        assert_eq!(front_matter.problems.len(), 1, "{:?}", front_matter.problems);
        assert!(front_matter.problems[0].message.starts_with("front matter is not valid YAML"));
    }

    fn saphyr(yaml: &str) -> Option<BTreeMap<String, Value>> {
        serde_saphyr::from_str(yaml).ok()
    }

    // The fast reading must never disagree with saphyr: whatever it accepts,
    // saphyr reads to the same mapping.
    #[test]
    fn simple_mappings_read_as_saphyr_reads_them() {
        let accepted = [
            "title: Kaiming He\nkind: person\nstatus: draft\nreviewed: 2026-02-09\n",
            "title: \"Neural Pretraining (Speech)\"\naliases: [SMA, \"A (B)\", Obi Sofia]\n",
            "title: O'Brien, Jane\r\naliases: []\r\n",
            "title:   spaced   \n\nkind: concept\n",
            "title: \"true\"\nkind: \"123\"\n",
            "title: Ångström - Über (x)\n",
            "reviewed: 2026-13-45\n",
        ];
        for yaml in accepted {
            let simple = simple_mapping(yaml);
            assert!(simple.is_some(), "{yaml:?} is in the simple subset");
            assert_eq!(simple, saphyr(yaml), "{yaml:?}");
        }
        let refused = [
            "title: true\n",
            "title: No\n",
            "title: 2026\n",
            "title: nan\n",
            "title:\n",
            "title: a: b\n",
            "title: a # comment\n",
            "title: 'single'\n",
            "title: \"esc\\\"aped\"\n",
            "aliases: [a, [b]]\n",
            "aliases: [a,]\n",
            "aliases:\n  - a\n",
            "title: a\ntitle: b\n",
            "  title: indented\n",
            "title: ~\n",
            "title: {a: 1}\n",
            "# comment\ntitle: a\n",
            "title:\ta\n",
            "reviewed: 2026-2-9\n",
            "reviewed: 20260-2-09\n",
        ];
        for yaml in refused {
            assert_eq!(simple_mapping(yaml), None, "{yaml:?} is left to saphyr");
        }
    }

    proptest::proptest! {
        // Generated lines full of YAML's special characters: whatever the
        // fast reading accepts, saphyr must read identically.
        #[test]
        fn simple_mapping_agrees_with_saphyr(
            lines in proptest::collection::vec(
                ("(title|kind|aliases|status|x-y|a_b|Title| title|title )", ":( |  |\t|)?", "[a-zA-Z0-9 \"'#:,.~\\[\\]{}\\\\-]{0,14}"),
                0..5,
            )
        ) {
            let yaml: String = lines.iter().map(|(key, colon, value)| format!("{key}{colon}{value}\n")).collect();
            if let Some(simple) = simple_mapping(&yaml) {
                proptest::prop_assert_eq!(Some(simple), saphyr(&yaml), "{:?}", yaml);
            }
        }

        // Lines shaped like real front matter, so most are accepted.
        #[test]
        fn likely_mappings_agree_with_saphyr(
            lines in proptest::collection::vec(
                (
                    "(title|kind|aliases|status|reviewed|extra)",
                    "([A-Za-zé][a-zA-Z0-9 '(),.-]{0,10}|\"[a-zA-Z0-9 '(),.:-]{0,10}\"|[0-9]{4}-[0-9]{2}-[0-9]{2}|\\[([A-Za-z][a-z ]{0,5}(, )?){0,3}\\])",
                ),
                0..6,
            )
        ) {
            let yaml: String = lines.iter().map(|(key, value)| format!("{key}: {value}\n")).collect();
            if let Some(simple) = simple_mapping(&yaml) {
                proptest::prop_assert_eq!(Some(simple), saphyr(&yaml), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn no_front_matter_without_opening_line() {
        assert!(parse("# Title\n---\n").is_none());
        assert!(parse("---").is_none());
    }
}
