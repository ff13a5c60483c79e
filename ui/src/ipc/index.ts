// The one door to the backend: the only module that imports @tauri-apps/api.
// One typed function per command in src-tauri/app/src/commands.rs; the wire
// types are the ts-rs bindings generated from src-tauri/app/src/ipc.rs and
// re-exported here so the rest of the UI never names a Tauri module.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";

import { trace } from "./trace";

import type { AffectedEntry } from "./bindings/AffectedEntry";
import type { AskpassQuestion } from "./bindings/AskpassQuestion";
import type { Analysis as WireAnalysis } from "./bindings/Analysis";
import type { ChangedEntryView } from "./bindings/ChangedEntryView";
import type { ChangeOp } from "./bindings/ChangeOp";
import type { CommitDone } from "./bindings/CommitDone";
import type { CommitEntry } from "./bindings/CommitEntry";
import type { CommitView } from "./bindings/CommitView";
import type { DiffChange } from "./bindings/DiffChange";
import type { DiffSection } from "./bindings/DiffSection";
import type { DiffView } from "./bindings/DiffView";
import type { EntryInfo } from "./bindings/EntryInfo";
import type { EntryRef } from "./bindings/EntryRef";
import type { EntryView as WireEntryView } from "./bindings/EntryView";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { FileChange } from "./bindings/FileChange";
import type { HistoryItem } from "./bindings/HistoryItem";
import type { IncomingCommitView } from "./bindings/IncomingCommitView";
import type { IncomingView } from "./bindings/IncomingView";
import type { IpcError } from "./bindings/IpcError";
import type { KindInfo } from "./bindings/KindInfo";
import type { MergeResult } from "./bindings/MergeResult";
import type { OutlinePart } from "./bindings/OutlinePart";
import type { PagePart } from "./bindings/PagePart";
import type { Problem } from "./bindings/Problem";
import type { RenameResult } from "./bindings/RenameResult";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SectionStatus } from "./bindings/SectionStatus";
import type { Severity } from "./bindings/Severity";
import type { Staging } from "./bindings/Staging";
import type { StartUp as WireStartUp } from "./bindings/StartUp";
import type { SyncConflict } from "./bindings/SyncConflict";
import type { SyncEnd } from "./bindings/SyncEnd";
import type { SyncOperation } from "./bindings/SyncOperation";
import type { SyncProgress } from "./bindings/SyncProgress";
import type { SyncResult } from "./bindings/SyncResult";
import type { SyncSettings } from "./bindings/SyncSettings";
import type { SyncStatusView } from "./bindings/SyncStatusView";
import type { UnsavedEdit } from "./bindings/UnsavedEdit";
import type { VersionSpec } from "./bindings/VersionSpec";
import type { WikiChanged } from "./bindings/WikiChanged";
import type { WikiView } from "./bindings/WikiView";

export type {
  AffectedEntry,
  AskpassQuestion,
  ChangedEntryView,
  ChangeOp,
  CommitDone,
  CommitEntry,
  CommitView,
  DiffChange,
  DiffSection,
  DiffView,
  EntryInfo,
  EntryRef,
  ErrorCode,
  FileChange,
  HistoryItem,
  IncomingCommitView,
  IncomingView,
  IpcError,
  KindInfo,
  MergeResult,
  OutlinePart,
  PagePart,
  Problem,
  RenameResult,
  SaveOutcome,
  SectionStatus,
  Severity,
  Staging,
  SyncConflict,
  SyncEnd,
  SyncOperation,
  SyncProgress,
  SyncResult,
  SyncSettings,
  SyncStatusView,
  UnsavedEdit,
  VersionSpec,
  WikiChanged,
  WikiView,
};

/** A page part as the preview shows it: always with its HTML. */
export type ShownPart = Omit<PagePart, "html"> & { html: string };
/** An analysis whose page parts all have their HTML (the wire may leave out what the preview has). */
export type Analysis = Omit<WireAnalysis, "page"> & { page: ShownPart[] };
/** An entry as loaded, its analysis complete. */
export type EntryView = Omit<WireEntryView, "analysis"> & { analysis: Analysis };

/** The event the backend emits when files change outside the app (lib.rs `WIKI_CHANGED`). */
export const WIKI_CHANGED = "wiki-changed";
/** The event the File menu's "Open Wiki Folder…" emits (lib.rs `OPEN_WIKI_REQUESTED`). */
export const OPEN_WIKI_REQUESTED = "open-wiki-requested";

/** The event carrying a sync's progress (src-tauri/app/src/sync.rs `SYNC_PROGRESS`). */
export const SYNC_PROGRESS = "sync-progress";

/** The open wiki: entries, kinds, file problems, wanted pages. */
export function wikiView(): Promise<WikiView> {
  return invoke<WikiView>("wiki_view");
}

/** Reads an entry from disk: LF text without BOM, its hash and its analysis. */
export async function loadEntry(id: string): Promise<EntryView> {
  return complete(await invoke<WireEntryView>("load_entry", { id }));
}

/** A loaded entry with every part's HTML (analysed again in the rare case the wire left one out). */
async function complete(view: WireEntryView): Promise<EntryView> {
  return { ...view, analysis: withHtml(view.analysis, new Map()) ?? (await analyzeEntry(view.id, view.text)) };
}

/**
 * Outline, problems and page of an unsaved draft; reads and writes nothing.
 * `shown` maps the hashes of the parts the preview shows to their HTML: the
 * backend leaves those out of its answer (on a 200 KB entry that is most of
 * it) and they are filled in from here.
 */
export async function analyzeEntry(
  id: string,
  text: string,
  shown: ReadonlyMap<string, string> = new Map(),
): Promise<Analysis> {
  trace("sent");
  const wire = await invoke<WireAnalysis>("analyze_entry", { id, text, shown: [...shown.keys()] });
  trace("received");
  const complete = withHtml(wire, shown);
  if (complete) return complete;
  // A part came without HTML that `shown` lacks: ask again for everything.
  return analyzeEntry(id, text);
}

/** `analysis` with every part's HTML, taken from `shown` where the wire left it out; null if one is missing. */
function withHtml(analysis: WireAnalysis, shown: ReadonlyMap<string, string>): Analysis | null {
  const page: ShownPart[] = [];
  for (const part of analysis.page) {
    const html = part.html ?? shown.get(part.hash);
    if (html === undefined) return null;
    page.push({ ...part, html });
  }
  return { ...analysis, page };
}

/** Saves `text` unless the file changed on disk since `baseHash`. */
export function saveEntry(id: string, text: string, baseHash: string | null): Promise<SaveOutcome> {
  return invoke<SaveOutcome>("save_entry", { id, text, baseHash });
}

/** Creates an entry from its kind's skeleton; resolves to its id. */
export function createEntry(title: string, kind: string, folder: string | null): Promise<string> {
  return invoke<string>("create_entry", { title, kind, folder });
}

/** The id `createEntry` would give `title` in `folder`; rejects with why it would refuse (the kind aside). */
export function newEntryId(title: string, folder: string | null): Promise<string> {
  return invoke<string>("new_entry_id", { title, folder });
}

/** The id `renameEntry` would move entry `id` to for `title`; rejects with why it would refuse. */
export function renamedEntryId(id: string, title: string): Promise<string> {
  return invoke<string>("renamed_entry_id", { id, title });
}

/** Every problem in the wiki. */
export function wikiProblems(): Promise<Problem[]> {
  return invoke<Problem[]>("wiki_problems");
}

/** Keeps the editor's unsaved text in the crash journal (outside the wiki). */
export function recordUnsaved(id: string, text: string, baseHash: string | null): Promise<void> {
  return invoke<void>("record_unsaved", { id, text, baseHash });
}

/** Forgets an entry's journaled edits. */
export function discardUnsaved(id: string): Promise<void> {
  return invoke<void>("discard_unsaved", { id });
}

/** Edits an earlier run left unsaved (after a crash), to offer back. */
export function unsavedEdits(): Promise<UnsavedEdit[]> {
  return invoke<UnsavedEdit[]>("unsaved_edits");
}

/** What the window shows first: the entry list, the drafts and the entry to start with, loaded. */
export type StartUp = Omit<WireStartUp, "entry"> & { entry: EntryView | null };

/**
 * The start-up answer the page asked for as it began (`START_UP_SCRIPT` in
 * src-tauri/app/src/lib.rs), taken once; null when there is none. Rejects
 * as the command would (no wiki open, for instance).
 */
export function takeStartUp(): Promise<StartUp> | null {
  const holder = window as { __QUIRE_START_UP__?: Promise<WireStartUp> };
  const asked = holder.__QUIRE_START_UP__;
  delete holder.__QUIRE_START_UP__;
  if (!asked) return null;
  return asked.then(async (wire) => ({ ...wire, entry: wire.entry && (await complete(wire.entry)) }));
}

/** Three-way merge of the editor's edits with the disk's version; pure, touches no file. */
export function mergeWithDisk(base: string, ours: string, theirs: string): Promise<MergeResult> {
  return invoke<MergeResult>("merge_with_disk_text", { base, ours, theirs });
}

/** Shows the system's folder picker and opens the chosen wiki; null when cancelled. */
export function chooseWikiFolder(): Promise<WikiView | null> {
  return invoke<WikiView | null>("choose_wiki_folder");
}

/** Opens an http, https or mailto link outside the app (the backend re-checks the scheme). */
export function openExternal(url: string): Promise<void> {
  return invoke<void>("open_external", { url });
}

/**
 * Tells the backend the first entry is in an editor that takes keys, with the
 * start-up's marks (ms after the page started); reported by the backend only
 * for the start-up benchmark.
 */
export function editorReady(interactiveAt: number, marks: [string, number][]): Promise<void> {
  return invoke<void>("editor_ready", { interactiveAt, marks });
}

/** The commits that touched an entry, newest first, following renames. */
export function entryHistory(id: string): Promise<HistoryItem[]> {
  return invoke<HistoryItem[]>("entry_history", { id });
}

/**
 * The diff of an entry between two versions; `text` (the editor's) stands for
 * the working copy when given; `oldId` names the entry on the old side after a rename.
 */
export function entryDiff(
  id: string,
  oldId: string | null,
  old: VersionSpec,
  next: VersionSpec,
  text: string | null,
): Promise<DiffView> {
  return invoke<DiffView>("entry_diff", { id, oldId, old, new: next, text });
}

/** The entries whose saved files differ from HEAD, each with its diff summary. */
export function changedEntries(): Promise<ChangedEntryView[]> {
  return invoke<ChangedEntryView[]>("changed_entries");
}

/** `text` with section `oldIndex` of version `old` put back; reads and writes nothing. */
export function restoreSection(id: string, old: VersionSpec, oldIndex: number, text: string): Promise<string> {
  return invoke<string>("restore_section", { id, old, oldIndex, text });
}

/** The Commit view: changed entries with staging, summaries and problems; what blocks the commit. */
export function commitView(): Promise<CommitView> {
  return invoke<CommitView>("commit_view");
}

/** Stages (or unstages) every path of a changed entry in git's index; resolves to the view anew. */
export function stageEntry(id: string, staged: boolean): Promise<CommitView> {
  return invoke<CommitView>("stage_entry", { id, staged });
}

/** Commits what is staged with `message` (refused while the staged entries have errors). */
export function commitStaged(message: string): Promise<CommitDone> {
  return invoke<CommitDone>("commit_staged", { message });
}

/** Renames an entry: new title, file moved to its slug, every link across the wiki rewritten. */
export function renameEntry(id: string, title: string): Promise<RenameResult> {
  return invoke<RenameResult>("rename_entry", { id, title });
}

/** Where the clone stands against its remote, as of the last fetch; reads only. */
export function syncStatus(): Promise<SyncStatusView> {
  return invoke<SyncStatusView>("sync_status");
}

/** Fetches from the remote (a `background` fetch is skipped on a metered network, refused while a sync runs). */
export function syncFetch(background: boolean): Promise<SyncStatusView> {
  return invoke<SyncStatusView>("sync_fetch", { background });
}

/** What the next sync brings in: commits with authors and each changed entry with its summary. */
export function syncIncoming(): Promise<IncomingView> {
  return invoke<IncomingView>("sync_incoming");
}

/** Fetches, integrates, validates and pushes; progress comes as `sync-progress` events. */
export function syncRun(): Promise<SyncResult> {
  return invoke<SyncResult>("sync_run");
}

/** Completes a sync stopped on conflicts once the files are resolved. */
export function syncContinue(): Promise<SyncResult> {
  return invoke<SyncResult>("sync_continue");
}

/** The conflicts a stopped sync left in the clone (the Resolve view after a restart). */
export function syncConflicts(): Promise<SyncConflict[]> {
  return invoke<SyncConflict[]>("sync_conflicts");
}

/** Writes the Resolve view's text of a conflicted entry unless it changed since `baseHash`; resolves to the new hash. */
export function syncResolve(id: string, text: string, baseHash: string): Promise<string> {
  return invoke<string>("sync_resolve", { id, text, baseHash });
}

/** Undoes a stopped sync: commits, index and files as before it. */
export function syncAbort(): Promise<void> {
  return invoke<void>("sync_abort");
}

/** Makes `url` the clone's `origin` once `git ls-remote` reaches it; resolves to the new standing. */
export function addRemote(url: string): Promise<SyncStatusView> {
  return invoke<SyncStatusView>("add_remote", { url });
}

/** The sync settings, and whether the network is metered now. */
export function syncSettings(): Promise<[SyncSettings, boolean]> {
  return invoke<[SyncSettings, boolean]>("sync_settings");
}

/** Keeps new sync settings (in the app's configuration folder, not the wiki). */
export function setSyncSettings(settings: SyncSettings): Promise<void> {
  return invoke<void>("set_sync_settings", { settings });
}

/** The user's answer to git's credential question `id`; null cancels it. */
export function askpassAnswer(id: number, answer: string | null): Promise<void> {
  return invoke<void>("askpass_answer", { id, answer });
}

/** Calls `callback` when git asks for a credential (the backend's `askpass` event). */
export function onAskpass(callback: (question: AskpassQuestion) => void): Promise<UnlistenFn> {
  return listen<AskpassQuestion>("askpass", (event) => callback(event.payload));
}

/** Calls `callback` for each step of a running sync or fetch. */
export function onSyncProgress(callback: (progress: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>(SYNC_PROGRESS, (event) => callback(event.payload));
}

/** Calls `callback` for each `wiki-changed` event; resolves to the unlisten function. */
export function onWikiChanged(callback: (change: WikiChanged) => void): Promise<UnlistenFn> {
  return listen<WikiChanged>(WIKI_CHANGED, (event) => callback(event.payload));
}

/** Calls `callback` when the File menu asks to open another wiki folder. */
export function onOpenWikiRequested(callback: () => void): Promise<UnlistenFn> {
  return listen(OPEN_WIKI_REQUESTED, () => callback());
}

/**
 * Asks `mayClose` before the window closes; when it answers false the window
 * stays open. Needs the `core:window:allow-destroy` permission, because
 * Tauri closes the window from JavaScript once a listener is registered.
 */
export function onCloseRequested(mayClose: () => boolean | Promise<boolean>): Promise<UnlistenFn> {
  return getCurrentWindow().onCloseRequested(async (event) => {
    if (!(await mayClose())) {
      event.preventDefault();
    }
  });
}

/** Whether the page runs inside the Tauri webview (and not a plain browser tab). */
export function hasBackend(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** Whether `error` is the backend's typed `{code, message}` error. */
export function isIpcError(error: unknown): error is IpcError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** A sentence for people from whatever a command rejected with. */
export function errorMessage(error: unknown): string {
  if (isIpcError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
