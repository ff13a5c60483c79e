//! The entry's structure across versions: Snapshot keys, Related Pages,
//! Sources and front matter fields, compared as data rather than text.

use std::collections::HashMap;

use serde::Serialize;

use crate::entry::{Entry, LinkTarget, Section};

/// A field (Snapshot key or front matter field) and its value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldValue {
    /// The key, as written.
    pub key: String,
    /// The value, as written (trimmed).
    pub value: String,
}

/// A field whose value changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The key, as written in the new version.
    pub key: String,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// Fields added, removed and changed, keys compared ignoring case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldChanges {
    /// Only in the new version, in its order.
    pub added: Vec<FieldValue>,
    /// Only in the old version, in its order.
    pub removed: Vec<FieldValue>,
    /// In both, with other values, in the new order.
    pub changed: Vec<FieldChange>,
}

impl FieldChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// "Role changed, Field added, Born removed"; `None` when nothing changed.
    pub fn summary(&self) -> Option<String> {
        let changed = self.changed.iter().map(|field| format!("{} changed", field.key));
        let added = self.added.iter().map(|field| format!("{} added", field.key));
        let removed = self.removed.iter().map(|field| format!("{} removed", field.key));
        let parts: Vec<String> = changed.chain(added).chain(removed).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// Items added and removed (an edited item is one of each).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListChanges {
    /// Only in the new version, in its order.
    pub added: Vec<String>,
    /// Only in the old version, in its order.
    pub removed: Vec<String>,
}

impl ListChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Snapshot items that read `Key: value` (others are left to the section's
/// word diff; validation reports them).
pub(super) fn snapshot(old: &Entry, new: &Entry) -> FieldChanges {
    let fields = |entry: &Entry| -> Vec<FieldValue> {
        let Some(section) = entry.section("Snapshot") else { return Vec::new() };
        section
            .items
            .iter()
            .filter_map(|item| {
                let (key, value) = entry.text()[item.content_span.clone()].split_once(':')?;
                Some(FieldValue { key: key.trim().to_owned(), value: collapse_space(value) })
            })
            .collect()
    };
    field_changes(fields(old), fields(new))
}

/// Related Pages, by the title (or path) each item links to; an item with
/// no link by its text. Titles are compared ignoring case, as links resolve.
pub(super) fn related(old: &Entry, new: &Entry) -> ListChanges {
    let names = |entry: &Entry| -> Vec<String> {
        items(entry, "Related Pages")
            .flat_map(|item| {
                let links: Vec<String> = item
                    .links
                    .iter()
                    .filter_map(|&index| entry.links().get(index))
                    .map(|link| match &link.target {
                        LinkTarget::Wiki { name } => name.clone(),
                        LinkTarget::File { path } => path.clone(),
                    })
                    .collect();
                if links.is_empty() { vec![item.text.clone()] } else { links }
            })
            .collect()
    };
    list_changes(names(old), names(new), |name| name.trim().to_lowercase())
}

/// Sources, as written (runs of white space read as one space).
pub(super) fn sources(old: &Entry, new: &Entry) -> ListChanges {
    let sources = |entry: &Entry| -> Vec<String> {
        items(entry, "Sources").map(|item| collapse_space(&entry.text()[item.content_span.clone()])).collect()
    };
    list_changes(sources(old), sources(new), str::to_owned)
}

/// Front matter fields: each top-level `key:` line with the indented or
/// list lines under it. Read from the text, so a block that is not valid
/// YAML still shows which fields changed.
pub(super) fn front_matter(old: &Entry, new: &Entry) -> FieldChanges {
    let fields = |entry: &Entry| -> Vec<FieldValue> {
        let Some(block) = entry.front_matter() else { return Vec::new() };
        let mut fields: Vec<FieldValue> = Vec::new();
        for line in entry.text()[block.yaml.clone()].lines() {
            let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
            match (continues, line.split_once(':'), fields.last_mut()) {
                (false, Some((key, value)), _) if !key.trim_start().starts_with('#') => {
                    fields.push(FieldValue { key: key.trim().to_owned(), value: value.trim().to_owned() })
                }
                (true, _, Some(field)) if !line.trim().is_empty() => {
                    if !field.value.is_empty() {
                        field.value.push('\n');
                    }
                    field.value.push_str(line.trim());
                }
                _ => {}
            }
        }
        fields
    };
    field_changes(fields(old), fields(new))
}

fn items<'a>(entry: &'a Entry, heading: &str) -> impl Iterator<Item = &'a crate::entry::ListItem> {
    entry.section(heading).into_iter().flat_map(|section: &Section| section.items.iter())
}

fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pairs fields by key (the n-th of a key with the n-th).
fn field_changes(old: Vec<FieldValue>, new: Vec<FieldValue>) -> FieldChanges {
    let mut old_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, field) in old.iter().enumerate().rev() {
        old_by_key.entry(field.key.to_lowercase()).or_default().push(index);
    }
    let mut paired = vec![false; old.len()];
    let mut changes = FieldChanges::default();
    for field in new {
        match old_by_key.get_mut(&field.key.to_lowercase()).and_then(Vec::pop) {
            Some(index) => {
                paired[index] = true;
                if old[index].value != field.value {
                    changes.changed.push(FieldChange {
                        key: field.key,
                        old: old[index].value.clone(),
                        new: field.value,
                    });
                }
            }
            None => changes.added.push(field),
        }
    }
    changes.removed = old.into_iter().zip(paired).filter(|(_, paired)| !paired).map(|(field, _)| field).collect();
    changes
}

/// Multiset difference: what each side has more of, by `key`.
fn list_changes(old: Vec<String>, new: Vec<String>, key: impl Fn(&str) -> String) -> ListChanges {
    let only_in = |these: &[String], those: &[String]| -> Vec<String> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for item in those {
            *counts.entry(key(item)).or_default() += 1;
        }
        these
            .iter()
            .filter(|item| match counts.get_mut(&key(item)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect()
    };
    ListChanges { added: only_in(&new, &old), removed: only_in(&old, &new) }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Front matter is read per field, list values included, even when the
    // YAML is not valid.
    #[test]
    fn front_matter_fields_per_key() {
        let old = Entry::parse("---\ntitle: T\naliases:\n  - A\nstatus: draft\n---\n# T\n");
        let new = Entry::parse("---\ntitle: T\naliases:\n  - A\n  - B\nreviewed: [unclosed\n---\n# T\n");
        let changes = front_matter(&old, &new);
        assert_eq!(changes.changed, [FieldChange { key: "aliases".into(), old: "- A".into(), new: "- A\n- B".into() }]);
        assert_eq!(changes.added, [FieldValue { key: "reviewed".into(), value: "[unclosed".into() }]);
        assert_eq!(changes.removed, [FieldValue { key: "status".into(), value: "draft".into() }]);
    }

    // Links resolve ignoring case, so `[[imagenet]]` for `[[ImageNet]]` is no change.
    #[test]
    fn related_pages_by_linked_title() {
        let old = Entry::parse("# T\n## Related Pages\n- [[ImageNet]]\n- [[A|shown]]\n");
        let new = Entry::parse("# T\n## Related Pages\n- [[imagenet]]\n- [[B]]\n- plain text\n");
        assert_eq!(
            related(&old, &new),
            ListChanges { added: vec!["B".into(), "plain text".into()], removed: vec!["A".into()] }
        );
    }
}
