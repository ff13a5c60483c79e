// Sync's state: where the clone stands (the top bar), the background fetch,
// and the Sync panel's steps: uncommitted work, fetch, Incoming, integrate
// and push, then Resolve on conflicts. Git runs in the backend; files it
// changes reach the editor through the watcher, which merges unsaved edits
// as it does any outside edit, so nothing here touches an editor buffer.

import {
  addRemote,
  askpassAnswer,
  changedEntries,
  errorMessage,
  isIpcError,
  loadEntry,
  syncAbort,
  syncConflicts,
  syncContinue,
  syncFetch,
  syncIncoming,
  syncResolve,
  syncRun,
  syncSettings,
  syncStatus,
  setSyncSettings,
  type AskpassQuestion,
  type ChangedEntryView,
  type IncomingView,
  type SyncProgress,
  type SyncResult,
  type SyncSettings,
  type SyncStatusView,
} from "../ipc";

/** A conflicted entry in the Resolve view. */
export interface ResolvingFile {
  id: string;
  title: string;
  /** The hash of the text read (its save is refused if the file changed since); null outside the wiki. */
  hash: string | null;
  sections: string[];
  pieces: Piece[];
  choices: (Choice | null)[];
}

/** Where the Sync panel is. */
export type SyncStep =
  | "closed"
  | "uncommitted"
  | "fetching"
  | "incoming"
  | "integrating"
  | "done"
  | "resolve"
  | "invalid"
  | "failed"
  | "aborted";

export interface SyncCallbacks {
  /** Opens the Commit view (step 1 with uncommitted work). */
  openCommit: () => void;
  /** After anything that changed commits or files: the entry list and history refresh. */
  onChanged: () => void;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago": how long since `at` (ms since 1970), at `now`. */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** Whether a background fetch is due: a remote, fetching on, and the interval passed since the last one. */
export function fetchDue(status: SyncStatusView | null, settings: SyncSettings, metered: boolean, now: number): boolean {
  if (!status?.remote || status.running || status.in_progress || settings.fetch_minutes <= 0) return false;
  if (metered && !settings.fetch_when_metered) return false;
  return status.fetched_at === null || now - status.fetched_at >= settings.fetch_minutes * 60_000;
}

/** One line for the progress bar: "Fetch · Receiving objects 42%". */
export function progressLine(progress: SyncProgress | null): string {
  if (!progress) return "";
  const step = progress.step.charAt(0).toUpperCase() + progress.step.slice(1);
  return `${step} · ${progress.phase}${progress.percent === null ? "" : ` ${progress.percent}%`}`;
}

export class SyncStore {
  status = $state.raw<SyncStatusView | null>(null);
  /** Why the standing cannot be read (no git repository). */
  statusError = $state<string | null>(null);
  step = $state<SyncStep>("closed");
  uncommitted = $state.raw<ChangedEntryView[]>([]);
  incoming = $state.raw<IncomingView | null>(null);
  progress = $state.raw<SyncProgress | null>(null);
  result = $state.raw<SyncResult | null>(null);
  failure = $state<string | null>(null);
  /** A network or git job this window started is running. */
  busy = $state(false);
  settings = $state.raw<SyncSettings>({ fetch_minutes: 5, fetch_when_metered: false, rebase: false });
  metered = $state(false);
  /** The Add remote dialog. */
  addingRemote = $state(false);
  remoteError = $state<string | null>(null);
  /** The Resolve view: each conflicted entry, cut at its conflicts, and the choice made for each. */
  resolving = $state<ResolvingFile[]>([]);
  resolveError = $state<string | null>(null);
  /** Git's credential questions waiting for the dialog, oldest first. */
  questions = $state.raw<AskpassQuestion[]>([]);
  /** The clock the top bar's "fetched 3 min ago" reads; ticks each minute. */
  now = $state(Date.now());

  readonly #callbacks: SyncCallbacks;

  constructor(callbacks: SyncCallbacks) {
    this.#callbacks = callbacks;
  }

  get open(): boolean {
    return this.step !== "closed";
  }

  /** Whether the clone holds a merge or a stopped sync to continue or abort (the banner). */
  get stopped(): boolean {
    return this.status !== null && (this.status.in_progress !== null || this.status.interrupted);
  }

  async refresh(): Promise<void> {
    try {
      this.status = await syncStatus();
      this.statusError = null;
    } catch (error) {
      this.status = null;
      this.statusError = errorMessage(error);
    }
  }

  async loadSettings(): Promise<void> {
    try {
      [this.settings, this.metered] = await syncSettings();
    } catch (error) {
      console.error(error);
    }
  }

  async saveSettings(settings: SyncSettings): Promise<void> {
    this.settings = settings;
    await setSyncSettings(settings);
  }

  /** Called each minute: the clock moves, and a background fetch runs when due. */
  async tick(): Promise<void> {
    this.now = Date.now();
    if (this.busy || this.open || !fetchDue(this.status, this.settings, this.metered, this.now)) return;
    this.busy = true;
    try {
      this.status = await syncFetch(true);
    } catch (error) {
      // A background fetch says nothing: the top bar shows the old fetch time, Sync says why.
      if (!isIpcError(error) || error.code !== "busy") console.warn(errorMessage(error));
    } finally {
      this.busy = false;
    }
  }

  /** Sync (Ctrl+Shift+Y): uncommitted work first, else straight to the fetch. */
  async start(): Promise<void> {
    if (this.busy) return;
    // The remote may have been added, or a merge left, outside the app since the last look.
    await this.refresh();
    if (this.statusError !== null) {
      this.fail(this.statusError);
      return;
    }
    if (this.status && !this.status.remote) {
      this.addingRemote = true;
      return;
    }
    if (this.stopped) {
      await this.showStopped();
      return;
    }
    this.result = null;
    this.failure = null;
    this.incoming = null;
    try {
      this.uncommitted = await changedEntries();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.uncommitted.length > 0) this.step = "uncommitted";
    else await this.fetch();
  }

  /** Step 1's way on: the Commit view. */
  commitFirst(): void {
    this.step = "closed";
    this.#callbacks.openCommit();
  }

  /** Step 2: fetch, then step 3: what comes in. */
  async fetch(): Promise<void> {
    this.step = "fetching";
    this.progress = null;
    await this.#job(async () => {
      this.status = await syncFetch(false);
      this.incoming = await syncIncoming();
      this.step = "incoming";
    });
  }

  /** Step 4: integrate and push. */
  async integrate(): Promise<void> {
    this.step = "integrating";
    this.progress = null;
    await this.#job(async () => this.#ended(await syncRun()));
  }

  /** Finish in the Resolve view: validate, commit the merge, push. */
  async finish(): Promise<void> {
    this.step = "integrating";
    this.progress = null;
    await this.#job(async () => this.#ended(await syncContinue()));
  }

  /** Abort: commits, index and files as before the sync. */
  async abort(): Promise<void> {
    await this.#job(async () => {
      await syncAbort();
      this.result = null;
      this.step = "aborted";
    });
  }

  /** The panel for a sync left stopped (a crash, or conflicts from before). */
  async showStopped(): Promise<void> {
    this.failure = null;
    this.step = "resolve";
    try {
      const conflicts = await syncConflicts();
      this.result = { end: "conflicts", incoming: 0, pushed: 0, conflicts, problems: [] };
    } catch (error) {
      this.fail(error);
      return;
    }
    await this.loadConflicts();
  }

  close(): void {
    if (this.busy) return;
    this.step = "closed";
  }

  async addRemote(url: string): Promise<boolean> {
    this.remoteError = null;
    let added = false;
    await this.#job(
      async () => {
        this.status = await addRemote(url);
        added = true;
        this.addingRemote = false;
      },
      (error) => (this.remoteError = errorMessage(error)),
    );
    return added;
  }

  asked(question: AskpassQuestion): void {
    this.questions = [...this.questions, question];
  }

  /** Answers the oldest question (null cancels it: git then fails authentication). */
  async answer(answer: string | null): Promise<void> {
    const [question, ...rest] = this.questions;
    if (!question) return;
    this.questions = rest;
    await askpassAnswer(question.id, answer);
  }

  onProgress(progress: SyncProgress): void {
    this.progress = progress;
  }

  /** Reads each conflicted entry for the Resolve view. */
  async loadConflicts(): Promise<void> {
    this.resolveError = null;
    const files: ResolvingFile[] = [];
    try {
      for (const conflict of this.result?.conflicts ?? []) {
        if (!conflict.entry) {
          files.push({ id: conflict.id, title: conflict.id, hash: null, sections: conflict.sections, pieces: [], choices: [] });
          continue;
        }
        const view = await loadEntry(conflict.id);
        const pieces = conflictPieces(view.text);
        const blocks = pieces.filter((piece) => "block" in piece).length;
        files.push({
          id: conflict.id,
          title: view.analysis.title ?? conflict.id,
          hash: view.hash,
          sections: conflict.sections,
          pieces,
          choices: Array.from({ length: blocks }, () => null),
        });
      }
      this.resolving = files;
    } catch (error) {
      this.resolveError = errorMessage(error);
    }
  }

  choose(file: number, block: number, choice: Choice): void {
    const target = this.resolving[file];
    if (target) target.choices[block] = choice;
  }

  /** Whether every conflict has a choice (files outside the wiki are resolved outside the app). */
  get allSettled(): boolean {
    return this.resolving.every((file) => file.hash === null || file.choices.every((choice) => choice !== null));
  }

  /** Finish: writes each resolved entry (refused if it changed meanwhile), then validates, commits and pushes. */
  async finishResolve(): Promise<void> {
    this.resolveError = null;
    for (const file of this.resolving) {
      if (file.hash === null) continue;
      const text = resolvedText(file.pieces, file.choices);
      if (text === null) {
        this.resolveError = `A conflict in “${file.title}” has no choice yet`;
        return;
      }
      try {
        // Written as git writes (not the editor's save): the open editor merges it with its unsaved edits.
        file.hash = await syncResolve(file.id, text, file.hash);
      } catch (error) {
        if (isIpcError(error) && error.code === "changed") {
          this.resolveError = `“${file.title}” changed on disk meanwhile; its conflicts are read again`;
          await this.loadConflicts();
        } else this.resolveError = errorMessage(error);
        return;
      }
    }
    // A record without a merge (killed before it began): sync afresh; git has nothing to continue.
    if (this.status && this.status.in_progress === null) await this.integrate();
    else await this.finish();
  }

  #ended(result: SyncResult): void {
    this.result = result;
    if (result.end === "conflicts") {
      this.step = "resolve";
      void this.loadConflicts();
    }
    else if (result.end === "invalid") this.step = "invalid";
    else this.step = "done";
  }

  fail(error: unknown): void {
    this.failure = errorMessage(error);
    this.step = "failed";
  }

  async #job(work: () => Promise<void>, failed: (error: unknown) => void = (error) => this.fail(error)): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (error) {
      failed(error);
    } finally {
      this.busy = false;
      this.progress = null;
      await this.refresh();
      this.#callbacks.onChanged();
    }
  }
}

/** One conflict block of a file: its place and both sides (and the base, when the markers hold it). */
export interface ConflictBlock {
  /** The section the marker names (`<<<<<<< ours: Sources`), else null. */
  section: string | null;
  ours: string;
  theirs: string;
  base: string | null;
}

/** How a conflict is settled in the Resolve view. */
export type Choice = { kind: "ours" } | { kind: "theirs" } | { kind: "both" } | { kind: "edit"; text: string };

/** A text cut at its conflict blocks: plain pieces and blocks, in order. */
export type Piece = { plain: string } | { block: ConflictBlock };

/** The pieces of `text`: conflict blocks (git's and Quire's markers, with or without a base) and the text between. */
export function conflictPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  const lines = text.split(/(?<=\n)/);
  let plain = "";
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (!line.startsWith("<<<<<<<")) {
      plain += line;
      index++;
      continue;
    }
    const end = findBlockEnd(lines, index);
    if (end === null) {
      plain += line;
      index++;
      continue;
    }
    if (plain) pieces.push({ plain });
    plain = "";
    const label = line.replace(/^<+/, "").trim();
    const named = /^[^:]*:\s*(.+)$/.exec(label);
    const parts: Record<"ours" | "base" | "theirs", string> = { ours: "", base: "", theirs: "" };
    let side: "ours" | "base" | "theirs" = "ours";
    let hasBase = false;
    for (const inner of lines.slice(index + 1, end)) {
      if (inner.startsWith("|||||||")) {
        side = "base";
        hasBase = true;
      } else if (inner.startsWith("=======") && side !== "theirs") side = "theirs";
      else parts[side] += inner;
    }
    pieces.push({
      block: { section: named ? named[1]!.trim() : null, ours: parts.ours, theirs: parts.theirs, base: hasBase ? parts.base : null },
    });
    index = end + 1;
  }
  if (plain) pieces.push({ plain });
  return pieces;
}

function findBlockEnd(lines: string[], start: number): number | null {
  for (let index = start + 1; index < lines.length; index++) {
    if (lines[index]!.startsWith(">>>>>>>")) return index;
    if (lines[index]!.startsWith("<<<<<<<")) return null;
  }
  return null;
}

/** The text of one settled block; null when it is not settled yet. */
export function settled(block: ConflictBlock, choice: Choice | null): string | null {
  if (!choice) return null;
  switch (choice.kind) {
    case "ours":
      return block.ours;
    case "theirs":
      return block.theirs;
    case "both":
      return block.ours.endsWith("\n") || block.ours === "" ? block.ours + block.theirs : `${block.ours}\n${block.theirs}`;
    case "edit":
      return choice.text.endsWith("\n") || choice.text === "" ? choice.text : `${choice.text}\n`;
  }
}

/** `pieces` put back together with `choices` (one per block, in order); null while a block is unsettled. */
export function resolvedText(pieces: readonly Piece[], choices: readonly (Choice | null)[]): string | null {
  let text = "";
  let blockIndex = 0;
  for (const piece of pieces) {
    if ("plain" in piece) {
      text += piece.plain;
      continue;
    }
    const chosen = settled(piece.block, choices[blockIndex++] ?? null);
    if (chosen === null) return null;
    text += chosen;
  }
  return text;
}

/** One side of a conflict cut around where it differs from the other: what both share before and after, and its own middle. */
export interface Differing {
  before: string;
  middle: string;
  after: string;
}

/** `ours` and `theirs` cut at the words they share at the start and the end, so the Resolve view marks the middles. */
export function differing(ours: string, theirs: string): [Differing, Differing] {
  const a = ours.split(/(\s+)/);
  const b = theirs.split(/(\s+)/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const cut = (tokens: string[]): Differing => ({
    before: tokens.slice(0, start).join(""),
    middle: tokens.slice(start, tokens.length - end).join(""),
    after: tokens.slice(tokens.length - end).join(""),
  });
  return [cut(a), cut(b)];
}
