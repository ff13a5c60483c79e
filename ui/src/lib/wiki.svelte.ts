// The open wiki as the sidebar, quick open and completion see it: the entry
// list, kinds, wanted pages, and on demand every problem in the wiki.

import { errorMessage, wikiProblems, wikiView, type EntryInfo, type Problem, type WikiView } from "../ipc";
import type { LinkName } from "./editor/setup";

export class WikiStore {
  view = $state.raw<WikiView | null>(null);
  error = $state<string | null>(null);
  /** Every problem in the wiki, loaded when the wiki tab is shown. */
  problems = $state.raw<Problem[] | null>(null);
  problemsLoading = $state(false);

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

  title(id: string): string {
    return this.byId.get(id)?.title ?? id;
  }
}

function folderName(root: string): string {
  const parts = root.split(/[\\/]+/).filter((part) => part !== "");
  return parts[parts.length - 1] ?? root;
}

export const wiki = new WikiStore();
