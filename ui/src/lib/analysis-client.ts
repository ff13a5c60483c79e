// Asking the backend to analyse the open entry's text: when (after a delay,
// or within the keystroke that changed it) and one request at a time. The
// text goes on changing while a request is out, so an answer usually
// describes a text the editor no longer holds. The client keeps the text it
// asked about and the user's edits made since, composed; an answer is handed
// back with those edits, for the analysis field to map onto the editor's
// text, only if they lead exactly to the text the editor holds when it
// arrives (documents compared by identity: CodeMirror's texts are
// immutable). Anything else is dropped: an answer to a request that a newer
// one replaced, one about a text replaced since by text from disk (that
// text comes with its own analysis or a new request), or one whose edits
// the client did not see.

import { ChangeSet, type EditorState, type Text, type Transaction } from "@codemirror/state";

import { analyzeEntry, errorMessage, type Analysis } from "../ipc";
import { trace } from "../ipc/trace";
import { analysisOf } from "./editor/analysis-field";
import { fromDisk } from "./editor/section";
import { ui } from "./ui.svelte";

/** An answer and the edits made since its request, which map it onto the current text. */
export interface Answer {
  analysis: Analysis;
  changes: ChangeSet;
}

interface Flight {
  /** The text the edits since the request lead to. */
  reached: Text;
  changes: ChangeSet;
}

/** What the client reads of the open entry (the entry store). */
export interface AnalysisSource {
  readonly id: string | null;
  readonly editorState: EditorState;
}

export class AnalysisClient {
  readonly #source: AnalysisSource;
  readonly #apply: (answer: Answer) => void;
  #flight: Flight | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts schedules: a scheduled analysis runs only if it is still the last one. */
  #scheduled = 0;

  /** `apply` places each answer that is not stale on the editor's text. */
  constructor(source: AnalysisSource, apply: (answer: Answer) => void) {
    this.#source = source;
    this.#apply = apply;
  }

  /** Whether a request is out whose answer would still be used. */
  get waiting(): boolean {
    return this.#flight !== null;
  }

  /**
   * Analyses after `delay` ms; with no delay, as soon as the current task
   * ends: the request is then on its way while the webview paints the
   * keystroke, instead of after that paint (a timer's turn comes after it).
   */
  schedule(delay: number): void {
    clearTimeout(this.#timer);
    const token = ++this.#scheduled;
    if (delay > 0) {
      this.#timer = setTimeout(() => void this.now(), delay);
    } else {
      queueMicrotask(() => {
        if (token === this.#scheduled) void this.now();
      });
    }
  }

  /** Analyses the current text now; resolves once the answer is applied or dropped as stale. */
  async now(): Promise<void> {
    clearTimeout(this.#timer);
    this.#scheduled++;
    const { id, editorState } = this.#source;
    if (id === null) return;
    trace("analyze");
    const shown = new Map((analysisOf(editorState)?.page ?? []).map((part) => [part.hash, part.html]));
    let answer;
    try {
      answer = await this.request(id, editorState.doc, shown);
    } catch (error) {
      ui.toast(`Cannot analyse ${id}: ${errorMessage(error)}`, "error");
      return;
    }
    if (!answer || id !== this.#source.id) return;
    trace("answered");
    this.#apply(answer);
    trace("applied");
    // Typed while it ran: the answer was mapped onto the new text; now analyse that text.
    if (!answer.changes.empty) this.schedule(0);
  }

  /**
   * Asks for the analysis of `doc` (entry `id`); `shown` maps the hashes of
   * the page parts on screen to their HTML. Resolves to the answer and the
   * edits since, or null when the answer is stale; rejects only when the
   * request that failed is still the latest one.
   */
  async request(id: string, doc: Text, shown: ReadonlyMap<string, string>): Promise<Answer | null> {
    const flight: Flight = { reached: doc, changes: ChangeSet.empty(doc.length) };
    this.#flight = flight;
    let analysis: Analysis;
    try {
      analysis = await analyzeEntry(id, doc.toString(), shown);
    } catch (error) {
      if (this.#flight !== flight) return null;
      this.#flight = null;
      throw error;
    }
    if (this.#flight !== flight) return null;
    this.#flight = null;
    if (flight.reached !== this.#source.editorState.doc) return null;
    return { analysis, changes: flight.changes };
  }

  /** Notes a transaction the editor applied, so that an answer out now can be mapped through it. */
  track(tr: Transaction): void {
    const flight = this.#flight;
    if (!flight || !tr.docChanged) return;
    if (tr.annotation(fromDisk) !== undefined || tr.startState.doc !== flight.reached) {
      this.#flight = null;
      return;
    }
    flight.changes = flight.changes.compose(tr.changes);
    flight.reached = tr.newDoc;
  }

  /** Drops the analysis scheduled and the answer of the request out now (another entry is open). */
  forget(): void {
    clearTimeout(this.#timer);
    this.#flight = null;
  }
}
