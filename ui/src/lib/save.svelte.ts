// Saving the open entry and keeping it in step with the disk. A save sends
// the hash of the file the text is based on; the backend refuses it when the
// file changed since. Changes on disk (a refused save, or the watcher) are
// merged with the edits when they do not overlap, and become a conflict the
// user resolves when they do: Keep mine (a save against the disk's hash),
// Take theirs, or Merge by hand. A file deleted on disk keeps the text and
// offers to save it again. Every text from disk reaches the editor as one
// transaction annotated `fromDisk`, isolated in the history.

import { isolateHistory } from "@codemirror/commands";
import { Text, type EditorState, type TransactionSpec } from "@codemirror/state";

import { errorMessage, isIpcError, loadEntry, mergeWithDisk, saveEntry, type Analysis, type EntryView, type ErrorCode, type SaveOutcome } from "../ipc";
import { findPart, minimalChange } from "./analysis";
import { replaceByMerge } from "./editor/moves";
import { fromDisk, setSection, type SectionRange } from "./editor/section";
import { ui } from "./ui.svelte";

export type SaveState = "saved" | "dirty" | "saving" | "conflict";

export const SAVE_STATE_LABELS: Record<SaveState, string> = {
  saved: "Saved",
  dirty: "Unsaved changes",
  saving: "Saving…",
  conflict: "Conflict",
};

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

/** What the save flow reads of the open entry, and its one door for changes (the entry store). */
export interface SaveSource {
  readonly id: string | null;
  readonly editorState: EditorState;
  readonly dirty: boolean;
  /** The section shown, or null in whole-entry mode. */
  readonly section: SectionRange | null;
  dispatch(...specs: TransactionSpec[]): void;
}

/** What the save flow tells the rest of the open entry. */
export interface SaveEvents {
  /** Asks for an analysis of the text as it is now. */
  reanalyse(): void;
  /** Shows `analysis`, computed for exactly the text in the editor. */
  showAnalysis(analysis: Analysis): void;
  /** The text changed without typing (a merge): it is unsaved, to analyse and journal. */
  merged(): void;
  /** Entry `id`'s text was written to its file. */
  written(id: string): void;
}

export class SaveFlow {
  /** The hash of the file the base document was read from or written to. */
  baseHash = $state<string | null>(null);
  /** The text `baseHash` belongs to: the editor is dirty when its text differs. */
  baseDoc = $state.raw<Text>(Text.empty);
  saving = $state(false);
  conflict = $state.raw<Conflict | null>(null);
  /** When the entry was last reloaded from disk in place (for a short notice). */
  reloadedAt = $state(0);
  /** The last merge of changes on disk into the edits (for a notice). */
  merged = $state.raw<MergeNotice | null>(null);

  readonly #host: SaveSource;
  readonly #events: SaveEvents;
  #recheckAfterSave = false;

  constructor(host: SaveSource, events: SaveEvents) {
    this.#host = host;
    this.#events = events;
  }

  /** The editor now holds `doc`, the text of the file with `hash` (or none). */
  reset(doc: Text, hash: string | null): void {
    this.baseHash = hash;
    this.baseDoc = doc;
    this.conflict = null;
    this.merged = null;
    this.#recheckAfterSave = false;
  }

  /**
   * Ctrl+S: writes the text over the version it is based on. Refused while a
   * conflict is shown (the user chooses first); a conflict answer keeps both
   * texts and shows them.
   */
  async save(): Promise<SaveOutcome | null> {
    if (this.#host.id === null || this.saving || this.conflict) return null;
    if (!this.#host.dirty) return null;
    return this.#write(this.baseHash);
  }

  /** "Keep mine": writes the editor's text over what is on disk now. */
  async keepMine(): Promise<SaveOutcome | null> {
    const conflict = this.conflict;
    if (this.#host.id === null || this.saving || !conflict) return null;
    return this.#write(conflict.kind === "changed" ? conflict.diskHash : null);
  }

  /** "Take theirs": the disk's text replaces the editor's, as one undoable step. */
  takeTheirs(): void {
    const conflict = this.conflict;
    if (!conflict || conflict.kind !== "changed") return;
    this.#replaceFromDisk(conflict.diskText, conflict.diskHash, "theirs", null);
  }

  /** "Merge by hand": the marked-up merge replaces the editor's text (undoable); the markers are then edited away. */
  editMerged(): void {
    const conflict = this.conflict;
    if (!conflict || conflict.kind !== "changed" || conflict.merged === null) return;
    this.#dispatchMerge(conflict.merged);
    this.baseHash = conflict.diskHash;
    this.baseDoc = Text.of(conflict.diskText.split("\n"));
    this.conflict = null;
    this.#events.merged();
  }

  /** Edits restored from a crash were made on another version of the file: show the disk's beside them. */
  showDisk(): void {
    this.conflict = { kind: "changed", diskText: this.baseDoc.toString(), diskHash: this.baseHash, origin: "disk", merged: null };
  }

  /** The watcher says the open entry changed on disk (or the wiki was rescanned). */
  async diskChanged(): Promise<void> {
    const id = this.#host.id;
    if (id === null) return;
    if (this.saving) {
      this.#recheckAfterSave = true;
      return;
    }
    let entry: EntryView;
    try {
      entry = await loadEntry(id);
    } catch (error) {
      if (id === this.#host.id && isIpcError(error) && reloadRefusal(error.code) === "gone") this.diskRemoved();
      return;
    }
    if (id !== this.#host.id) return;
    if (entry.hash === this.baseHash) {
      // Unchanged (a rescan): links from other entries may still have moved.
      this.#events.reanalyse();
      return;
    }
    const doc = this.#host.editorState.doc;
    if (entry.text === doc.toString()) {
      this.baseHash = entry.hash;
      this.baseDoc = doc;
      this.conflict = null;
      this.#events.showAnalysis(entry.analysis);
      return;
    }
    if (!this.#host.dirty && !this.conflict) {
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

  /** The watcher says the open entry was deleted. */
  diskRemoved(): void {
    if (this.#host.id === null) return;
    this.conflict = { kind: "deleted", origin: "disk" };
  }

  async #write(base: string | null, mayMerge = true): Promise<SaveOutcome | null> {
    const id = this.#host.id;
    if (id === null) return null;
    const doc = this.#host.editorState.doc;
    this.saving = true;
    try {
      const outcome = await saveEntry(id, doc.toString(), base);
      if (id !== this.#host.id) return outcome;
      if (outcome.outcome === "saved") {
        this.baseHash = outcome.hash;
        this.baseDoc = doc;
        this.conflict = null;
        this.#events.written(id);
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
      if (this.#recheckAfterSave && id === this.#host.id) {
        this.#recheckAfterSave = false;
        void this.diskChanged();
      }
    }
  }

  /** The disk's `text` replaces the editor's; with the disk's `analysis`, the section on screen stays on screen. */
  #replaceFromDisk(text: string, hash: string | null, reason: "reload" | "theirs", analysis: Analysis | null): void {
    const change = minimalChange(this.#host.editorState.doc.toString(), text);
    const shown = this.#host.section;
    const spec: TransactionSpec = {
      changes: change ?? [],
      annotations: [fromDisk.of(reason), isolateHistory.of("full")],
      filter: false,
    };
    if (analysis && shown) {
      const part = analysis.outline[findPart(analysis.outline, shown.heading, shown.from)];
      spec.effects = setSection.of(part ? { from: part.from, to: part.to, heading: part.heading } : null);
    }
    this.#host.dispatch(spec);
    this.baseHash = hash;
    this.baseDoc = this.#host.editorState.doc;
    this.conflict = null;
    if (analysis) this.#events.showAnalysis(analysis);
    else this.#events.reanalyse();
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
      const doc = this.#host.editorState.doc;
      const base = this.baseDoc;
      let result;
      try {
        result = await mergeWithDisk(base.toString(), doc.toString(), diskText);
      } catch (error) {
        console.error(error);
        if (id === this.#host.id) this.conflict = conflictOf(null);
        return false;
      }
      if (id !== this.#host.id) return false;
      // Typing went on while the merge ran: merge again with the newer text.
      if (this.#host.editorState.doc !== doc || this.baseDoc !== base) continue;
      if (!result.clean) {
        this.conflict = conflictOf(result.text);
        return false;
      }
      this.#dispatchMerge(result.text);
      this.baseHash = diskHash;
      this.baseDoc = Text.of(diskText.split("\n"));
      this.conflict = null;
      this.merged = { at: Date.now(), parts: result.disk_changed, saved: false };
      this.#events.merged();
      return true;
    }
    this.conflict = conflictOf(null);
    return false;
  }

  /** Puts `text` in the editor as one undoable step that is not typing. */
  #dispatchMerge(text: string): void {
    const spec = replaceByMerge(this.#host.editorState, text);
    if (spec) this.#host.dispatch(spec);
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
    // Sync's reasons never come from reading an entry; if one did, the
    // editor's text stays.
    case "no-remote":
    case "detached-head":
    case "offline":
    case "authentication":
    case "remote-missing":
    case "push-refused":
    case "still-behind":
    case "staged-changes":
    case "local-changes":
    case "in-progress":
    case "conflicts-remain":
    case "nothing-in-progress":
      return "kept";
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}
