// The app's shared stores, one of each. Features import them from here.

import { EntryStore } from "./entry.svelte";
import { HistoryStore } from "./history.svelte";
import { ui } from "./ui.svelte";
import { wiki } from "./wiki.svelte";

export const entry = new EntryStore({
  names: () => wiki.linkNames,
  onSaved: () => {
    void wiki.refresh();
    if (wiki.problems !== null) void wiki.refreshProblems();
  },
  draftFor: (id) => wiki.draftFor(id),
  onDraftSettled: (id) => wiki.settleDraft(id),
});
export const history = new HistoryStore({
  current: () => ({ id: entry.id, text: entry.editorState.doc.toString(), dirty: entry.dirty }),
  apply: (text) => entry.replaceText(text),
});
export { ui, wiki };
