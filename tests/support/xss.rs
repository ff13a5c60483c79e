//! The XSS corpus (`tests/cases/xss/corpus.toml`) and the entries made of
//! it, shared by S1 (the render path) and S2 (the real webview).

use serde::Deserialize;

/// Where a payload goes in an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// A block of its own in the Definition section.
    Body,
    /// A block in the lead, under the title.
    Lead,
    /// The text of an H2 heading.
    Heading,
    /// The front matter `title` and the H1.
    Title,
    /// The value of a Snapshot item.
    Snapshot,
    /// Extra lines of YAML front matter.
    FrontMatter,
    /// The whole entry text.
    Entry,
}

/// One way in, with its variants.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadClass {
    /// A short kebab-case name, also used for file names.
    pub name: String,
    /// Where the payloads go.
    #[serde(default = "body")]
    pub place: Place,
    /// The variants.
    pub payloads: Vec<String>,
}

fn body() -> Place {
    Place::Body
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    class: Vec<PayloadClass>,
}

/// The corpus, in file order.
pub fn corpus() -> Vec<PayloadClass> {
    let path = crate::cases_root().join("xss").join("corpus.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let corpus: Corpus = toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    corpus.class
}

impl PayloadClass {
    /// One entry per payload, named `xss-<class>-<n>.md`.
    pub fn entry_per_payload(&self) -> Vec<(String, String)> {
        self.payloads
            .iter()
            .enumerate()
            .map(|(number, payload)| {
                let id = format!("xss-{}-{number}.md", self.name);
                let text = entry_text(&id, self.place, &[payload.as_str()]);
                (id, text)
            })
            .collect()
    }

    /// As few entries as the place allows: all payloads in one entry, except
    /// where an entry holds only one (title, front matter, whole entry).
    pub fn entries(&self) -> Vec<(String, String)> {
        match self.place {
            Place::Title | Place::FrontMatter | Place::Entry => self.entry_per_payload(),
            Place::Body | Place::Lead | Place::Heading | Place::Snapshot => {
                let payloads: Vec<&str> = self.payloads.iter().map(String::as_str).collect();
                let id = format!("xss-{}.md", self.name);
                let text = entry_text(&id, self.place, &payloads);
                vec![(id, text)]
            }
        }
    }
}

/// The paragraph every entry ends with, after the payloads: whatever they
/// do, the parts after them still render.
pub const SENTINEL: &str = "Sentinel paragraph after the payloads.";

/// The lead of every entry but whole-entry payloads names the entry, so a
/// test can tell when the preview shows it.
pub fn lead(id: &str) -> String {
    format!("Hostile markup in {id}.")
}

/// A concept entry `id` holding `payloads` at `place`.
pub fn entry_text(id: &str, place: Place, payloads: &[&str]) -> String {
    if place == Place::Entry {
        return payloads.concat();
    }
    let title = match place {
        Place::Title => payloads.concat(),
        _ => format!("XSS {}", id.trim_end_matches(".md")),
    };
    let mut text = format!("---\ntitle: '{}'\nkind: concept\n", title.replace('\'', "''"));
    if place == Place::FrontMatter {
        for payload in payloads {
            text.push_str(payload);
            text.push('\n');
        }
    }
    text.push_str(&format!("---\n# {title}\n\n{}\n\n", lead(id)));
    let blocks = |text: &mut String| {
        for payload in payloads {
            text.push_str(payload);
            text.push_str("\n\n");
        }
    };
    if place == Place::Lead {
        blocks(&mut text);
    }
    text.push_str("## Snapshot\n\n- Field: security\n");
    if place == Place::Snapshot {
        for payload in payloads {
            text.push_str(&format!("- {payload}\n"));
        }
    }
    text.push_str("\n## Definition\n\n");
    if place == Place::Body {
        blocks(&mut text);
    }
    text.push_str("Plain text.\n\n");
    if place == Place::Heading {
        for payload in payloads {
            text.push_str(&format!("## {payload}\n\nUnder a hostile heading.\n\n"));
        }
    }
    text.push_str(&format!("## Related Pages\n\n- [[Kaiming He]]\n\n## Sources\n\n- {SENTINEL}\n"));
    text
}
