// The open entry. Its CodeMirror EditorState is the one source of truth for
// the text: every change is a transaction dispatched here (through the view
// when one is attached), text from disk arrives as transactions annotated
// `fromDisk`, and "dirty" means the document differs from the text the base
// hash belongs to. Around it: the latest analysis (requested on each edit
// with at most one request in flight, edits made meanwhile analysed when it
// returns; late answers to older requests are dropped), the crash
// journal (unsaved text recorded every couple of seconds, outside the wiki),
// the save flow, and changes on disk: merged with the edits when they do not
// overlap, a conflict the user resolves when they do.

import { isolateHistory } from "@codemirror/commands";
import { setDiagnostics } from "@codemirror/lint";
import { EditorSelection, EditorState, Text, type ChangeSet, type Transaction, type TransactionSpec } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

import {
  discardUnsaved,
  errorMessage,
  isIpcError,
  loadEntry,
  mergeWithDisk,
  recordUnsaved,
  saveEntry,
  type Analysis,
  type EntryView,
  type ErrorCode,
  type OutlinePart,
  type Problem,
  type SaveOutcome,
  type UnsavedEdit,
} from "../ipc";
import { findPart, minimalChange, partAt, typedEdit, type TypedEdit } from "./analysis";
import { AnalysisClient } from "./analysis-client";
import { analysisOf, exactAnalysisOf, placeAnalysis, setAnalysis } from "./editor/analysis-field";
import { addSection, deleteSection, moveSection, renameSection } from "./editor/operations";
import { fromDisk, layoutOf, sectionOf, setSection, type SectionRange } from "./editor/section";
import { diagnosticsOf, editorExtensions, type LinkName } from "./editor/setup";
import { rangeIn, type Placement } from "./problems";
import { startupMark, trace } from "../ipc/trace";
import { ui } from "./ui.svelte";

export type SaveState = "saved" | "dirty" | "saving" | "conflict";

/** What the disk holds that the editor does not. */
export type Conflict =
  | {
      kind: "changed";
      diskText: string;
      diskHash: string | null;
      origin: "save" | "disk";
      /** Both versions merged, with conflict markers around what overlaps (null when unknown). */
      merged: string | null;
    }
  | { kind: "deleted"; origin: "save" | "disk" };

/** A merge of the disk's changes into the editor's edits, for a notice. */
export interface MergeNotice {
  at: number;
  /** The parts the disk changed: headings, null for the lead. */
  parts: (string | null)[];
  /** Whether the merged text was saved right away (the merge happened on Ctrl+S). */
  saved: boolean;
}

export interface EntryStoreOptions {
  /** Names for `[[` completion. */
  names?: () => readonly LinkName[];
  /** Milliseconds to gather edits before asking for a new analysis (0: the next task). */
  analyzeDelay?: number;
  /** Called after each successful write (the entry list's counts change). */
  onSaved?: (id: string) => void;
  /** Milliseconds between records of unsaved text in the crash journal. */
  journalDelay?: number;
  /** Unsaved text an earlier run left for entry `id`, to offer when it opens. */
  draftFor?: (id: string) => UnsavedEdit | null;
  /** The draft of `id` was restored or given up: stop offering it. */
  onDraftSettled?: (id: string) => void;
}

/** How long a keystroke's mapped analysis waits for a frame before it is shown anyway. */
const SHOW_FALLBACK_MS = 50;

export const SAVE_STATE_LABELS: Record<SaveState, string> = {
  saved: "Saved",
  dirty: "Unsaved changes",
  saving: "Saving…",
  conflict: "Conflict",
};

export class EntryStore {
  id = $state<string | null>(null);
  editorState = $state.raw<EditorState>(EditorState.create());
  /**
   * The latest analysis as the window shows it (outline, problems, preview).
   * The editor's state holds it mapped to the current text at once (the
   * store goes by that one); after a keystroke, the window shows the mapped
   * one once the keystroke's frame is painted (or when the answer comes
   * first): redrawing the outline and problems for positions that moved by
   * a character would only hold that frame up.
   */
  analysis = $state.raw<Analysis | null>(null);
  /** The hash of the file the base document was read from or written to. */
  baseHash = $state<string | null>(null);
  baseDoc = $state.raw<Text>(Text.empty);
  saving = $state(false);
  loading = $state(false);
  conflict = $state.raw<Conflict | null>(null);
  /** When the entry was last reloaded from disk in place (for a short notice). */
  reloadedAt = $state(0);
  /** The last merge of changes on disk into the edits (for a notice). */
  merged = $state.raw<MergeNotice | null>(null);
  /** Unsaved text of this entry from an earlier run, offered until restored or discarded. */
  draft = $state.raw<UnsavedEdit | null>(null);

  readonly dirty: boolean = $derived(this.id !== null && !this.editorState.doc.eq(this.baseDoc));
  readonly saveState: SaveState = $derived(
    this.conflict ? "conflict" : this.saving ? "saving" : this.dirty ? "dirty" : "saved",
  );
  /**
   * Counts the store's own moves of the editor: another entry, a section, the
   * whole entry, a revealed range, a linked section's heading. The preview follows each one, even when
   * the editor's scroll position stays the same.
   */
  moves = $state(0);
  /** The section shown, or null in whole-entry mode. */
  readonly section: SectionRange | null = $derived(sectionOf(this.editorState));

  readonly #names: () => readonly LinkName[];
  readonly #analyzeDelay: number;
  readonly #onSaved: (id: string) => void;
  readonly #journalDelay: number;
  readonly #draftFor: (id: string) => UnsavedEdit | null;
  readonly #onDraftSettled: (id: string) => void;
  #journalTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the journal holds a record for the open entry made by this run. */
  #journaled = false;
  #journalFailed = false;
  #view: EditorView | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts schedules: a scheduled analysis runs only if it is still the last one. */
  #scheduled = 0;
  /** Counts what `analysis` was last given, so that a late "show after paint" does nothing. */
  #showing = 0;
  readonly #client = new AnalysisClient(() => this.editorState.doc);
  /** A section to show again once the outline of a new text is known. */
  #pendingHeading: string | null | undefined = undefined;
  #openSequence = 0;
  #recheckAfterSave = false;
  readonly #typingListeners = new Set<(edit: TypedEdit) => void>();

  constructor(options: EntryStoreOptions = {}) {
    this.#names = options.names ?? (() => []);
    this.#analyzeDelay = options.analyzeDelay ?? 0;
    this.#onSaved = options.onSaved ?? (() => {});
    this.#journalDelay = options.journalDelay ?? 2000;
    this.#draftFor = options.draftFor ?? (() => null);
    this.#onDraftSettled = options.onDraftSettled ?? (() => {});
  }

  // ---- the view ----------------------------------------------------------

  /** Attaches the editor's view; it dispatches through `applyTransactions`. */
  attachView(view: EditorView): void {
    this.#view = view;
  }

  detachView(view: EditorView): void {
    if (this.#view === view) this.#view = null;
  }

  focus(): void {
    this.#view?.focus();
  }

  /**
   * Calls `listener` with each keystroke's change that stays within one part
   * of the page, in the keystroke's own dispatch (the preview shows plain
   * typing before the backend's render arrives). Returns the unsubscribe.
   */
  onTyping(listener: (edit: TypedEdit) => void): () => void {
    this.#typingListeners.add(listener);
    return () => this.#typingListeners.delete(listener);
  }

  /** Every change to the text goes through here. */
  dispatch(...specs: TransactionSpec[]): void {
    if (this.#view) this.#view.dispatch(...specs);
    else this.applyTransactions([this.editorState.update(...specs)]);
  }

  /** The view's `dispatchTransactions`: moves the state forward and reacts to edits. */
  applyTransactions(transactions: readonly Transaction[]): void {
    const last = transactions[transactions.length - 1];
    if (!last) return;
    const previous = analysisOf(this.editorState);
    let edited = false;
    for (const tr of transactions) {
      if (!tr.docChanged) continue;
      this.#client.track(tr);
      if (tr.annotation(fromDisk) === undefined) edited = true;
      const before = sectionOf(tr.startState);
      if (before && !sectionOf(tr.state) && !tr.effects.some((effect) => effect.is(setSection))) {
        this.#pendingHeading = before.heading;
      }
    }
    if (edited) trace("edited");
    this.editorState = last.state;
    // Typing: the request leaves before the editor redraws, so that its
    // answer can be back before the webview paints the keystroke, and the
    // editor and the preview change in one frame (each frame waits for the
    // display's next refresh). While a request is out, its answer is mapped
    // onto these edits and a new one follows.
    const pending = this.#pendingHeading !== undefined;
    const waiting = this.#client.waiting;
    if (edited && !pending && !waiting && this.#analyzeDelay === 0) void this.analyzeNow();
    this.#view?.update(transactions);
    const only = transactions.length === 1 ? transactions[0] : undefined;
    if (edited && only && this.#typingListeners.size > 0) {
      const outline = analysisOf(only.startState)?.outline;
      const typed = outline && typedEdit(only, outline);
      if (typed) for (const listener of this.#typingListeners) listener(typed);
    }
    const analysis = analysisOf(last.state);
    if (analysis !== previous) {
      if (edited) this.#showAfterPaint();
      else this.#show(analysis);
    }
    if (edited) trace("mapped");
    if (pending) this.#schedule(0);
    else if (edited && !waiting) this.#schedule(this.#analyzeDelay);
    if (edited) this.#scheduleJournal();
  }

  // ---- the crash journal -----------------------------------------------------

  /** Records the unsaved text within `journalDelay` ms (at most once per delay while typing). */
  #scheduleJournal(): void {
    if (this.#journalTimer !== undefined) return;
    this.#journalTimer = setTimeout(() => {
      this.#journalTimer = undefined;
      void this.journalNow();
    }, this.#journalDelay);
  }

  /** Records the unsaved text now (or forgets the record once the text is back to the file's). */
  async journalNow(): Promise<void> {
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    const id = this.id;
    if (id === null) return;
    try {
      if (this.dirty) {
        await recordUnsaved(id, this.editorState.doc.toString(), this.baseHash);
        this.#journaled = true;
      } else if (this.#journaled) {
        await discardUnsaved(id);
        this.#journaled = false;
      }
      this.#journalFailed = false;
    } catch (error) {
      // Say it once, not every two seconds; typing goes on.
      if (!this.#journalFailed) ui.toast(`Unsaved edits cannot be kept safe against a crash: ${errorMessage(error)}`, "warning");
      this.#journalFailed = true;
    }
  }

  /** Forgets the journal record of the open entry (its edits are being given up). */
  #dropJournal(): void {
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    const id = this.id;
    if (id !== null && (this.#journaled || this.dirty)) {
      void discardUnsaved(id).catch((error: unknown) => console.error(error));
    }
    this.#journaled = false;
  }

  /** The user gives up the unsaved edits (closing the window or the entry). */
  abandonEdits(): Promise<void> {
    const id = this.id;
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    this.#journaled = false;
    if (id === null || !this.dirty) return Promise.resolve();
    return discardUnsaved(id).catch((error: unknown) => console.error(error));
  }

  /** Puts the draft from an earlier run into the editor, as an undoable edit. */
  restoreDraft(): void {
    const draft = this.draft;
    if (!draft || draft.id !== this.id) return;
    this.draft = null;
    this.#onDraftSettled(draft.id);
    const change = minimalChange(this.editorState.doc.toString(), draft.text);
    if (change) {
      this.dispatch({ changes: change, annotations: [fromDisk.of("merge"), isolateHistory.of("full")], filter: false });
      this.#schedule(0);
    }
    this.#journaled = true;
    if (draft.base_hash !== null && draft.base_hash !== this.baseHash) {
      // The file changed after these edits were made: show both before anything is saved.
      this.conflict = {
        kind: "changed",
        diskText: this.baseDoc.toString(),
        diskHash: this.baseHash,
        origin: "disk",
        merged: null,
      };
    }
    void this.journalNow();
  }

  /** Gives up the draft from an earlier run. */
  async discardDraft(): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    this.draft = null;
    this.#onDraftSettled(draft.id);
    try {
      await discardUnsaved(draft.id);
    } catch (error) {
      ui.toast(`Could not forget the unsaved edits of ${draft.id}: ${errorMessage(error)}`, "error");
    }
  }

  // ---- opening -------------------------------------------------------------

  /** Loads entry `id` from disk and shows it (the caller has asked about unsaved edits). */
  async open(id: string): Promise<boolean> {
    if (this.id !== null && this.id !== id) this.#dropJournal();
    const sequence = ++this.#openSequence;
    this.loading = true;
    try {
      const entry = await loadEntry(id);
      startupMark("entry-answered");
      if (sequence !== this.#openSequence) return false;
      this.#install(entry);
      startupMark("entry-installed");
      return true;
    } catch (error) {
      if (sequence === this.#openSequence) ui.toast(`Cannot open ${id}: ${errorMessage(error)}`, "error");
      return false;
    } finally {
      if (sequence === this.#openSequence) this.loading = false;
    }
  }

  /** Shows `view`, an entry already loaded (the start-up answer's), as `open` would. */
  adopt(view: EntryView): void {
    if (this.id !== null && this.id !== view.id) this.#dropJournal();
    this.#openSequence++;
    this.loading = false;
    this.#install(view);
    startupMark("entry-installed");
  }

  /** Shows no entry. */
  close(): void {
    this.#dropJournal();
    this.#openSequence++;
    this.#reset();
    this.id = null;
    this.#show(null);
    this.baseHash = null;
    this.conflict = null;
    this.merged = null;
    this.draft = null;
    const state = EditorState.create();
    this.baseDoc = state.doc;
    this.#setState(state);
  }

  #install(entry: EntryView): void {
    this.#reset();
    const state = EditorState.create({ doc: entry.text, extensions: editorExtensions(this.#names) });
    this.id = entry.id;
    this.baseHash = entry.hash;
    this.baseDoc = state.doc;
    this.conflict = null;
    this.merged = null;
    this.draft = this.#draftFor(entry.id);
    this.#setState(state);
    this.#applyAnalysis(entry.analysis, null);
  }

  #reset(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    this.#journaled = false;
    this.#client.forget();
    this.#pendingHeading = undefined;
    this.#recheckAfterSave = false;
  }

  #setState(state: EditorState): void {
    this.editorState = state;
    if (this.#view) {
      this.#view.setState(state);
      this.#view.scrollDOM.scrollTop = 0;
    }
    this.moves++;
  }

  // ---- analysis ------------------------------------------------------------

  /**
   * Analyses after `delay` ms; with no delay, as soon as the current task
   * ends: the request is then on its way while the webview paints the
   * keystroke, instead of after that paint (a timer's turn comes after it).
   */
  #schedule(delay: number): void {
    clearTimeout(this.#timer);
    const token = ++this.#scheduled;
    if (delay > 0) {
      this.#timer = setTimeout(() => void this.analyzeNow(), delay);
    } else {
      queueMicrotask(() => {
        if (token === this.#scheduled) void this.analyzeNow();
      });
    }
  }

  /** Shows `analysis` now. */
  #show(analysis: Analysis | null): void {
    this.#showing++;
    this.analysis = analysis;
  }

  /**
   * Shows the current analysis once the webview has painted the next frame:
   * a timer set in that frame's animation callback runs after its paint.
   * A window that is not on screen paints no frames: a timer stands in.
   */
  #showAfterPaint(): void {
    const token = ++this.#showing;
    const show = () => {
      if (token === this.#showing) this.#show(analysisOf(this.editorState));
    };
    setTimeout(show, SHOW_FALLBACK_MS);
    requestAnimationFrame(() => setTimeout(show, 0));
  }

  /** Analyses the current text now; resolves once the answer is applied or dropped as stale. */
  async analyzeNow(): Promise<void> {
    clearTimeout(this.#timer);
    this.#scheduled++;
    const id = this.id;
    if (id === null) return;
    const doc = this.editorState.doc;
    trace("analyze");
    const shown = new Map((analysisOf(this.editorState)?.page ?? []).map((part) => [part.hash, part.html]));
    let answer;
    try {
      answer = await this.#client.request(id, doc, shown);
    } catch (error) {
      ui.toast(`Cannot analyse ${id}: ${errorMessage(error)}`, "error");
      return;
    }
    if (!answer || id !== this.id) return;
    trace("answered");
    this.#applyAnalysis(answer.analysis, answer.changes);
    trace("applied");
    // Typed while it ran: the answer was mapped onto the new text; now analyse that text.
    if (!answer.changes.empty) this.#schedule(0);
  }

  /** Puts `analysis` (computed for the text `changes` lead from; null: this text) in the editor's state, with its diagnostics. */
  #applyAnalysis(analysis: Analysis, changes: ChangeSet | null): void {
    const placed = placeAnalysis(analysis, changes);
    const mapped = placed.analysis;
    const specs: TransactionSpec[] = [
      { effects: setAnalysis.of(placed) },
      setDiagnostics(this.editorState, diagnosticsOf(mapped.problems, this.editorState.doc)),
    ];
    if (this.#pendingHeading !== undefined) {
      const heading = this.#pendingHeading;
      this.#pendingHeading = undefined;
      const index = findPart(mapped.outline, heading);
      const part = mapped.outline[index];
      if (part) specs.push({ effects: setSection.of({ from: part.from, to: part.to, heading }), filter: false });
    }
    this.dispatch(...specs);
  }

  /** The outline of exactly the current text, analysing first when edits are pending. */
  async currentOutline(): Promise<readonly OutlinePart[] | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const exact = exactAnalysisOf(this.editorState);
      if (exact) return exact.outline;
      await this.analyzeNow();
    }
    return null;
  }

  // ---- section mode ----------------------------------------------------------

  /** Shows part `index` of the outline alone (or the first part with `heading`). */
  async editSection(heading: string | null, index?: number): Promise<boolean> {
    const outline = await this.currentOutline();
    if (!outline) return false;
    const chosen = index !== undefined && outline[index]?.heading === heading ? index : findPart(outline, heading);
    const part = outline[chosen];
    if (!part) return false;
    const range: SectionRange = { from: part.from, to: part.to, heading: part.heading };
    const line = this.editorState.doc.lineAt(Math.min(part.body_from, this.editorState.doc.length));
    const cursor = part.body_from > part.from ? Math.min(line.to, part.to) : part.from;
    this.dispatch({
      effects: [setSection.of(range), EditorView.scrollIntoView(part.from, { y: "start", yMargin: 0 })],
      selection: EditorSelection.cursor(Math.max(part.from, Math.min(cursor, part.to))),
      filter: false,
    });
    this.focus();
    this.moves++;
    return true;
  }

  /** Shows the whole entry, keeping the cursor where it is. */
  editWhole(): void {
    if (!this.section) return;
    this.dispatch({
      effects: [setSection.of(null), EditorView.scrollIntoView(this.editorState.selection.main.head, { y: "center" })],
      filter: false,
    });
    this.focus();
    this.moves++;
  }

  /** Ctrl+E: whole entry ⇄ the section around the cursor. */
  async toggleMode(): Promise<void> {
    if (this.id === null) return;
    if (this.section) {
      this.editWhole();
      return;
    }
    const outline = await this.currentOutline();
    if (!outline) return;
    const index = partAt(outline, this.editorState.selection.main.head);
    await this.editSection(outline[index]?.heading ?? null, index);
  }

  // ---- section operations (each one undoable transaction) -------------------

  async #operate(make: (state: EditorState, outline: readonly OutlinePart[]) => TransactionSpec | null): Promise<boolean> {
    const outline = await this.currentOutline();
    if (!outline || !exactAnalysisOf(this.editorState)) return false;
    const spec = make(this.editorState, outline);
    if (!spec) return false;
    this.dispatch(spec);
    this.focus();
    return true;
  }

  addSection(afterIndex: number, name: string): Promise<boolean> {
    return this.#operate((state, outline) => addSection(state, outline, afterIndex, name));
  }

  renameSection(index: number, name: string): Promise<boolean> {
    return this.#operate((state, outline) => {
      const part = outline[index];
      return part ? renameSection(state, part, name) : null;
    });
  }

  deleteSection(index: number): Promise<boolean> {
    return this.#operate((state, outline) => deleteSection(state, outline, index));
  }

  moveSection(index: number, delta: -1 | 1): Promise<boolean> {
    return this.#operate((state, outline) => moveSection(state, outline, index, delta));
  }

  // ---- problems ------------------------------------------------------------

  /** Selects a problem's range, showing the section that holds it, and focuses the editor. */
  revealProblem(problem: Placement): void {
    this.revealRange(rangeIn(this.editorState.doc, problem));
  }

  /** Selects `from`..`to` (clamped), showing the section that holds it, and focuses the editor. */
  revealRange(range: { from: number; to: number }): void {
    const length = this.editorState.doc.length;
    const from = Math.min(range.from, length);
    const to = Math.min(Math.max(range.to, from), length);
    const effects = [];
    const layout = layoutOf(this.editorState);
    if (layout && (from < layout.from || to > layout.end)) {
      const outline = analysisOf(this.editorState)?.outline ?? [];
      const part = outline[partAt(outline, from)];
      const fits = part && to <= part.to && from >= part.from;
      effects.push(setSection.of(part && fits ? { from: part.from, to: part.to, heading: part.heading } : null));
    }
    effects.push(EditorView.scrollIntoView(from, { y: "center" }));
    this.dispatch({ selection: EditorSelection.range(from, to), effects, filter: false });
    this.focus();
    this.moves++;
  }

  /**
   * Shows the part whose heading has `anchor` (as the backend computed it
   * for the outline and the link) at the editor's top, with the cursor on
   * its heading (a link to a section); in section mode, that section. False
   * when no heading has that anchor.
   */
  showHeading(anchor: string): boolean {
    const outline = analysisOf(this.editorState)?.outline ?? [];
    const index = outline.findIndex((part) => part.anchor === anchor);
    const part = outline[index];
    if (!part) return false;
    const effects = [];
    if (layoutOf(this.editorState)) effects.push(setSection.of({ from: part.from, to: part.to, heading: part.heading }));
    effects.push(EditorView.scrollIntoView(part.from, { y: "start", yMargin: 0 }));
    this.dispatch({ selection: EditorSelection.cursor(part.from), effects, filter: false });
    this.moves++;
    return true;
  }

  /** Selects 1-based `line` (clamped to the text), showing the section that holds it. */
  revealLine(line: number): void {
    const doc = this.editorState.doc;
    const found = doc.line(Math.min(Math.max(1, line), doc.lines));
    this.revealRange({ from: found.from, to: found.to });
  }

  // ---- saving and conflicts ----------------------------------------------------

  /**
   * Ctrl+S: writes the text over the version it is based on. Refused while a
   * conflict is shown (the user chooses first); a conflict answer keeps both
   * texts and shows them.
   */
  async save(): Promise<SaveOutcome | null> {
    if (this.id === null || this.saving || this.conflict) return null;
    if (!this.dirty) return null;
    return this.#write(this.baseHash);
  }

  /** "Keep mine": writes the editor's text over what is on disk now. */
  async keepMine(): Promise<SaveOutcome | null> {
    const conflict = this.conflict;
    if (this.id === null || this.saving || !conflict) return null;
    return this.#write(conflict.kind === "changed" ? conflict.diskHash : null);
  }

  /** "Take theirs": the disk's text replaces the editor's, as one undoable step. */
  takeTheirs(): void {
    const conflict = this.conflict;
    if (!conflict || conflict.kind !== "changed") return;
    this.#replaceFromDisk(conflict.diskText, conflict.diskHash, "theirs", null);
  }

  async #write(base: string | null, mayMerge = true): Promise<SaveOutcome | null> {
    const id = this.id;
    if (id === null) return null;
    const doc = this.editorState.doc;
    this.saving = true;
    try {
      const outcome = await saveEntry(id, doc.toString(), base);
      if (id !== this.id) return outcome;
      if (outcome.outcome === "saved") {
        this.baseHash = outcome.hash;
        this.baseDoc = doc;
        this.conflict = null;
        this.#journaled = false;
        this.#onSaved(id);
      } else if (outcome.disk_text === null) {
        this.conflict = { kind: "deleted", origin: "save" };
      } else if (mayMerge && (await this.#mergeDisk(id, outcome.disk_text, outcome.disk_hash, "save"))) {
        // Merged with what is on disk: write the merged text, as the user asked to save.
        this.saving = false;
        const again = await this.#write(outcome.disk_hash, false);
        if (again?.outcome === "saved" && this.merged) this.merged = { ...this.merged, saved: true };
        return again;
      } else if (!mayMerge) {
        // The file changed yet again between the merge and its save: let the user look.
        this.conflict = { kind: "changed", diskText: outcome.disk_text, diskHash: outcome.disk_hash, origin: "save", merged: null };
      }
      return outcome;
    } catch (error) {
      ui.toast(`Could not save ${id}: ${errorMessage(error)}`, "error");
      return null;
    } finally {
      this.saving = false;
      if (this.#recheckAfterSave && id === this.id) {
        this.#recheckAfterSave = false;
        void this.diskChanged();
      }
    }
  }

  #replaceFromDisk(text: string, hash: string | null, reason: "reload" | "theirs", analysis: Analysis | null): void {
    const change = minimalChange(this.editorState.doc.toString(), text);
    const shown = this.section;
    const spec: TransactionSpec = {
      changes: change ?? [],
      annotations: [fromDisk.of(reason), isolateHistory.of("full")],
      filter: false,
    };
    if (analysis && shown) {
      const part = analysis.outline[findPart(analysis.outline, shown.heading, shown.from)];
      spec.effects = setSection.of(part ? { from: part.from, to: part.to, heading: part.heading } : null);
    }
    this.dispatch(spec);
    this.baseHash = hash;
    this.baseDoc = this.editorState.doc;
    this.conflict = null;
    if (analysis) this.#applyAnalysis(analysis, null);
    else this.#schedule(0);
  }

  /** The watcher says the open entry changed on disk (or the wiki was rescanned). */
  async diskChanged(): Promise<void> {
    const id = this.id;
    if (id === null) return;
    if (this.saving) {
      this.#recheckAfterSave = true;
      return;
    }
    let entry: EntryView;
    try {
      entry = await loadEntry(id);
    } catch (error) {
      if (id === this.id && isIpcError(error) && reloadRefusal(error.code) === "gone") this.diskRemoved();
      return;
    }
    if (id !== this.id) return;
    if (entry.hash === this.baseHash) {
      // Unchanged (a rescan): links from other entries may still have moved.
      void this.analyzeNow();
      return;
    }
    const mine = this.editorState.doc.toString();
    if (entry.text === mine) {
      this.baseHash = entry.hash;
      this.baseDoc = this.editorState.doc;
      this.conflict = null;
      this.#applyAnalysis(entry.analysis, null);
      return;
    }
    if (!this.dirty && !this.conflict) {
      this.#replaceFromDisk(entry.text, entry.hash, "reload", entry.analysis);
      this.reloadedAt = Date.now();
      return;
    }
    if (this.conflict) {
      // Already showing a conflict: show the newest disk version in it.
      this.conflict = { kind: "changed", diskText: entry.text, diskHash: entry.hash, origin: "disk", merged: null };
      return;
    }
    await this.#mergeDisk(id, entry.text, entry.hash, "disk");
  }

  /**
   * Merges the disk's `diskText` into the editor's edits (both based on
   * `baseDoc`). A clean merge replaces the editor's text (one undoable step)
   * and moves the base to the disk's version; an overlapping one becomes a
   * conflict holding both versions and the marked-up merge. Returns whether
   * the merge was clean and applied.
   */
  async #mergeDisk(id: string, diskText: string, diskHash: string | null, origin: "save" | "disk"): Promise<boolean> {
    const conflictOf = (merged: string | null): Conflict => ({ kind: "changed", diskText, diskHash, origin, merged });
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = this.editorState.doc;
      const base = this.baseDoc;
      let result;
      try {
        result = await mergeWithDisk(base.toString(), doc.toString(), diskText);
      } catch (error) {
        console.error(error);
        if (id === this.id) this.conflict = conflictOf(null);
        return false;
      }
      if (id !== this.id) return false;
      // Typing went on while the merge ran: merge again with the newer text.
      if (this.editorState.doc !== doc || this.baseDoc !== base) continue;
      if (!result.clean) {
        this.conflict = conflictOf(result.text);
        return false;
      }
      const change = minimalChange(doc.toString(), result.text);
      if (change) this.dispatch({ changes: change, annotations: [fromDisk.of("merge"), isolateHistory.of("full")], filter: false });
      this.baseHash = diskHash;
      this.baseDoc = Text.of(diskText.split("\n"));
      this.conflict = null;
      this.merged = { at: Date.now(), parts: result.disk_changed, saved: false };
      this.#schedule(0);
      this.#scheduleJournal();
      return true;
    }
    this.conflict = conflictOf(null);
    return false;
  }

  /** "Merge by hand": the marked-up merge replaces the editor's text (undoable); the markers are then edited away. */
  editMerged(): void {
    const conflict = this.conflict;
    if (!conflict || conflict.kind !== "changed" || conflict.merged === null) return;
    const change = minimalChange(this.editorState.doc.toString(), conflict.merged);
    if (change) this.dispatch({ changes: change, annotations: [fromDisk.of("merge"), isolateHistory.of("full")], filter: false });
    this.baseHash = conflict.diskHash;
    this.baseDoc = Text.of(conflict.diskText.split("\n"));
    this.conflict = null;
    this.#schedule(0);
    this.#scheduleJournal();
  }

  /**
   * Replaces the whole text as one user edit (a restored section from history):
   * unsaved, one undo step, journaled and analysed like typing. Shows the
   * whole entry with the cursor at the change, as it may lie outside the
   * section on screen.
   */
  replaceText(text: string): boolean {
    if (this.id === null) return false;
    const change = minimalChange(this.editorState.doc.toString(), text);
    if (!change) return false;
    this.dispatch({
      changes: change,
      selection: { anchor: change.from },
      effects: [setSection.of(null), EditorView.scrollIntoView(change.from, { y: "center" })],
      annotations: [isolateHistory.of("full")],
      userEvent: "input.restore",
      filter: false,
    });
    this.focus();
    return true;
  }

  /** The watcher says the open entry was deleted. */
  diskRemoved(): void {
    if (this.id === null) return;
    this.conflict = { kind: "deleted", origin: "disk" };
  }

  /** Another entry changed: backlinks and red links of this one may have too. */
  othersChanged(): void {
    if (this.id !== null) this.#schedule(0);
  }
}

/**
 * What a refused reload of the open entry says of it: gone from disk, or
 * still as the editor knows it (the refusal passes; the next save or
 * reload says more). Every code is decided here: a code added in Rust is a
 * type error (`npm run check`) until it is.
 */
export function reloadRefusal(code: ErrorCode): "gone" | "kept" {
  switch (code) {
    case "not-found":
      return "gone";
    case "invalid-id":
    case "io":
    case "no-wiki":
    case "exists":
    case "invalid-url":
    case "no-git":
    case "git":
    case "no-git-program":
    case "no-identity":
    case "no-commits":
    case "blocked":
    case "nothing-staged":
    case "busy":
    case "empty-message":
    case "commit-failed":
    case "invalid-title":
    case "changed":
    case "unknown-kind":
    case "not-utf8":
      return "kept";
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}
