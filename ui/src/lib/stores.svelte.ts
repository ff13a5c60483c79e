// The app's shared stores, one of each. Features import them from here.

import { CommitStore } from "./commit.svelte";
import { EntryStore } from "./entry.svelte";
import { HistoryStore } from "./history.svelte";
import { SyncStore } from "./sync.svelte";
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
export const sync = new SyncStore({
  openCommit: () => void commit.show(),
  onChanged: () => {
    void wiki.refresh();
    if (history.panel === "history") void history.showHistory();
  },
});
export const commit = new CommitStore({
  onCommitted: () => {
    void sync.refresh();
    void wiki.refresh();
    if (history.panel === "history") void history.showHistory();
    else if (history.panel === "review") void history.showReview();
  },
});
