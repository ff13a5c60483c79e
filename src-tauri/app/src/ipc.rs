//! The types that cross IPC, defined once here and generated for TypeScript
//! (`ui/src/ipc/bindings/`, by `cargo bindings`; a test fails when the
//! committed files are stale).
//!
//! Core's own types that cross as they are (`Severity`, `FileChange`,
//! `ChangeOp`, `SectionStatus`) derive `TS` through quire-core's `ts`
//! feature: no mirror of them here, so the UI and core use the same words.
//!
//! Positions are converted here, once: the UI gets UTF-16 offsets for
//! CodeMirror alongside 1-based lines and columns; it never does byte math.

use quire_core::{ChangeOp, Diagnostic, FileChange, SectionStatus, Severity};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An error the UI can branch on: `code` is stable, `message` is for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure: the UI branches on it (exhaustively: a new
    /// code fails `npm run check` until the UI says what it does with it).
    pub code: ErrorCode,
    /// What went wrong, naming the file.
    pub message: String,
}

impl IpcError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError { code, message: message.into() }
    }
}

/// The codes of [`IpcError`], sent in kebab-case (`not-found`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The id is not a path of an entry inside the wiki.
    InvalidId,
    /// No such entry, revision or section.
    NotFound,
    /// Reading or writing failed.
    Io,
    /// No wiki is open, or the folder is not one.
    NoWiki,
    /// The name or file is taken.
    Exists,
    /// A link the app will not open.
    InvalidUrl,
    /// The wiki is not in a git repository: history and diffs are unavailable, the rest works.
    NoGit,
    /// git failed.
    Git,
    /// The `git` program is not installed.
    NoGitProgram,
    /// git does not know who the user is.
    NoIdentity,
    /// The repository has no commit yet.
    NoCommits,
    /// The staged entries have errors.
    Blocked,
    /// Nothing is staged.
    NothingStaged,
    /// A commit or staging is already running.
    Busy,
    /// The commit message is empty.
    EmptyMessage,
    /// git refused the commit (a hook, for instance).
    CommitFailed,
    /// The title cannot name an entry.
    InvalidTitle,
    /// A file changed on disk meanwhile.
    Changed,
    /// The schema defines no such kind.
    UnknownKind,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The repository has no remote to sync with.
    NoRemote,
    /// No branch is checked out.
    DetachedHead,
    /// The remote cannot be reached.
    Offline,
    /// The remote refused the credentials.
    Authentication,
    /// The remote has no such repository.
    RemoteMissing,
    /// The remote refused the push (a protected branch, a server hook).
    PushRefused,
    /// Others kept pushing: every push attempt was rejected as behind.
    StillBehind,
    /// Changes are staged: commit them before syncing.
    StagedChanges,
    /// Edited files would be overwritten by what comes in.
    LocalChanges,
    /// A merge or rebase is in progress.
    InProgress,
    /// Conflict markers remain in files.
    ConflictsRemain,
    /// No sync is in progress to continue or abort.
    NothingInProgress,
}

impl ErrorCode {
    /// The code as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidId => "invalid-id",
            ErrorCode::NotFound => "not-found",
            ErrorCode::Io => "io",
            ErrorCode::NoWiki => "no-wiki",
            ErrorCode::Exists => "exists",
            ErrorCode::InvalidUrl => "invalid-url",
            ErrorCode::NoGit => "no-git",
            ErrorCode::Git => "git",
            ErrorCode::NoGitProgram => "no-git-program",
            ErrorCode::NoIdentity => "no-identity",
            ErrorCode::NoCommits => "no-commits",
            ErrorCode::Blocked => "blocked",
            ErrorCode::NothingStaged => "nothing-staged",
            ErrorCode::Busy => "busy",
            ErrorCode::EmptyMessage => "empty-message",
            ErrorCode::CommitFailed => "commit-failed",
            ErrorCode::InvalidTitle => "invalid-title",
            ErrorCode::Changed => "changed",
            ErrorCode::UnknownKind => "unknown-kind",
            ErrorCode::NotUtf8 => "not-utf8",
            ErrorCode::NoRemote => "no-remote",
            ErrorCode::DetachedHead => "detached-head",
            ErrorCode::Offline => "offline",
            ErrorCode::Authentication => "authentication",
            ErrorCode::RemoteMissing => "remote-missing",
            ErrorCode::PushRefused => "push-refused",
            ErrorCode::StillBehind => "still-behind",
            ErrorCode::StagedChanges => "staged-changes",
            ErrorCode::LocalChanges => "local-changes",
            ErrorCode::InProgress => "in-progress",
            ErrorCode::ConflictsRemain => "conflicts-remain",
            ErrorCode::NothingInProgress => "nothing-in-progress",
        }
    }
}

// Tests compare codes with their wire spelling.
#[cfg(test)]
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A diagnostic with positions ready for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// The entry id (or `wiki.toml`).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end, in characters.
    pub end_column: u32,
    /// UTF-16 offset of the start in the entry's text (after any BOM);
    /// `null` in the wiki-wide list, whose entries' texts are not at hand
    /// (the line and column place it there).
    pub from: Option<u32>,
    /// UTF-16 offset of the end; `null` when `from` is.
    pub to: Option<u32>,
    /// How much it matters.
    pub level: Severity,
    /// The rule code, such as `broken-link`.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// One part of the outline: the lead or an H2 section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutlinePart {
    /// The section heading; `null` for the lead.
    pub heading: Option<String>,
    /// The heading's anchor, as its rendered heading's `data-anchor` and a
    /// link's `data-anchor` name it (quire-core's `anchor_slug`); `null`
    /// for the lead. The UI never slugs a heading itself.
    pub anchor: Option<String>,
    /// UTF-16 offset where the part starts (its heading line, for sections).
    pub from: u32,
    /// UTF-16 offset where its body starts (after the heading line).
    pub body_from: u32,
    /// UTF-16 offset where it ends.
    pub to: u32,
    /// 1-based line of the part's start.
    pub line: u32,
}

/// One rendered part of the page (title and lead, or a section).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PagePart {
    /// The section heading; `null` for the title and lead.
    pub heading: Option<String>,
    /// 1-based source line of the part.
    pub line: u32,
    /// Sanitized HTML; `null` when the caller said it shows a part with
    /// this hash already (`analyze_entry`'s `shown`).
    pub html: Option<String>,
    /// Changes when `html` changes.
    pub hash: String,
}

/// A link to another entry, for lists such as backlinks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntryRef {
    /// The entry id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// What the app knows of an entry's current text: outline, problems,
/// rendered page. Recomputed as the user types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Analysis {
    /// The entry's title, when it has one.
    pub title: Option<String>,
    /// Lead and sections, in order.
    pub outline: Vec<OutlinePart>,
    /// Problems, sorted by position.
    pub problems: Vec<Problem>,
    /// The rendered page, part by part.
    pub page: Vec<PagePart>,
    /// Entries that link here.
    pub backlinks: Vec<EntryRef>,
    /// Sections the entry's kind requires that it lacks, in the kind's order.
    pub missing_sections: Vec<String>,
}

/// An entry as loaded from disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntryView {
    /// The entry id.
    pub id: String,
    /// The file's text (a BOM is kept aside and restored on save).
    pub text: String,
    /// The hash of the bytes on disk, to detect changes made elsewhere.
    pub hash: String,
    /// Outline, problems and page of `text`.
    pub analysis: Analysis,
}

/// One entry in the sidebar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntryInfo {
    /// The entry id (path under the wiki root).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Its kind, as named in front matter or by the schema's default.
    pub kind: Option<String>,
    /// `draft`, `review` or `published`, when set.
    pub status: Option<String>,
    /// How many error diagnostics it has.
    pub errors: u32,
    /// How many warnings.
    pub warnings: u32,
}

/// A kind of entry from the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KindInfo {
    /// Its name.
    pub name: String,
    /// One line for people choosing a kind.
    pub description: String,
}

/// The open wiki.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WikiView {
    /// The wiki folder.
    pub root: String,
    /// Every entry, sorted by title.
    pub entries: Vec<EntryInfo>,
    /// The kinds the schema defines.
    pub kinds: Vec<KindInfo>,
    /// Problems with files that could not be read and with `wiki.toml`.
    pub file_problems: Vec<Problem>,
    /// Titles that are linked to but do not exist, most wanted first.
    pub wanted: Vec<String>,
    /// Changes across many files (a rename) that a process killed midway
    /// left unfinished, and that were completed or undone when the wiki
    /// was opened, in words: the window says so once.
    pub recovered: Vec<String>,
}

/// The result of a save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum SaveOutcome {
    /// Written; the file now has `hash`.
    Saved {
        /// The hash of the bytes now on disk.
        hash: String,
    },
    /// Not written: the file changed on disk since it was loaded.
    Conflict {
        /// What is on disk now; `null` when the file was deleted.
        disk_text: Option<String>,
        /// Its hash.
        disk_hash: Option<String>,
    },
}

/// What changed in the wiki folder, as the watcher saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WikiChanged {
    /// Entries created or changed by someone else.
    pub changed: Vec<String>,
    /// Entries deleted.
    pub removed: Vec<String>,
    /// Whether the whole wiki was rescanned (after an overflow or error).
    pub rescanned: bool,
    /// A message for the user, such as the switch to polling.
    pub notice: Option<String>,
}

impl WikiChanged {
    /// Nothing changed; `message` is for the user.
    pub fn notice(message: String) -> WikiChanged {
        WikiChanged { changed: Vec::new(), removed: Vec::new(), rescanned: false, notice: Some(message) }
    }
}

/// What the window shows first, in one answer (`start_up`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StartUp {
    /// The entry list.
    pub wiki: WikiView,
    /// Edits an earlier run left unsaved.
    pub drafts: Vec<UnsavedEdit>,
    /// The entry to start with, loaded: the first draft's entry that is
    /// still in the wiki, else the first entry by title; `null` when the
    /// wiki is empty or that entry could not be loaded (the window then
    /// opens it the usual way, which says why).
    pub entry: Option<EntryView>,
}

/// Unsaved edits found in the crash journal, offered back after a restart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnsavedEdit {
    /// The entry id.
    pub id: String,
    /// Its title as the index knows it (the id when it is not in the wiki).
    pub title: String,
    /// The editor's text when it was recorded (LF, no BOM).
    pub text: String,
    /// The hash of the file the edits were based on.
    pub base_hash: Option<String>,
    /// The hash of the file on disk now; `null` when it is gone.
    pub disk_hash: Option<String>,
    /// When it was recorded, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub saved_at_unix_ms: u64,
}

/// The result of merging the editor's text with a changed file on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeResult {
    /// Whether both sides merged without overlapping.
    pub clean: bool,
    /// The merged text (with `<<<<<<< yours` … `>>>>>>> on disk` blocks when not clean).
    pub text: String,
    /// How many conflict blocks `text` holds.
    pub conflicts: u32,
    /// The parts the disk's version changed: section headings, `null` for the lead
    /// (front matter and title count as the lead).
    pub disk_changed: Vec<Option<String>>,
}

/// Which version of an entry to read, for history and diffs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VersionSpec {
    /// A commit (a hash, `HEAD`, `HEAD~1`, a branch).
    Revision {
        /// As `git rev-parse` reads it.
        revision: String,
    },
    /// The file on disk, or the editor's text when the command is given one.
    WorkingCopy,
}

/// A commit that touched an entry (newest first in a history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryItem {
    /// The full commit hash.
    pub id: String,
    /// Its first seven characters.
    pub short_id: String,
    /// The author's name.
    pub author: String,
    /// When the author made it, seconds since 1970 (UTC).
    #[ts(type = "number")]
    pub time: i64,
    /// The same, ISO 8601 in the author's time zone.
    pub date: String,
    /// The first line of the message.
    pub summary: String,
    /// What the commit did to the entry.
    pub change: FileChange,
    /// The entry's id in that commit (it differs after a rename).
    pub path: String,
}

/// A piece of a section's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffChange {
    /// Equal, inserted or deleted.
    pub op: ChangeOp,
    /// The text exactly as in the entry.
    pub text: String,
    /// Whether this piece is a paragraph that moved to or from another section.
    pub moved: bool,
}

/// One section across the two versions of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffSection {
    /// Heading in the old version; `null` for the lead or an added section.
    pub old_heading: Option<String>,
    /// Heading in the new version; `null` for the lead or a removed section.
    pub new_heading: Option<String>,
    /// Position in the old version (0 the lead); `null` when added.
    pub old_index: Option<u32>,
    /// Position in the new version; `null` when removed.
    pub new_index: Option<u32>,
    /// What happened to the section.
    pub status: SectionStatus,
    /// The section's text as equal, deleted and inserted pieces.
    pub changes: Vec<DiffChange>,
    /// The old version rendered (sanitized HTML), deletions in `<del>`;
    /// `null` when the section is not in the old version or could not be placed.
    pub old_html: Option<String>,
    /// The new version rendered, insertions in `<ins>`.
    pub new_html: Option<String>,
    /// Both in one page: deletions in `<del>`, insertions in `<ins>`.
    pub inline_html: Option<String>,
}

/// The diff of two versions of one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffView {
    /// The entry id.
    pub id: String,
    /// The old side, for people (`a1b2c3d`, `working copy`).
    pub old_label: String,
    /// The new side.
    pub new_label: String,
    /// One line: "Definition modified · Sources +2 −1"; "no changes".
    pub summary: String,
    /// Whether the two versions have the same text.
    pub unchanged: bool,
    /// Every section of both versions, in the new order.
    pub sections: Vec<DiffSection>,
}

/// An entry that differs between two versions, with its diff summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangedEntryView {
    /// The entry id (in the new version; the old one when removed).
    pub id: String,
    /// Its title in the new version (the old one when removed; the id without one).
    pub title: String,
    /// What the change does to the entry.
    pub change: FileChange,
    /// For a rename: the id before.
    pub previous_id: Option<String>,
    /// What changed inside, in one line.
    pub summary: String,
}

/// How much of an entry's change is in git's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Staging {
    /// All of it: the index holds what the working copy holds.
    Staged,
    /// None of it: the index holds what `HEAD` holds.
    Unstaged,
    /// Something else (part of it staged, or a staged version the file no longer has).
    Partial,
}

/// One changed entry of the Commit view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommitEntry {
    /// The entry id (the old one when deleted).
    pub id: String,
    /// For a rename: the id before.
    pub previous_id: Option<String>,
    /// Its title (the old one when deleted).
    pub title: String,
    /// What the change does.
    pub change: FileChange,
    /// What changed inside, in one line (as Review changes says it).
    pub summary: String,
    /// Whether the change is staged.
    pub staging: Staging,
    /// The problems of the entry as saved (the working copy), sorted by position.
    pub problems: Vec<Problem>,
}

/// An entry that did not change but whose problems the changes alter (a
/// deleted entry's backlinks), or `wiki.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AffectedEntry {
    /// The entry id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its problems (the working copy), sorted by position.
    pub problems: Vec<Problem>,
}

/// The Commit view: what would be committed, and whether it may be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommitView {
    /// Every entry that differs from `HEAD` (in the working copy or the index), sorted by id.
    pub entries: Vec<CommitEntry>,
    /// Unchanged entries whose problems the changes can alter, with problems.
    pub affected: Vec<AffectedEntry>,
    /// The errors of the staged version of the wiki (as `quire validate
    /// --staged` finds them, line numbers in the staged text): the commit is
    /// blocked while there are any.
    pub blocking: Vec<Problem>,
    /// Staged files that are not entries of this wiki; the commit takes them too.
    pub other_staged: Vec<String>,
    /// Whether anything at all is staged.
    pub anything_staged: bool,
    /// `Name <email>` as the commit will carry it; `null` when git does not know who the user is.
    pub identity: Option<String>,
}

/// A commit just made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommitDone {
    /// The full commit hash.
    pub id: String,
    /// Its first seven characters.
    pub short_id: String,
    /// The first line of the message.
    pub summary: String,
}

/// A git operation left in progress in the clone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SyncOperation {
    /// A merge (`MERGE_HEAD` exists).
    Merge,
    /// A rebase.
    Rebase,
}

/// Where the clone stands against its remote, for the top bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatusView {
    /// The checked-out branch; `null` when `HEAD` is detached.
    pub branch: Option<String>,
    /// The remote, such as `origin`; `null` without one.
    pub remote: Option<String>,
    /// The remote-tracking branch, such as `origin/main`, once it exists.
    pub upstream: Option<String>,
    /// Commits here and not upstream.
    pub ahead: u32,
    /// Commits upstream and not here, as of the last fetch.
    pub behind: u32,
    /// When the clone last fetched, milliseconds since 1970; `null` never.
    #[ts(type = "number | null")]
    pub fetched_at: Option<i64>,
    /// A merge or rebase left in progress.
    pub in_progress: Option<SyncOperation>,
    /// A sync stopped before it finished or was aborted (a crash, or conflicts).
    pub interrupted: bool,
    /// Whether a sync or fetch is running now.
    pub running: bool,
    /// The `quire` program git runs as the merge driver; `null` when none
    /// was found (git's line merge is used).
    pub merge_driver: Option<String>,
}

/// A commit that comes in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncomingCommitView {
    /// The full commit hash.
    pub id: String,
    /// Its first seven characters.
    pub short_id: String,
    /// The author's name.
    pub author: String,
    /// When the author made it, seconds since 1970 (UTC).
    #[ts(type = "number")]
    pub time: i64,
    /// The first line of the message.
    pub summary: String,
}

/// What the next sync brings in, as of the last fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncomingView {
    /// The remote-tracking branch; `null` before it exists.
    pub upstream: Option<String>,
    /// Where `HEAD` and the upstream parted: the old side of each entry's diff.
    pub base: Option<String>,
    /// The commits, oldest first.
    pub commits: Vec<IncomingCommitView>,
    /// Each entry they change, with its section summary.
    pub entries: Vec<ChangedEntryView>,
}

/// Progress of a sync step, from git's `--progress`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    /// `commit`, `fetch`, `integrate`, `validate` or `push`.
    pub step: String,
    /// What git is doing, such as `Receiving objects`.
    pub phase: String,
    /// How far, when git says.
    pub percent: Option<u8>,
}

/// An entry (or other file) with conflicts, and the sections holding them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncConflict {
    /// The entry id; the path from the repository's top for a file outside the wiki.
    pub id: String,
    /// Whether `id` is an entry of the wiki.
    pub entry: bool,
    /// The sections with conflicts (`lead` before the first heading).
    pub sections: Vec<String>,
}

/// How a sync ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SyncEnd {
    /// Nothing came in and nothing was to push.
    UpToDate,
    /// What came in is integrated and ours is pushed.
    Synced,
    /// The merge stopped on conflicts: the Resolve view.
    Conflicts,
    /// The merge is clean but has errors; left uncommitted.
    Invalid,
}

/// What a sync did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncResult {
    /// How it ended.
    pub end: SyncEnd,
    /// How many commits came in.
    pub incoming: u32,
    /// How many commits were pushed.
    pub pushed: u32,
    /// Files with conflicts (`conflicts`).
    pub conflicts: Vec<SyncConflict>,
    /// Errors in the merged wiki (`invalid`), one line each: `path:line: message`.
    pub problems: Vec<String>,
}

/// The app's sync settings, kept in its configuration folder (not the wiki).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SyncSettings {
    /// Minutes between background fetches; 0 turns them off.
    pub fetch_minutes: u32,
    /// Fetch in the background on a metered network too.
    pub fetch_when_metered: bool,
    /// Rebase onto what comes in instead of merging it.
    pub rebase: bool,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings { fetch_minutes: 5, fetch_when_metered: false, rebase: false }
    }
}

/// Git asks for a credential (the `askpass` event); the dialog answers with its `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AskpassQuestion {
    /// Its number, for the answer.
    #[ts(type = "number")]
    pub id: u64,
    /// What git asks, such as `Password for 'https://ada@example.org':`.
    pub prompt: String,
}

/// What renaming an entry did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenameResult {
    /// The entry's id before.
    pub old_id: String,
    /// Its id now (the same when the file name did not change).
    pub new_id: String,
    /// The title now.
    pub new_title: String,
    /// Every other entry whose links were rewritten.
    pub rewritten: Vec<String>,
    /// How many links were rewritten in all.
    pub links: u32,
    /// Whether the old title became an alias.
    pub alias_added: bool,
    /// Entries holding links to it that could not be rewritten
    /// (reference-style Markdown links, whose destination is elsewhere).
    pub left_alone: Vec<String>,
}

/// Converts byte offsets of one text to UTF-16 offsets, in any order, each
/// in time bounded by a small block: ASCII text needs no conversion, and
/// other text gets a checkpoint every [`CHECKPOINT_BYTES`] bytes, made in one
/// pass on first use. (Counting on from the last offset asked restarted
/// from the text's start whenever a query went backwards, as nested
/// problems' spans do: quadratic on many of them.)
pub(crate) struct Utf16Offsets<'a> {
    text: &'a str,
    /// Whether every byte is ASCII: then a byte offset is its UTF-16 offset.
    ascii: bool,
    /// (byte offset, UTF-16 offset) at char boundaries, about every
    /// [`CHECKPOINT_BYTES`] bytes from 0; empty until needed.
    checkpoints: std::cell::OnceCell<Vec<(usize, u32)>>,
}

const CHECKPOINT_BYTES: usize = 256;

impl<'a> Utf16Offsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Utf16Offsets { text, ascii: text.is_ascii(), checkpoints: std::cell::OnceCell::new() }
    }

    /// The UTF-16 offset of byte `offset` (clamped to a char boundary).
    pub(crate) fn at(&self, offset: usize) -> u32 {
        let mut offset = offset.min(self.text.len());
        if self.ascii {
            return offset as u32;
        }
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut checkpoints = vec![(0, 0)];
            let (mut units, mut next) = (0u32, CHECKPOINT_BYTES);
            for (byte, character) in self.text.char_indices() {
                if byte >= next {
                    checkpoints.push((byte, units));
                    next = byte + CHECKPOINT_BYTES;
                }
                units += character.len_utf16() as u32;
            }
            checkpoints
        });
        let index = checkpoints.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (from, units) = checkpoints[index];
        units + self.text[from..offset].encode_utf16().count() as u32
    }
}

/// A diagnostic as a [`Problem`], its offsets counted in the text of its
/// entry (`None` for a file without text: offsets 0).
pub(crate) fn problem(diagnostic: &Diagnostic, offsets: Option<&Utf16Offsets<'_>>) -> Problem {
    let (from, to) = match offsets {
        Some(offsets) => (Some(offsets.at(diagnostic.span.start)), Some(offsets.at(diagnostic.span.end))),
        None => (None, None),
    };
    Problem {
        path: diagnostic.path.clone(),
        line: diagnostic.line as u32,
        column: diagnostic.column as u32,
        end_line: diagnostic.end_line as u32,
        end_column: diagnostic.end_column as u32,
        from,
        to,
        level: diagnostic.severity,
        code: diagnostic.code.to_owned(),
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Offsets asked in any order (nested problems go backwards) agree with
    // counting from the start every time.
    #[test]
    fn utf16_offsets_in_any_order() {
        let text = "é😀a\n".repeat(300) + &"x".repeat(700) + "ß";
        let offsets = Utf16Offsets::new(&text);
        let mut queries: Vec<usize> = (0..=text.len()).step_by(7).collect();
        queries.extend((0..=text.len()).rev().step_by(13));
        for offset in queries {
            let mut boundary = offset.min(text.len());
            while !text.is_char_boundary(boundary) {
                boundary -= 1;
            }
            assert_eq!(offsets.at(offset), text[..boundary].encode_utf16().count() as u32, "{offset}");
        }
        assert_eq!(Utf16Offsets::new("plain").at(3), 3);
    }

    // CodeMirror counts UTF-16 units; emoji and accents must not shift carets.
    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "é😀x";
        let offsets = Utf16Offsets::new(text);
        assert_eq!(offsets.at(0), 0);
        assert_eq!(offsets.at(2), 1);
        assert_eq!(offsets.at(6), 3);
        assert_eq!(offsets.at(7), 4);
        assert_eq!(offsets.at(4), 1, "inside the emoji clamps back");
        assert_eq!(offsets.at(99), 4, "past the end clamps to the end");
        assert_eq!(offsets.at(0), 0, "asking backwards starts over");
    }

    // Any order of questions gives the answers of a fresh count.
    #[test]
    fn utf16_offsets_agree_with_a_fresh_count_in_any_order() {
        let text = "aé😀b\nçd😀😀e";
        let offsets = Utf16Offsets::new(text);
        for offset in [5, 2, 9, 9, 0, 14, 3, 20, 7] {
            let mut boundary = offset.min(text.len());
            while !text.is_char_boundary(boundary) {
                boundary -= 1;
            }
            assert_eq!(offsets.at(offset), text[..boundary].encode_utf16().count() as u32, "at {offset}");
        }
    }
}
