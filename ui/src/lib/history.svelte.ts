// History and diffs: the open entry's commits, the two versions picked to
// compare, the diff shown, "Review changes" (every entry whose saved file
// differs from HEAD, stepped through as one batch) and restoring a section
// of an old version into the editor as an undoable edit. The editor is
// reached only through the callbacks given to the store, never imported.

import {
  changedEntries,
  entryDiff,
  entryHistory,
  errorMessage,
  isIpcError,
  restoreSection,
  type ChangedEntryView,
  type DiffSection,
  type DiffView,
  type HistoryItem,
  type VersionSpec,
} from "../ipc";
import { ui } from "./ui.svelte";

/** A version the user can pick: a commit hash, or the working copy (with the editor's unsaved text). */
export type VersionKey = string;
export const WORKING: VersionKey = "working";

export type DiffLayout = "split" | "inline";
export type DiffMode = "source" | "rendered";
export type Panel = "history" | "review";

export interface HistoryOptions {
  /** The open entry: its id, its text and whether the text is unsaved. */
  current: () => { id: string | null; text: string; dirty: boolean };
  /** Puts a whole new text into the editor as one undoable, unsaved edit. */
  apply: (text: string) => boolean;
}

/** What a diff compares, to ask for it again and to restore from its old side. */
interface Comparison {
  id: string;
  oldId: string | null;
  old: VersionSpec;
  next: VersionSpec;
  /** Whether the working copy side is the editor's text (else the saved file). */
  useEditor: boolean;
  /** Whether its sections may be restored into the editor (not for what a sync brings in). */
  restorable?: boolean;
}

function spec(key: VersionKey): VersionSpec {
  return key === WORKING ? { kind: "working_copy" } : { kind: "revision", revision: key };
}

export class HistoryStore {
  panel = $state<Panel | null>(null);
  /** The entry whose history is listed. */
  historyId = $state<string | null>(null);
  items = $state.raw<HistoryItem[]>([]);
  loading = $state(false);
  /** Why history or review cannot be shown (such as no git repository). */
  error = $state<string | null>(null);
  /** Up to two picked versions, in the order picked. */
  picks = $state.raw<VersionKey[]>([]);

  review = $state.raw<ChangedEntryView[] | null>(null);
  /** The review item the diff shows, when it came from the review list. */
  reviewIndex = $state<number | null>(null);

  diff = $state.raw<DiffView | null>(null);
  diffLoading = $state(false);
  diffError = $state<string | null>(null);
  layout = $state<DiffLayout>("split");
  mode = $state<DiffMode>("source");

  readonly #options: HistoryOptions;
  #comparison: Comparison | null = null;
  #sequence = 0;

  constructor(options: HistoryOptions) {
    this.#options = options;
  }

  /** Whether the diff view is open (it takes the keyboard). */
  get diffOpen(): boolean {
    return this.diff !== null || this.diffLoading || this.diffError !== null;
  }

  /** Whether a section of the shown diff can be restored into the editor. */
  canRestore(section: DiffSection): boolean {
    const comparison = this.#comparison;
    return (
      comparison !== null &&
      comparison.restorable !== false &&
      comparison.old.kind === "revision" &&
      section.old_index !== null &&
      this.#options.current().id === comparison.id
    );
  }

  // ---- history -------------------------------------------------------------

  /** Opens the history panel of the open entry (or closes it when it shows). */
  async toggleHistory(): Promise<void> {
    if (this.panel === "history") {
      this.closePanel();
      return;
    }
    await this.showHistory();
  }

  async showHistory(): Promise<void> {
    const id = this.#options.current().id;
    this.panel = "history";
    this.error = null;
    if (id === null) {
      this.items = [];
      this.historyId = null;
      return;
    }
    const sequence = ++this.#sequence;
    this.loading = true;
    this.historyId = id;
    try {
      const items = await entryHistory(id);
      if (sequence !== this.#sequence) return;
      this.items = items;
      // The usual question first: what changed since the last commit.
      this.picks = items[0] ? [items[0].id, WORKING] : [];
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.items = [];
      this.picks = [];
      this.error = errorMessage(error);
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  /** Picks or unpicks a version; a third pick replaces the earlier of the two. */
  togglePick(key: VersionKey): void {
    if (this.picks.includes(key)) this.picks = this.picks.filter((pick) => pick !== key);
    else this.picks = [...this.picks, key].slice(-2);
  }

  /** The picked versions as (older, newer): the working copy is newest, commits by their place in the history. */
  orderedPicks(): [VersionKey, VersionKey] | null {
    if (this.picks.length !== 2) return null;
    const age = (key: VersionKey) => (key === WORKING ? -1 : this.items.findIndex((item) => item.id === key));
    const [a, b] = this.picks as [VersionKey, VersionKey];
    return age(a) > age(b) ? [a, b] : [b, a];
  }

  /** Compares the two picked versions. */
  async comparePicks(): Promise<void> {
    const picks = this.orderedPicks();
    const id = this.historyId;
    if (!picks || id === null) return;
    this.reviewIndex = null;
    await this.#show({ id, oldId: null, old: spec(picks[0]), next: spec(picks[1]), useEditor: true });
  }

  // ---- review changes ------------------------------------------------------

  async toggleReview(): Promise<void> {
    if (this.panel === "review") {
      this.closePanel();
      return;
    }
    await this.showReview();
  }

  async showReview(): Promise<void> {
    this.panel = "review";
    this.error = null;
    const sequence = ++this.#sequence;
    this.loading = true;
    try {
      const review = await changedEntries();
      if (sequence !== this.#sequence) return;
      this.review = review;
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.review = null;
      this.error = errorMessage(error);
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  /** Opens the diff of review item `index` (HEAD against the saved file). */
  async openReviewItem(index: number): Promise<void> {
    const item = this.review?.[index];
    if (!item) return;
    this.reviewIndex = index;
    await this.#show({
      id: item.id,
      oldId: item.previous_id,
      old: { kind: "revision", revision: "HEAD" },
      next: { kind: "working_copy" },
      useEditor: false,
    });
  }

  /** Opens the diff of entry `id` between two commits (Sync's Incoming: the merge base and the upstream). */
  async showRevisions(id: string, oldId: string | null, old: string, next: string): Promise<void> {
    this.reviewIndex = null;
    await this.#show({
      id,
      oldId,
      old: { kind: "revision", revision: old },
      next: { kind: "revision", revision: next },
      useEditor: false,
      // What comes in is for reading: its merge base is no version to put back.
      restorable: false,
    });
  }

  /** The next (1) or previous (-1) entry of the review batch. */
  async stepReview(delta: 1 | -1): Promise<void> {
    if (this.reviewIndex === null || !this.review) return;
    const index = this.reviewIndex + delta;
    if (index < 0 || index >= this.review.length) return;
    await this.openReviewItem(index);
  }

  // ---- the diff --------------------------------------------------------------

  async #show(comparison: Comparison): Promise<void> {
    this.#comparison = comparison;
    const sequence = ++this.#sequence;
    this.diffLoading = true;
    this.diffError = null;
    const current = this.#options.current();
    // The editor's text only when it differs from the file: then the side is labelled as the editor's.
    const text = comparison.useEditor && current.id === comparison.id && current.dirty ? current.text : null;
    try {
      const diff = await entryDiff(comparison.id, comparison.oldId, comparison.old, comparison.next, text);
      if (sequence !== this.#sequence) return;
      this.diff = diff;
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.diff = null;
      this.diffError = errorMessage(error);
    } finally {
      if (sequence === this.#sequence) this.diffLoading = false;
    }
  }

  closeDiff(): void {
    this.#sequence++;
    this.diff = null;
    this.diffError = null;
    this.diffLoading = false;
    this.#comparison = null;
  }

  closePanel(): void {
    this.closeDiff();
    this.panel = null;
    this.error = null;
  }

  /**
   * Brings the old text of `section` into the open entry's editor: an unsaved
   * edit that Ctrl+Z undoes, never a write to disk. Closes the diff so the
   * editor shows it.
   */
  async restore(section: DiffSection): Promise<boolean> {
    const comparison = this.#comparison;
    const current = this.#options.current();
    if (!comparison || !this.canRestore(section) || section.old_index === null || current.id === null) return false;
    try {
      const text = await restoreSection(current.id, comparison.old, section.old_index, current.text);
      const name = section.old_heading ?? "Lead";
      if (this.#options.current().text !== current.text) {
        ui.toast(`Not restored: the text changed meanwhile. Try again.`, "warning");
        return false;
      }
      if (!this.#options.apply(text)) {
        ui.toast(`“${name}” already reads as in that version.`, "info");
        return false;
      }
      this.closeDiff();
      ui.toast(`Restored “${name}” into the editor — not saved yet; Ctrl+Z undoes it.`, "success");
      return true;
    } catch (error) {
      ui.toast(`Could not restore the section: ${errorMessage(error)}`, isIpcError(error) ? "warning" : "error");
      return false;
    }
  }
}

/** "3 days ago", "just now", or the date for anything older than a month. `time` in seconds since 1970. */
export function relativeDate(time: number, now: number = Date.now()): string {
  const seconds = Math.round(now / 1000 - time);
  if (seconds < 60) return "just now";
  const units: [number, string][] = [
    [60, "minute"],
    [3600, "hour"],
    [86400, "day"],
  ];
  if (seconds < 30 * 86400) {
    let chosen: [number, string] = units[0]!;
    for (const unit of units) if (seconds >= unit[0]) chosen = unit;
    const count = Math.floor(seconds / chosen[0]);
    return `${count} ${chosen[1]}${count === 1 ? "" : "s"} ago`;
  }
  return new Date(time * 1000).toISOString().slice(0, 10);
}

/** How a side of a diff is named for people. */
export function sideName(label: string): string {
  if (label === "editor") return "Editor (unsaved)";
  if (label === "working copy") return "Working copy";
  return label;
}
