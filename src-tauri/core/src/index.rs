//! The wiki index: every entry by title, alias and slug; links, backlinks,
//! wanted (red-linked) names and orphans.
//!
//! Links are stored by the name they use, not by what they resolve to, so
//! adding, changing or removing one entry touches only that entry's own
//! names and links: no other entry is re-read. [`Index::upsert`] and
//! [`Index::remove`] return the entries whose diagnostics may have changed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::entry::{Entry, LinkTarget};
use crate::slug::{anchor_slug, name_key};

/// How a link names its target, normalised for lookups.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKey {
    /// A wiki link's name, lower-cased.
    Name(String),
    /// A relative `.md` link, resolved to an entry id.
    Path(String),
}

/// What the index keeps of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedEntry {
    /// The entry id: its path under the wiki root, `/`-separated.
    pub id: String,
    /// The entry's title (H1, else front matter, else the slug).
    pub title: String,
    /// The front matter `title`, when written. Links resolve by it too, so
    /// an H1 that differs from it is one `title-mismatch`, not a broken link
    /// in every entry that uses the declared title.
    pub front_matter_title: Option<String>,
    /// Front matter aliases.
    pub aliases: Vec<String>,
    /// The file name without `.md`.
    pub slug: String,
    /// The front matter `kind`, if given.
    pub kind: Option<String>,
    /// Lower-cased text of every heading, for `[[Title#Section]]`.
    pub anchors: BTreeSet<String>,
    /// The slug of every heading, for `[[Title#section-slug]]`: kept, not
    /// computed per link, so thousands of links to an entry with thousands of
    /// headings stay linear (R2).
    pub anchor_slugs: BTreeSet<String>,
    /// The distinct targets this entry links to.
    pub links: BTreeSet<LinkKey>,
}

impl IndexedEntry {
    /// Summarises a parsed entry stored at `id`.
    pub fn new(id: &str, entry: &Entry) -> Self {
        let slug = slug_of_id(id).to_owned();
        let front_matter = entry.front_matter().map(|block| &block.fields);
        let links = entry
            .links()
            .iter()
            .filter_map(|link| match &link.target {
                LinkTarget::Wiki { name } if name.is_empty() => None,
                LinkTarget::Wiki { name } => Some(LinkKey::Name(name_key(name))),
                LinkTarget::File { path } => resolve_relative(id, path).map(LinkKey::Path),
            })
            .collect();
        IndexedEntry {
            id: id.to_owned(),
            title: entry.title().map_or_else(|| slug.clone(), str::to_owned),
            front_matter_title: front_matter.and_then(|fields| fields.title.clone()),
            aliases: front_matter.map(|fields| fields.aliases.clone()).unwrap_or_default(),
            kind: front_matter.and_then(|fields| fields.kind.clone()),
            anchors: entry.headings().iter().map(|heading| name_key(&heading.text)).collect(),
            // Of the key, as `anchors` holds it, so both compare the same text.
            anchor_slugs: entry.headings().iter().map(|heading| anchor_slug(&heading.text)).collect(),
            links,
            slug,
        }
    }

    /// Every name that links may use for this entry, lower-cased: its title,
    /// front matter title, aliases and slug.
    pub fn name_keys(&self) -> BTreeSet<String> {
        std::iter::once(&self.title)
            .chain(&self.front_matter_title)
            .chain(&self.aliases)
            .chain(std::iter::once(&self.slug))
            .map(|name| name_key(name))
            .filter(|key| !key.is_empty())
            .collect()
    }

    fn link_keys_to_self(&self) -> impl Iterator<Item = LinkKey> + '_ {
        self.name_keys().into_iter().map(LinkKey::Name).chain(std::iter::once(LinkKey::Path(self.id.clone())))
    }
}

/// Keys here are the wiki's own names and ids, hashed many times per link:
/// a fast hash (still seeded per process) rather than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The index of a whole wiki.
#[derive(Clone, Debug, Default)]
pub struct Index {
    entries: HashMap<String, IndexedEntry>,
    // Ids per name and per link target. Each id appears at most once in a
    // list (an entry's names and links are sets, and upsert removes first),
    // and every id listed is a key of `entries`. Plain vectors of shared ids
    // keep opening a large wiki cheap: one id is listed once per link to it.
    names: HashMap<String, Vec<Arc<str>>>,
    linkers: HashMap<LinkKey, Vec<Arc<str>>>,
    generation: Generation,
}

/// Names one state of an index: a new index or a change to one takes a
/// number never used before in the process, so whatever was computed from
/// an index (a rendered page's links) can tell whether it is still good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Generation(u64);

impl Generation {
    fn next() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Generation(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Default for Generation {
    fn default() -> Self {
        Generation::next()
    }
}

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A number that changes whenever the index changes (and differs
    /// between indexes built apart), for caches of what depends on it.
    pub fn generation(&self) -> u64 {
        self.generation.0
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &IndexedEntry> {
        self.entries.values()
    }

    /// Builds the index of many entries at once, as when a wiki is opened:
    /// the same result as upserting each, without computing what each
    /// insertion affects.
    pub fn from_entries(summaries: impl IntoIterator<Item = IndexedEntry>) -> Self {
        let mut index = Index::new();
        for summary in summaries {
            if index.entries.contains_key(&summary.id) {
                index.upsert(summary);
                continue;
            }
            let id: Arc<str> = Arc::from(summary.id.as_str());
            for key in summary.name_keys() {
                index.names.entry(key).or_default().push(id.clone());
            }
            for link in &summary.links {
                // Most targets are linked from many entries: look up before cloning the key.
                match index.linkers.get_mut(link) {
                    Some(sources) => sources.push(id.clone()),
                    None => {
                        index.linkers.insert(link.clone(), vec![id.clone()]);
                    }
                }
            }
            index.entries.insert(summary.id.clone(), summary);
        }
        index
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&IndexedEntry> {
        self.entries.get(id)
    }

    /// Adds or replaces an entry. Returns the ids whose diagnostics may have
    /// changed: the entry, the entries linking to its old or new names, the
    /// entries sharing those names, and the entries it links to (orphans).
    pub fn upsert(&mut self, summary: IndexedEntry) -> BTreeSet<String> {
        let mut affected = self.remove(&summary.id);
        self.generation = Generation::next();
        let id: Arc<str> = Arc::from(summary.id.as_str());
        for key in summary.name_keys() {
            self.names.entry(key).or_default().push(id.clone());
        }
        for link in &summary.links {
            self.linkers.entry(link.clone()).or_default().push(id.clone());
        }
        affected.extend(self.neighbours(&summary));
        self.entries.insert(summary.id.clone(), summary);
        affected
    }

    /// Removes an entry. Returns the ids whose diagnostics may have changed.
    pub fn remove(&mut self, id: &str) -> BTreeSet<String> {
        let Some(old) = self.entries.remove(id) else { return BTreeSet::new() };
        self.generation = Generation::next();
        for key in old.name_keys() {
            if let Some(ids) = self.names.get_mut(&key) {
                ids.retain(|owner| **owner != *id);
                if ids.is_empty() {
                    self.names.remove(&key);
                }
            }
        }
        for link in &old.links {
            if let Some(sources) = self.linkers.get_mut(link) {
                sources.retain(|source| **source != *id);
                if sources.is_empty() {
                    self.linkers.remove(link);
                }
            }
        }
        let mut affected = self.neighbours(&old);
        affected.remove(id);
        affected
    }

    fn neighbours(&self, summary: &IndexedEntry) -> BTreeSet<String> {
        let mut ids = BTreeSet::from([summary.id.clone()]);
        for key in summary.link_keys_to_self() {
            if let Some(sources) = self.linkers.get(&key) {
                ids.extend(sources.iter().map(|source| source.to_string()));
            }
            if let LinkKey::Name(name) = &key
                && let Some(owners) = self.names.get(name)
            {
                ids.extend(owners.iter().map(|owner| owner.to_string()));
            }
        }
        for link in &summary.links {
            ids.extend(self.resolve_key(link));
        }
        ids.retain(|id| self.entries.contains_key(id) || *id == summary.id);
        ids
    }

    /// The ids a wiki link name resolves to (title, alias or slug, any case).
    /// More than one means the name is ambiguous.
    pub fn resolve_name(&self, name: &str) -> Vec<&IndexedEntry> {
        let mut found: Vec<&IndexedEntry> =
            self.names.get(&name_key(name)).into_iter().flatten().filter_map(|id| self.entries.get(&**id)).collect();
        // Sorted by id, so an ambiguous name resolves the same way every run.
        found.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        found
    }

    fn resolve_key(&self, key: &LinkKey) -> Vec<String> {
        match key {
            LinkKey::Name(name) => self.names.get(name).into_iter().flatten().map(|id| id.to_string()).collect(),
            LinkKey::Path(path) => self.entries.contains_key(path).then(|| path.clone()).into_iter().collect(),
        }
    }

    /// What a link written in entry `from` points at.
    pub fn resolve(&self, from: &str, target: &LinkTarget) -> Vec<&IndexedEntry> {
        match target {
            LinkTarget::Wiki { name } if name.is_empty() => self.entries.get(from).into_iter().collect(),
            LinkTarget::Wiki { name } => self.resolve_name(name),
            LinkTarget::File { path } => {
                resolve_relative(from, path).and_then(|id| self.entries.get(&id)).into_iter().collect()
            }
        }
    }

    /// Whether a link written in entry `from` points at some entry: the same
    /// as `!resolve(from, target).is_empty()`, without collecting them.
    pub fn resolves(&self, from: &str, target: &LinkTarget) -> bool {
        match target {
            LinkTarget::Wiki { name } if name.is_empty() => self.entries.contains_key(from),
            // Every id listed under a name is an entry.
            LinkTarget::Wiki { name } => self.names.contains_key(&name_key(name)),
            LinkTarget::File { path } => resolve_relative(from, path).is_some_and(|id| self.entries.contains_key(&id)),
        }
    }

    /// Whether another entry links to `id`: the same as
    /// `!backlinks(id).is_empty()`, without collecting them.
    pub fn has_backlinks(&self, id: &str) -> bool {
        let Some(entry) = self.entries.get(id) else { return false };
        entry
            .link_keys_to_self()
            .filter_map(|key| self.linkers.get(&key))
            .any(|sources| sources.iter().any(|source| &**source != id))
    }

    /// Entries that link to `id`, other than itself.
    pub fn backlinks(&self, id: &str) -> BTreeSet<&str> {
        let Some(entry) = self.entries.get(id) else { return BTreeSet::new() };
        entry
            .link_keys_to_self()
            .filter_map(|key| self.linkers.get(&key))
            .flatten()
            .map(|source| &**source)
            .filter(|source| *source != id)
            .collect()
    }

    /// Entries that share the name `key` (lower-cased) with others.
    pub fn owners_of(&self, key: &str) -> Vec<&str> {
        let mut owners: Vec<&str> = self.names.get(key).into_iter().flatten().map(|owner| &**owner).collect();
        owners.sort_unstable();
        owners
    }

    /// Names that are linked to but match no entry, with the entries that
    /// link to each: the wiki's wanted pages.
    pub fn wanted(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut wanted = BTreeMap::new();
        for (key, sources) in &self.linkers {
            if let LinkKey::Name(name) = key
                && !self.names.contains_key(name)
            {
                wanted.insert(name.as_str(), sources.iter().map(|source| &**source).collect());
            }
        }
        wanted
    }

    /// Entries no other entry links to.
    pub fn orphans(&self) -> Vec<&str> {
        let mut orphans: Vec<&str> =
            self.entries.keys().filter(|id| self.backlinks(id).is_empty()).map(String::as_str).collect();
        orphans.sort_unstable();
        orphans
    }
}

/// The slug of an entry id: its file name without `.md`.
pub fn slug_of_id(id: &str) -> &str {
    let name = id.rsplit('/').next().unwrap_or(id);
    match name.len().checked_sub(3) {
        Some(stem) if name.is_char_boundary(stem) && name[stem..].eq_ignore_ascii_case(".md") => &name[..stem],
        _ => name,
    }
}

/// Resolves a relative link written in entry `from` to an entry id, or
/// `None` when it leaves the wiki root.
pub fn resolve_relative(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        parts
    };
    for piece in path.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, text: &str) -> IndexedEntry {
        IndexedEntry::new(id, &Entry::parse(text))
    }

    // Links resolve by title, alias or slug, ignoring case, and by relative path.
    #[test]
    fn resolves_names_and_paths() {
        let mut index = Index::new();
        index.upsert(summary("people/kaiming-he.md", "---\naliases: [He Kaiming]\n---\n# Kaiming He\n"));
        index.upsert(summary(
            "imagenet.md",
            "# ImageNet\n[[kaiming he]] [[HE KAIMING]] [[Kaiming-He]] [x](people/kaiming-he.md) [[Nowhere]]\n",
        ));
        for name in ["kaiming he", "He Kaiming", "kaiming-he"] {
            assert_eq!(index.resolve_name(name).len(), 1, "{name}");
        }
        assert_eq!(index.backlinks("people/kaiming-he.md"), BTreeSet::from(["imagenet.md"]));
        assert_eq!(index.wanted().keys().copied().collect::<Vec<_>>(), ["nowhere"]);
        assert_eq!(index.orphans(), ["imagenet.md"]);
    }

    // The checks that do not collect (for validating large wikis) must
    // answer as the collecting ones do.
    #[test]
    fn cheap_checks_agree_with_collecting_ones() {
        let mut index = Index::new();
        index
            .upsert(summary("people/kaiming-he.md", "---\naliases: [He Kaiming]\n---\n# Kaiming He\n[[Kaiming He]]\n"));
        let text = "# ImageNet\n[[ he kaiming ]] [x](people/kaiming-he.md) [y](../out.md) [[Nowhere]] [[#Top]]\n";
        index.upsert(summary("imagenet.md", text));
        for link in Entry::parse(text).links() {
            let collected = !index.resolve("imagenet.md", &link.target).is_empty();
            assert_eq!(index.resolves("imagenet.md", &link.target), collected, "{link:?}");
        }
        for id in ["people/kaiming-he.md", "imagenet.md", "missing.md"] {
            assert_eq!(index.has_backlinks(id), !index.backlinks(id).is_empty(), "{id}");
        }
    }

    // Incremental updates must report who is affected, and leave the same
    // index a fresh build would.
    #[test]
    fn updates_touch_only_dependents() {
        let mut index = Index::new();
        index.upsert(summary("a.md", "# A\n[[B]]\n"));
        index.upsert(summary("c.md", "# C\n"));
        let affected = index.upsert(summary("entry-b.md", "# B\n"));
        assert_eq!(affected, BTreeSet::from(["a.md".to_owned(), "entry-b.md".to_owned()]));
        let affected = index.upsert(summary("entry-b.md", "# Renamed\n"));
        assert!(affected.contains("a.md"), "a's link to B just broke");
        assert!(!affected.contains("c.md"));
        assert_eq!(index.wanted().keys().copied().collect::<Vec<_>>(), ["b"]);
        let affected = index.remove("a.md");
        assert!(affected.is_empty(), "{affected:?}");
        assert!(index.wanted().is_empty());
    }

    #[test]
    fn slugs_drop_the_extension_in_any_case() {
        assert_eq!(slug_of_id("people/Batch-Norm.MD"), "Batch-Norm");
        assert_eq!(slug_of_id("a.md"), "a");
        assert_eq!(slug_of_id("é.md"), "é");
    }

    #[test]
    fn relative_paths_stay_inside_the_root() {
        assert_eq!(resolve_relative("people/a.md", "b.md").as_deref(), Some("people/b.md"));
        assert_eq!(resolve_relative("people/a.md", "../b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve_relative("a.md", "../b.md"), None);
        assert_eq!(resolve_relative("people/a.md", "/org/c.md").as_deref(), Some("org/c.md"));
    }
}
