// The crash journal of the open entry: its unsaved text is recorded outside
// the wiki (the backend's `journal`) at most every couple of seconds while
// it is typed, and the record is forgotten once the text is back to the
// file's or the edits are given up. A run that died leaves its records:
// the one for an entry is offered as a draft when the entry opens, until it
// is restored or discarded.

import type { EditorState } from "@codemirror/state";

import { discardUnsaved, errorMessage, recordUnsaved, type UnsavedEdit } from "../ipc";
import { ui } from "./ui.svelte";

/** What the journal reads of the open entry (the entry store). */
export interface JournalSource {
  readonly id: string | null;
  readonly dirty: boolean;
  readonly editorState: EditorState;
  readonly baseHash: string | null;
}

export interface JournalOptions {
  /** Milliseconds between records of unsaved text. */
  delay?: number;
  /** Unsaved text an earlier run left for entry `id`, to offer when it opens. */
  draftFor?: (id: string) => UnsavedEdit | null;
  /** The draft of `id` was restored or given up: stop offering it. */
  onDraftSettled?: (id: string) => void;
}

export class Journal {
  /** Unsaved text of the open entry from an earlier run, offered until restored or discarded. */
  draft = $state.raw<UnsavedEdit | null>(null);

  readonly #source: JournalSource;
  readonly #delay: number;
  readonly #draftFor: (id: string) => UnsavedEdit | null;
  readonly #onDraftSettled: (id: string) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the journal holds a record for the open entry that this run may forget. */
  #recorded = false;
  #failed = false;

  constructor(source: JournalSource, options: JournalOptions = {}) {
    this.#source = source;
    this.#delay = options.delay ?? 2000;
    this.#draftFor = options.draftFor ?? (() => null);
    this.#onDraftSettled = options.onDraftSettled ?? (() => {});
  }

  /** Entry `id` (or none) is now open: nothing of it recorded by this run yet; its draft, if any, is offered. */
  reset(id: string | null): void {
    this.#stop();
    this.#recorded = false;
    this.draft = id === null ? null : this.#draftFor(id);
  }

  /** Records the unsaved text within the delay (at most once per delay while typing). */
  schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.now();
    }, this.#delay);
  }

  /** Records the unsaved text now (or forgets the record once the text is back to the file's). */
  async now(): Promise<void> {
    this.#stop();
    const { id, dirty } = this.#source;
    if (id === null) return;
    try {
      if (dirty) {
        await recordUnsaved(id, this.#source.editorState.doc.toString(), this.#source.baseHash);
        this.#recorded = true;
      } else if (this.#recorded) {
        await discardUnsaved(id);
        this.#recorded = false;
      }
      this.#failed = false;
    } catch (error) {
      // Say it once, not every two seconds; typing goes on.
      if (!this.#failed) ui.toast(`Unsaved edits cannot be kept safe against a crash: ${errorMessage(error)}`, "warning");
      this.#failed = true;
    }
  }

  /** The text was written to the file: the backend forgot the record with the write. */
  written(): void {
    this.#recorded = false;
  }

  /** Forgets the record of the open entry (its edits are being given up for another entry). */
  drop(): void {
    this.#stop();
    const { id, dirty } = this.#source;
    if (id !== null && (this.#recorded || dirty)) {
      void discardUnsaved(id).catch((error: unknown) => console.error(error));
    }
    this.#recorded = false;
  }

  /** The user gives up the unsaved edits (closing the window or the entry); resolves once forgotten. */
  abandon(): Promise<void> {
    this.#stop();
    this.#recorded = false;
    const { id, dirty } = this.#source;
    if (id === null || !dirty) return Promise.resolve();
    return discardUnsaved(id).catch((error: unknown) => console.error(error));
  }

  /**
   * Takes the draft of the open entry to put in the editor: it is no longer
   * offered, and its record is now this run's, kept or forgotten like one
   * made by typing. Null when there is none.
   */
  takeDraft(): UnsavedEdit | null {
    const draft = this.draft;
    if (!draft || draft.id !== this.#source.id) return null;
    this.draft = null;
    this.#onDraftSettled(draft.id);
    this.#recorded = true;
    return draft;
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

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
