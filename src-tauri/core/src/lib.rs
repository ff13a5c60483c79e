//! quire-core: the domain of Quire, a desktop editor for a source-disciplined
//! reference wiki.
//!
//! Everything about entries lives here, with no GUI, terminal or async
//! runtime: the desktop app and the `quire` CLI are thin shells over these
//! functions and call the same ones.
//!
//! Invariants the rest of Quire relies on:
//! - Parsing never fails and never panics: [`Entry::parse`] accepts any text,
//!   and what is malformed becomes a [`Diagnostic`] at validation.
//! - An unchanged entry serialises to identical bytes ([`Entry::to_source`]).
//! - One parse of an entry feeds validation, the index and (later) rendering
//!   and diffs.
//! - Spans are UTF-8 byte ranges into [`Entry::text`]; lines and columns are
//!   computed once, in [`LineIndex`].
//! - Content problems are diagnostics; only a wiki that cannot be opened at
//!   all is an error ([`WikiError`]).
#![warn(missing_docs)]

mod changes;
mod date;
mod diagnostic;
mod diff;
mod entry;
mod file_form;
mod fix;
mod folder;
mod front_matter;
mod id;
mod index;
mod intent;
mod journal;
mod locate;
mod markdown;
mod merge;
mod names;
mod rename;
mod render;
mod revisions;
mod schema;
mod slug;
mod store;
mod sync;
mod text;
mod validate;
mod wiki;

pub use changes::{ScopeError, ScopedValidation, validate_changed, validate_staged};
pub use date::Date;
pub use diagnostic::{Diagnostic, Fix, Severity, sort_diagnostics};
pub use diff::{
    Change, ChangeOp, DIFF_FORMAT_VERSION, EntryDiff, FieldChange, FieldChanges, FieldValue, ListChanges,
    ParagraphMove, SectionDiff, SectionStatus, changed_sections, diff_entries, diff_texts, diff_words,
};
pub use entry::{Entry, Heading, Link, LinkTarget, ListItem, Section, markdown_options};
pub use file_form::FileForm;
pub use fix::{AppliedFix, FixReport, SkippedFix, apply_safe_fixes};
pub use front_matter::{FieldSpans, Fields, FrontMatter, FrontMatterProblem, Status};
pub use id::{EntryId, InvalidId};
pub use index::{Index, IndexedEntry, LinkKey, resolve_relative, slug_of_id};
pub use intent::{IntentLog, Recovery, RecoveryOutcome};
pub use journal::{Journal, JournalEntry, data_dir as app_data_dir, private_folder};
pub use locate::{DEFAULT_WIKI_FOLDER, FoundBy, LocateError, WikiLocation, locate_wiki};
pub use markdown::SplitBlock;
pub use merge::{MergeOptions, MergeOutcome, merge_texts, merge3};
pub use names::{NameError, check_new_id, is_reserved_name, new_entry_id};
pub use rename::{RenameError, RenameOutcome, RewrittenFile, rename_entry, renamed_entry_id};
pub use render::{RenderCache, RenderedPage, RenderedPart, escape_html, render_entry, render_entry_cached, sanitize};
pub use revisions::{ChangedEntry, FileChange, Revision, Revisions, RevisionsError, Version};
pub use schema::{Kind, Level, SCHEMA_CODE, SCHEMA_FILE, Schema};
pub use slug::{anchor_slug, slugify};
pub use store::{Loaded, StoreError, content_hash, create_entry, read_entry_file, resolve_entry_path, save_entry};
pub use sync::{
    ConflictedFile, DEFAULT_ATTEMPTS, Incoming, IncomingCommit, MERGE_DRIVER, Operation, Progress, SyncError,
    SyncOptions, SyncOutcome, SyncReport, SyncStatus, SyncStep, abort as abort_sync, add_remote,
    conflicts as sync_conflicts, fetch, incoming as sync_incoming, interrupted as sync_interrupted,
    resume as resume_sync, status as sync_status, sync,
};
pub use text::{LineEnding, LineIndex, Position};
pub use validate::{RuleDoc, rule_doc, rules, validate_entry};
pub use wiki::{Catalog, CheckedFile, Report, Validated, WikiError, validate_files, validate_wiki};
