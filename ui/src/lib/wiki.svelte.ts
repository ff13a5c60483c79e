// The open wiki as the sidebar, quick open and completion see it: the entry
// list, kinds, wanted pages, drafts an earlier run left unsaved, and on
// demand every problem in the wiki.

import {
  errorMessage,
  unsavedEdits,
  wikiProblems,
  wikiView,
  type EntryInfo,
  type Problem,
  type UnsavedEdit,
  type WikiView,
} from "../ipc";
import type { LinkName } from "./editor/setup";
import { startupMark } from "../ipc/trace";

export class WikiStore {
  view = $state.raw<WikiView | null>(null);
  error = $state<string | null>(null);
  /** Every problem in the wiki, loaded when the wiki tab is shown. */
  problems = $state.raw<Problem[] | null>(null);
  problemsLoading = $state(false);
  /** Unsaved edits an earlier run (a crash) left in the journal, until restored or discarded. */
  drafts = $state.raw<UnsavedEdit[]>([]);

  readonly entries: readonly EntryInfo[] = $derived(this.view?.entries ?? []);
  readonly byId: ReadonlyMap<string, EntryInfo> = $derived(new Map(this.entries.map((entry) => [entry.id, entry])));
  /** The wiki folder's name, for the title bar. */
  readonly name: string = $derived(folderName(this.view?.root ?? ""));
  readonly linkNames: readonly LinkName[] = $derived(
    this.entries.flatMap((entry) => [
      { name: entry.title, title: entry.title, kind: entry.kind },
      ...entry.aliases.map((alias) => ({ name: alias, title: entry.title, kind: entry.kind })),
    ]),
  );

  #viewSequence = 0;
  #problemSequence = 0;

  /** Reloads the entry list; an older answer arriving late is dropped. */
  async refresh(): Promise<void> {
    const sequence = ++this.#viewSequence;
    try {
      const view = await wikiView();
      startupMark("wiki-answered");
      if (sequence !== this.#viewSequence) return;
      this.view = view;
      this.error = null;
    } catch (error) {
      if (sequence === this.#viewSequence) this.error = errorMessage(error);
    }
  }

  /** Reloads every problem of the wiki. */
  async refreshProblems(): Promise<void> {
    const sequence = ++this.#problemSequence;
    this.problemsLoading = true;
    try {
      const problems = await wikiProblems();
      if (sequence === this.#problemSequence) this.problems = problems;
    } catch (error) {
      if (sequence === this.#problemSequence) this.error = errorMessage(error);
    } finally {
      if (sequence === this.#problemSequence) this.problemsLoading = false;
    }
  }

  /** Loads the drafts an earlier run left unsaved. */
  async loadDrafts(): Promise<void> {
    try {
      const drafts = await unsavedEdits();
      startupMark("drafts-answered");
      this.drafts = drafts;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  draftFor(id: string): UnsavedEdit | null {
    return this.drafts.find((draft) => draft.id === id) ?? null;
  }

  /** The draft of `id` was restored or discarded. */
  settleDraft(id: string): void {
    this.drafts = this.drafts.filter((draft) => draft.id !== id);
  }

  /** The start-up answer: the entry list and the drafts an earlier run left. */
  adopt(view: WikiView, drafts: UnsavedEdit[]): void {
    this.replace(view);
    this.drafts = drafts;
  }

  /** Another wiki was opened: forget everything about this one. */
  replace(view: WikiView): void {
    this.#viewSequence++;
    this.#problemSequence++;
    this.view = view;
    this.error = null;
    this.problems = null;
    this.problemsLoading = false;
    this.drafts = [];
  }

  title(id: string): string {
    return this.byId.get(id)?.title ?? id;
  }
}

function folderName(root: string): string {
  const parts = root.split(/[\\/]+/).filter((part) => part !== "");
  return parts[parts.length - 1] ?? root;
}

export const wiki = new WikiStore();
