// Moving between entries without losing work: every way of opening another
// entry (sidebar, quick open, links, backlinks, problems) comes through here
// and asks before unsaved edits would be dropped.

import { createEntry, errorMessage, type Problem } from "../ipc";
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
