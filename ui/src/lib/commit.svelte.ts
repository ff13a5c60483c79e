// The Commit view's state: every entry that differs from HEAD with its
// staging (as git's index holds it), summary and problems; the message; why
// the commit is blocked; and the commit itself, one at a time. Staging and
// committing happen in the backend (git); this store only asks and shows.

import {
  commitStaged,
  commitView,
  errorMessage,
  isIpcError,
  stageEntry,
  type CommitDone,
  type CommitEntry,
  type CommitView,
  type Problem,
} from "../ipc";
import { ui } from "./ui.svelte";

export interface CommitOptions {
  /** Called after a commit (history and the entry list refresh). */
  onCommitted?: (done: CommitDone) => void;
}

/** The first line of a commit message, trimmed: what `git log --oneline` shows. */
export function firstLine(message: string): string {
  return (message.split("\n")[0] ?? "").trim();
}

/** How many problems of each level, for the badges. */
export function counts(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const problem of problems) {
    if (problem.level === "error") errors++;
    else if (problem.level === "warning") warnings++;
  }
  return { errors, warnings };
}

/** The ids a change touches: both of a rename. */
export function pathsOf(entry: Pick<CommitEntry, "id" | "previous_id">): string {
  return entry.previous_id ? `${entry.previous_id} → ${entry.id}` : entry.id;
}

export class CommitStore {
  open = $state(false);
  view = $state.raw<CommitView | null>(null);
  loading = $state(false);
  /** Why the view cannot be shown (no git repository, no commit yet). */
  error = $state<string | null>(null);
  message = $state("");
  committing = $state(false);
  /** Entries whose staging is being changed. */
  pending = $state.raw<ReadonlySet<string>>(new Set());
  /** Why the last commit attempt failed (a hook's words, a missing identity). */
  commitError = $state<string | null>(null);

  readonly #onCommitted: (done: CommitDone) => void;
  #sequence = 0;

  constructor(options: CommitOptions = {}) {
    this.#onCommitted = options.onCommitted ?? (() => {});
  }

  /** Whether the commit is blocked by errors in what is staged. */
  get blocked(): boolean {
    return (this.view?.blocking.length ?? 0) > 0;
  }

  /** Why the commit button is disabled, or null when it may be pressed. */
  get reason(): string | null {
    const view = this.view;
    if (!view) return this.error ?? "Reading git…";
    if (this.committing) return "Committing…";
    if (this.blocked) {
      const count = view.blocking.length;
      return `Blocked: the staged entries have ${count} error${count === 1 ? "" : "s"}`;
    }
    if (!view.anything_staged) return "Tick the entries to commit";
    if (view.identity === null) return "git does not know who you are";
    if (firstLine(this.message) === "") return "Write a message (its first line says what the commit does)";
    return null;
  }

  get canCommit(): boolean {
    return this.reason === null;
  }

  async toggle(): Promise<void> {
    if (this.open) this.close();
    else await this.show();
  }

  async show(): Promise<void> {
    this.open = true;
    this.commitError = null;
    await this.refresh();
  }

  close(): void {
    this.open = false;
    this.#sequence++;
    this.loading = false;
  }

  /** Reads the view again (an older answer arriving late is dropped). */
  async refresh(): Promise<void> {
    const sequence = ++this.#sequence;
    this.loading = true;
    try {
      const view = await commitView();
      if (sequence !== this.#sequence) return;
      this.view = view;
      this.error = null;
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.view = null;
      this.error = errorMessage(error);
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  /** Stages (true) or unstages (false) an entry; a partly staged entry is staged whole. */
  async setStaged(id: string, staged: boolean): Promise<void> {
    if (this.committing || this.pending.has(id)) return;
    this.pending = new Set([...this.pending, id]);
    const sequence = ++this.#sequence;
    try {
      const view = await stageEntry(id, staged);
      if (sequence === this.#sequence) this.view = view;
    } catch (error) {
      ui.toast(`Could not ${staged ? "stage" : "unstage"} ${id}: ${errorMessage(error)}`, "error");
      if (sequence === this.#sequence) void this.refresh();
    } finally {
      const next = new Set(this.pending);
      next.delete(id);
      this.pending = next;
    }
  }

  /** Commits what is staged with the message; one commit at a time. */
  async commit(): Promise<CommitDone | null> {
    if (!this.canCommit) return null;
    this.committing = true;
    this.commitError = null;
    try {
      const done = await commitStaged(this.message);
      this.message = "";
      ui.toast(`Committed ${done.short_id}: ${done.summary}`, "success");
      this.#onCommitted(done);
      return done;
    } catch (error) {
      this.commitError = errorMessage(error);
      if (!isIpcError(error)) console.error(error);
      return null;
    } finally {
      this.committing = false;
      await this.refresh();
    }
  }
}
