// The open entry. Its CodeMirror EditorState is the one source of truth for
// the text: every change is a transaction dispatched here (through the view
// when one is attached), text from disk arrives as transactions annotated
// `fromDisk`, and "dirty" means the document differs from the text the base
// hash belongs to. The store holds that state, attaches the view, opens
// entries, shows sections and runs section operations (their transactions
// come from `editor/moves.ts` and `editor/operations.ts`), and composes the
// rest: the analysis (held in the state by `editor/analysis-field.ts`, asked
// for by `analysis-client.ts` on each edit, one request at a time, redrawn
// by `shown.svelte.ts`), the crash journal (`journal.svelte.ts`) and the
// save flow with its conflicts (`save.svelte.ts`).

import { setDiagnostics } from "@codemirror/lint";
import { EditorState, type ChangeSet, type Text, type Transaction, type TransactionSpec } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

import { errorMessage, loadEntry, type Analysis, type EntryView, type OutlinePart, type SaveOutcome, type UnsavedEdit } from "../ipc";
import { startupMark, trace } from "../ipc/trace";
import { findPart, partAt, typedEdit, type TypedEdit } from "./analysis";
import { AnalysisClient } from "./analysis-client";
import { analysisOf, exactAnalysisOf, placeAnalysis, setAnalysis } from "./editor/analysis-field";
import { goToHeading, replaceAll, replaceByMerge, reveal, showPart, showWhole } from "./editor/moves";
import { addSection, deleteSection, moveSection, renameSection } from "./editor/operations";
import { fromDisk, sectionOf, setSection, type SectionRange } from "./editor/section";
import { diagnosticsOf, editorExtensions, type LinkName } from "./editor/setup";
import { Journal } from "./journal.svelte";
import { rangeIn, type Placement } from "./problems";
import { SaveFlow, type Conflict, type MergeNotice, type SaveState } from "./save.svelte";
import { ShownAnalysis } from "./shown.svelte";
import { ui } from "./ui.svelte";

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

export class EntryStore {
  id = $state<string | null>(null);
  editorState = $state.raw<EditorState>(EditorState.create());
  loading = $state(false);
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
  readonly #journal: Journal;
  readonly #save: SaveFlow;
  readonly #client = new AnalysisClient(this, (answer) => this.#applyAnalysis(answer.analysis, answer.changes));
  #view: EditorView | null = null;
  readonly #shown = new ShownAnalysis();
  /** A section to show again once the outline of a new text is known. */
  #pendingHeading: string | null | undefined = undefined;
  #openSequence = 0;
  readonly #typingListeners = new Set<(edit: TypedEdit) => void>();

  constructor(options: EntryStoreOptions = {}) {
    this.#names = options.names ?? (() => []);
    this.#analyzeDelay = options.analyzeDelay ?? 0;
    this.#onSaved = options.onSaved ?? (() => {});
    this.#journal = new Journal(this, { delay: options.journalDelay, draftFor: options.draftFor, onDraftSettled: options.onDraftSettled });
    this.#save = new SaveFlow(this, {
      reanalyse: () => this.#client.schedule(0),
      showAnalysis: (analysis) => this.#applyAnalysis(analysis, null),
      merged: () => {
        this.#client.schedule(0);
        this.#journal.schedule();
      },
      written: (id) => {
        this.#journal.written();
        this.#onSaved(id);
      },
    });
  }

  /**
   * The latest analysis as the window shows it (outline, problems, preview):
   * after a keystroke, once its frame is painted (`shown.svelte.ts`). The
   * store goes by the one in the editor's state, mapped at once.
   */
  get analysis(): Analysis | null {
    return this.#shown.current;
  }

  // ---- the save flow and the journal (save.svelte.ts, journal.svelte.ts) ----

  /** The hash of the file the base document was read from or written to. */
  get baseHash(): string | null {
    return this.#save.baseHash;
  }
  get baseDoc(): Text {
    return this.#save.baseDoc;
  }
  get saving(): boolean {
    return this.#save.saving;
  }
  get conflict(): Conflict | null {
    return this.#save.conflict;
  }
  /** When the entry was last reloaded from disk in place (for a short notice). */
  get reloadedAt(): number {
    return this.#save.reloadedAt;
  }
  /** The last merge of changes on disk into the edits (for a notice). */
  get merged(): MergeNotice | null {
    return this.#save.merged;
  }
  /** Unsaved text of this entry from an earlier run, offered until restored or discarded. */
  get draft(): UnsavedEdit | null {
    return this.#journal.draft;
  }

  save = (): Promise<SaveOutcome | null> => this.#save.save();
  keepMine = (): Promise<SaveOutcome | null> => this.#save.keepMine();
  takeTheirs = (): void => this.#save.takeTheirs();
  editMerged = (): void => this.#save.editMerged();
  diskChanged = (): Promise<void> => this.#save.diskChanged();
  diskRemoved = (): void => this.#save.diskRemoved();
  journalNow = (): Promise<void> => this.#journal.now();
  /** The user gives up the unsaved edits (closing the window or the entry). */
  abandonEdits = (): Promise<void> => this.#journal.abandon();
  discardDraft = (): Promise<void> => this.#journal.discardDraft();

  /** Puts the draft from an earlier run into the editor, as an undoable edit. */
  restoreDraft(): void {
    const draft = this.#journal.takeDraft();
    if (!draft) return;
    const spec = replaceByMerge(this.editorState, draft.text);
    if (spec) {
      this.dispatch(spec);
      this.#client.schedule(0);
    }
    // The file changed after these edits were made: show both before anything is saved.
    if (draft.base_hash !== null && draft.base_hash !== this.baseHash) this.#save.showDisk();
    void this.#journal.now();
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
    const first = transactions[0];
    const last = transactions[transactions.length - 1];
    if (!first || !last) return;
    // From the transactions, not `this.editorState`: a component dispatches
    // from an effect, which must not come to depend on the state set here.
    const previous = analysisOf(first.startState);
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
    if (edited && !pending && !this.#client.waiting && this.#analyzeDelay === 0) void this.analyzeNow();
    this.#view?.update(transactions);
    const only = transactions.length === 1 ? transactions[0] : undefined;
    if (edited && only && this.#typingListeners.size > 0) {
      const outline = analysisOf(only.startState)?.outline;
      const typed = outline && typedEdit(only, outline);
      if (typed) for (const listener of this.#typingListeners) listener(typed);
    }
    const analysis = analysisOf(last.state);
    if (analysis !== previous) {
      if (edited) this.#shown.showAfterPaint(() => analysisOf(this.editorState));
      else this.#shown.show(analysis);
    }
    if (edited) trace("mapped");
    if (pending) this.#client.schedule(0);
    else if (edited && !this.#client.waiting) this.#client.schedule(this.#analyzeDelay);
    if (edited) this.#journal.schedule();
  }

  // ---- opening -------------------------------------------------------------

  /** Loads entry `id` from disk and shows it (the caller has asked about unsaved edits). */
  async open(id: string): Promise<boolean> {
    if (this.id !== null && this.id !== id) this.#journal.drop();
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
    if (this.id !== null && this.id !== view.id) this.#journal.drop();
    this.#openSequence++;
    this.loading = false;
    this.#install(view);
    startupMark("entry-installed");
  }

  /** Shows no entry. */
  close(): void {
    this.#journal.drop();
    this.#openSequence++;
    const state = EditorState.create();
    this.#reset(null, state.doc, null);
    this.#shown.show(null);
    this.#setState(state);
  }

  #install(entry: EntryView): void {
    const state = EditorState.create({ doc: entry.text, extensions: editorExtensions(this.#names) });
    this.#reset(entry.id, state.doc, entry.hash);
    this.#setState(state);
    this.#applyAnalysis(entry.analysis, null);
  }

  /** Entry `id` (or none) is open now, with `doc` read from the file with `hash`. */
  #reset(id: string | null, doc: Text, hash: string | null): void {
    this.#client.forget();
    this.#pendingHeading = undefined;
    this.id = id;
    this.#save.reset(doc, hash);
    this.#journal.reset(id);
  }

  #setState(state: EditorState): void {
    this.editorState = state;
    if (this.#view) {
      this.#view.setState(state);
      this.#view.scrollDOM.scrollTop = 0;
    }
    this.moves++;
  }

  // ---- analysis (editor/analysis-field.ts, analysis-client.ts) ---------------

  /** Analyses the current text now; resolves once the answer is applied or dropped as stale. */
  analyzeNow(): Promise<void> {
    return this.#client.now();
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

  /** Another entry changed: backlinks and red links of this one may have too. */
  othersChanged(): void {
    if (this.id !== null) this.#client.schedule(0);
  }

  // ---- section mode ----------------------------------------------------------

  /** Shows part `index` of the outline alone (or the first part with `heading`). */
  async editSection(heading: string | null, index?: number): Promise<boolean> {
    const outline = await this.currentOutline();
    if (!outline) return false;
    const part = outline[index !== undefined && outline[index]?.heading === heading ? index : findPart(outline, heading)];
    if (!part) return false;
    this.#move(showPart(this.editorState, part));
    return true;
  }

  /** Shows the whole entry, keeping the cursor where it is. */
  editWhole(): void {
    if (this.section) this.#move(showWhole(this.editorState));
  }

  /** Dispatches one of the store's own moves of the editor (the preview follows it). */
  #move(spec: TransactionSpec, focus = true): void {
    this.dispatch(spec);
    if (focus) this.focus();
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
    this.#move(reveal(this.editorState, analysisOf(this.editorState)?.outline ?? [], range));
  }

  /**
   * Shows the part whose heading has `anchor` (as the backend computed it
   * for the outline and the link) at the editor's top, with the cursor on
   * its heading (a link to a section); in section mode, that section. False
   * when no heading has that anchor.
   */
  showHeading(anchor: string): boolean {
    const part = analysisOf(this.editorState)?.outline.find((item) => item.anchor === anchor);
    if (!part) return false;
    this.#move(goToHeading(this.editorState, part), false);
    return true;
  }

  /** Selects 1-based `line` (clamped to the text), showing the section that holds it. */
  revealLine(line: number): void {
    const doc = this.editorState.doc;
    const found = doc.line(Math.min(Math.max(1, line), doc.lines));
    this.revealRange({ from: found.from, to: found.to });
  }

  /**
   * Replaces the whole text as one user edit (a restored section from
   * history): unsaved, one undo step, journaled and analysed like typing.
   */
  replaceText(text: string): boolean {
    const spec = this.id === null ? null : replaceAll(this.editorState, text);
    if (!spec) return false;
    this.dispatch(spec);
    this.focus();
    return true;
  }
}
