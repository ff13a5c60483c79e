// Moving between entries without losing work: every way of opening another
// entry (sidebar, quick open, links, backlinks, problems) comes through here
// and asks before unsaved edits would be dropped.

import { chooseWikiFolder, createEntry, errorMessage, type Problem } from "../ipc";
import { entry, ui, wiki } from "./stores.svelte";

export interface OpenOptions {
  /** A heading slug to scroll the preview to. */
  anchor?: string | null;
  /** A problem to select once the entry is open. */
  problem?: Pick<Problem, "from" | "to"> | null;
}

/** Whether unsaved edits may be dropped (asks only when there are some). */
export function mayDiscard(action: string): boolean {
  if (!entry.dirty && entry.conflict?.kind !== "changed") return true;
  const title = entry.analysis?.title ?? (entry.id ? wiki.title(entry.id) : "This entry");
  return window.confirm(`“${title}” has unsaved changes.\n\nDiscard them and ${action}?`);
}

/** Opens entry `id`, asking first when the open one has unsaved edits. */
export async function openEntry(id: string, options: OpenOptions = {}): Promise<boolean> {
  if (entry.id !== id) {
    if (!mayDiscard(`open “${wiki.title(id)}”`)) return false;
    if (!(await entry.open(id))) return false;
  }
  if (options.anchor) ui.scrollPreviewTo(options.anchor);
  if (options.problem) entry.revealProblem(options.problem);
  return true;
}

/** Creates an entry and opens it; resolves to an error message for the dialog, or null. */
export async function createAndOpen(title: string, kind: string, folder: string | null): Promise<string | null> {
  if (!mayDiscard(`create “${title.trim()}”`)) return "Cancelled: the open entry has unsaved changes.";
  let id: string;
  try {
    id = await createEntry(title, kind, folder);
  } catch (error) {
    return errorMessage(error);
  }
  await wiki.refresh();
  if (await entry.open(id)) ui.toast(`Created ${id}`, "success");
  return null;
}

/**
 * Opens the entry to start with: one with unsaved edits an earlier run left
 * (a crash), else the first in the list. Says when drafts were found.
 */
export async function openStartEntry(): Promise<void> {
  await wiki.loadDrafts();
  const drafts = wiki.drafts;
  if (drafts.length > 0) {
    const titles = drafts.map((draft) => `“${draft.title}”`).join(", ");
    const what = drafts.length === 1 ? "an entry" : `${drafts.length} entries`;
    ui.toast(`Quire kept unsaved edits from an earlier session for ${what}: ${titles}. Open it to restore or discard them.`, "warning", 15000);
  }
  const start = drafts.find((draft) => wiki.byId.has(draft.id))?.id ?? wiki.entries[0]?.id;
  if (start && entry.id === null && !entry.loading) await entry.open(start);
}

/** File › Open Wiki Folder…: asks about unsaved edits, then the system's folder picker. */
export async function openAnotherWiki(): Promise<void> {
  if (!mayDiscard("open another wiki")) return;
  let view;
  try {
    view = await chooseWikiFolder();
  } catch (error) {
    ui.toast(`Cannot open that folder: ${errorMessage(error)}`, "error");
    return;
  }
  if (!view) return;
  entry.close();
  wiki.replace(view);
  ui.toast(`Opened the wiki in ${view.root}`, "success");
  await openStartEntry();
}
