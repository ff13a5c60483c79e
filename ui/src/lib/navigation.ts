// Moving between entries without losing work: every way of opening another
// entry (sidebar, quick open, links, backlinks, problems) comes through here
// and asks before unsaved edits would be dropped.

import { chooseWikiFolder, createEntry, errorMessage, renameEntry, takeStartUp, type EntryView } from "../ipc";
import type { Placement } from "./problems";
import { startupMark } from "../ipc/trace";
import { entry, ui, wiki } from "./stores.svelte";

export interface OpenOptions {
  /** A heading slug to scroll the preview to. */
  anchor?: string | null;
  /** A problem to select once the entry is open. */
  problem?: Placement | null;
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
  // The editor moves to the section and the preview follows it; the preview
  // also marks the heading (and scrolls there itself if the editor has no such heading).
  if (options.anchor) {
    entry.showHeading(options.anchor);
    ui.scrollPreviewTo(options.anchor);
  }
  if (options.problem) entry.revealProblem(options.problem);
  return true;
}

/** Opens entry `id` at 1-based `line` (a problem found by the Commit view). */
export async function openAtLine(id: string, line: number): Promise<boolean> {
  if (!(await openEntry(id))) return false;
  entry.revealLine(line);
  return true;
}

/**
 * Renames the open entry to `title` (file, title and every link across the
 * wiki, all or nothing), saving its unsaved edits first when `saveFirst`;
 * then opens it under its new id. Resolves to an error message for the
 * dialog, or null.
 */
export async function renameOpenEntry(title: string, saveFirst: boolean): Promise<string | null> {
  const id = entry.id;
  if (id === null) return "No entry is open.";
  if (entry.conflict) return "Not renamed: the file changed on disk. Choose in the banner above the editor first.";
  if (entry.dirty) {
    if (!saveFirst) return "Not renamed: the entry has unsaved changes. Save them first.";
    const saved = await entry.save();
    if (saved?.outcome !== "saved") return "Not renamed: the unsaved changes could not be saved first.";
  }
  let result;
  try {
    result = await renameEntry(id, title);
  } catch (error) {
    return errorMessage(error);
  }
  await wiki.refresh();
  if (wiki.problems !== null) void wiki.refreshProblems();
  await entry.open(result.new_id);
  const others = result.rewritten.length;
  const links = `${result.links} link${result.links === 1 ? "" : "s"} rewritten${others > 0 ? ` in ${others} other entr${others === 1 ? "y" : "ies"}` : ""}`;
  const skipped = result.left_alone.length > 0 ? ` Left alone (reference-style links): ${result.left_alone.join(", ")}.` : "";
  ui.toast(`Renamed to “${result.new_title}” (${result.new_id}); ${links}.${skipped}`, skipped ? "warning" : "success");
  return null;
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
 * The start-up's loading: the entry list and the drafts (both asked for at
 * once), then the entry to start with. `main.ts` runs it before the app is
 * mounted, so the first frame has the entry in it.
 */
export async function startUp(): Promise<void> {
  const asked = takeStartUp();
  if (asked) {
    try {
      const start = await asked;
      startupMark("start-up-answered");
      wiki.adopt(start.wiki, start.drafts);
      startupMark("wiki");
      await openStartEntry(Promise.resolve(), start.entry);
      return;
    } catch {
      // The usual way below, which says what failed.
    }
  }
  const draftsLoaded = wiki.loadDrafts();
  await wiki.refresh();
  startupMark("wiki");
  await openStartEntry(draftsLoaded);
}

/**
 * Opens the entry to start with: one with unsaved edits an earlier run left
 * (a crash), else the first in the list. Says when drafts were found.
 * `draftsLoaded` is a load of the drafts already under way (at start-up it
 * runs alongside the entry list's); without it they are loaded here.
 * `loaded` is the start-up answer's entry, taken if it is the one to open.
 */
export async function openStartEntry(draftsLoaded?: Promise<void>, loaded?: EntryView | null): Promise<void> {
  await (draftsLoaded ?? wiki.loadDrafts());
  startupMark("drafts");
  // A rename killed midway was completed or undone as the wiki opened.
  for (const line of wiki.view?.recovered ?? []) {
    const sentence = line.replace(/`([^`]*)`/g, "“$1”");
    ui.toast(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`, "warning", 0);
  }
  const drafts = wiki.drafts;
  if (drafts.length > 0) {
    const titles = drafts.map((draft) => `“${draft.title}”`).join(", ");
    const what = drafts.length === 1 ? "an entry" : `${drafts.length} entries`;
    ui.toast(`Quire kept unsaved edits from an earlier session for ${what}: ${titles}. Open it to restore or discard them.`, "warning", 15000);
  }
  const start = drafts.find((draft) => wiki.byId.has(draft.id))?.id ?? wiki.entries[0]?.id;
  if (!start || entry.id !== null || entry.loading) return;
  if (loaded?.id === start) entry.adopt(loaded);
  else await entry.open(start);
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
