// Asking the backend to analyse the open entry's text, one request at a
// time. The text goes on changing while a request is out (the app asks
// within the keystroke that changed it), so an answer usually describes a
// text the editor no longer holds. The client keeps the text it asked about
// and the user's edits made since, composed; an answer is handed back with
// those edits, for the analysis field to map onto the editor's text, only if
// they lead exactly to the text the editor holds when it arrives (documents
// compared by identity: CodeMirror's texts are immutable). Anything else is
// dropped: an answer to a request that a newer one replaced, or one about a
// text replaced since by text from disk (that text comes with its own
// analysis or a new request), or one whose edits the client did not see.

import { ChangeSet, type Text, type Transaction } from "@codemirror/state";

import { analyzeEntry, type Analysis } from "../ipc";
import { fromDisk } from "./editor/section";

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

export class AnalysisClient {
  readonly #currentDoc: () => Text;
  #flight: Flight | null = null;

  /** `currentDoc` gives the text the editor holds now. */
  constructor(currentDoc: () => Text) {
    this.#currentDoc = currentDoc;
  }

  /** Whether a request is out whose answer would still be used. */
  get waiting(): boolean {
    return this.#flight !== null;
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
    if (flight.reached !== this.#currentDoc()) return null;
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

  /** Drops the answer of the request out now (another entry, a text replaced wholesale). */
  forget(): void {
    this.#flight = null;
  }
}
