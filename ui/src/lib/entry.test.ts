// The open entry's store against a mocked backend: the save flow and its
// conflicts, merges with the disk, the crash journal, reloads from disk,
// stale analyses, section operations as single undo steps. Nothing here may
// lose either side of a conflict.
import { undo } from "@codemirror/commands";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { Analysis, MergeResult, SaveOutcome, UnsavedEdit } from "../ipc";
import { analysisOf, entryView, SAMPLE } from "../test/fixtures";
import { EntryStore } from "./entry.svelte";

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

let calls: Call[];
let disk: { text: string; hash: string };
let analyze: (text: string) => Analysis | Promise<Analysis>;
let save: (args: Record<string, unknown>) => SaveOutcome;
/** The crash journal as the backend holds it: id → text. */
let journal: Map<string, string>;

/**
 * A stand-in for the backend's three-way merge, line by line over texts with
 * the same number of lines: a line changed on one side takes that side; a
 * line changed on both, or a change in the number of lines, is a conflict.
 */
function fakeMerge(base: string, ours: string, theirs: string): MergeResult {
  const [b, o, t] = [base.split("\n"), ours.split("\n"), theirs.split("\n")];
  const markers = `<<<<<<< yours\n${ours}=======\n${theirs}>>>>>>> on disk\n`;
  if (o.length !== b.length || t.length !== b.length) return { clean: false, text: markers, conflicts: 1, disk_changed: [] };
  const merged: string[] = [];
  for (let index = 0; index < b.length; index++) {
    const [line, mine, disk] = [b[index]!, o[index]!, t[index]!];
    if (mine === disk || disk === line) merged.push(mine);
    else if (mine === line) merged.push(disk);
    else return { clean: false, text: markers, conflicts: 1, disk_changed: [] };
  }
  return { clean: true, text: merged.join("\n"), conflicts: 0, disk_changed: ["Definition"] };
}

beforeEach(() => {
  calls = [];
  journal = new Map();
  disk = { text: SAMPLE, hash: "h0" };
  analyze = (text) => analysisOf(text);
  save = (args) => {
    if (args.baseHash !== disk.hash) return { outcome: "conflict", disk_text: disk.text, disk_hash: disk.hash };
    disk = { text: String(args.text), hash: `h${calls.length}` };
    return { outcome: "saved", hash: disk.hash };
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "load_entry":
        return entryView(String(args.id), disk.text, disk.hash);
      case "analyze_entry":
        return analyze(String(args.text));
      case "save_entry":
        return save(args);
      case "merge_with_disk_text":
        return fakeMerge(String(args.base), String(args.ours), String(args.theirs));
      case "record_unsaved":
        journal.set(String(args.id), String(args.text));
        return null;
      case "discard_unsaved":
        journal.delete(String(args.id));
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => clearMocks());

async function opened(options: ConstructorParameters<typeof EntryStore>[0] = {}): Promise<EntryStore> {
  const store = new EntryStore({ analyzeDelay: 5, ...options });
  expect(await store.open("alpha.md")).toBe(true);
  return store;
}

function type(store: EntryStore, text: string, at = store.editorState.doc.length) {
  store.dispatch({ changes: { from: at, insert: text }, userEvent: "input.type" });
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("EntryStore", () => {
  // Opening shows the disk text, clean, with its analysis.
  it("opens an entry clean", async () => {
    const store = await opened();
    expect(store.editorState.doc.toString()).toBe(SAMPLE);
    expect(store.saveState).toBe("saved");
    expect(store.analysis?.outline.map((part) => part.heading)).toEqual([null, "Snapshot", "Definition", "Sources"]);
  });

  // Typing makes the entry dirty; undoing back to the saved text makes it clean again.
  it("tracks dirtiness by content", async () => {
    const store = await opened();
    type(store, "More.\n");
    expect(store.saveState).toBe("dirty");
    undo({ state: store.editorState, dispatch: (tr) => store.applyTransactions([tr]) });
    expect(store.saveState).toBe("saved");
  });

  // Typing with no delay: the request leaves within the keystroke's own
  // dispatch (before the editor redraws); a keystroke while it is out waits
  // for its answer, then the text with both is analysed.
  it("asks for the analysis within the keystroke when there is no delay", async () => {
    const store = await opened({ analyzeDelay: 0 });
    // (Stores of earlier tests may still analyse the unchanged sample.)
    const requests = () =>
      calls.filter((call) => call.cmd === "analyze_entry" && call.args.text !== SAMPLE).map((call) => call.args.text);
    type(store, "A");
    expect(requests()).toEqual([`${SAMPLE}A`]);
    type(store, "B");
    expect(requests()).toEqual([`${SAMPLE}A`]);
    await tick();
    await tick();
    expect(requests()).toEqual([`${SAMPLE}A`, `${SAMPLE}AB`]);
    await tick();
    expect(store.analysis?.outline.at(-1)?.to).toBe(store.editorState.doc.length);
  });

  // One keystroke, one request: the request that left within the keystroke
  // is not followed by a second one for the same text (which would replace
  // it and drop its answer).
  it("sends one request for one keystroke", async () => {
    const store = await opened({ analyzeDelay: 0 });
    type(store, "Z");
    await tick();
    await tick();
    expect(calls.filter((call) => call.cmd === "analyze_entry" && call.args.text === `${SAMPLE}Z`)).toHaveLength(1);
  });

  // The preview shows plain typing at once: each keystroke's change is told,
  // within its own dispatch, as its part of the page sees it.
  it("tells the preview about each keystroke within its part", async () => {
    const store = await opened();
    const edits: unknown[] = [];
    const stop = store.onTyping((edit) => edits.push(edit));
    const at = SAMPLE.indexOf("A definition.") + "A definition".length;
    const definition = store.analysis!.outline[2]!;
    type(store, "s", at);
    expect(edits).toEqual([
      { part: 2, source: SAMPLE.slice(definition.from, definition.to), at: at - definition.from, removed: 0, inserted: "s" },
    ]);
    // Not a keystroke: a change from disk, or several changes at once.
    store.dispatch({ changes: { from: 0, insert: "x" } });
    store.dispatch({ changes: [{ from: 1, insert: "a" }, { from: 5, insert: "b" }], userEvent: "input.type" });
    stop();
    type(store, "t", at + 3);
    expect(edits).toHaveLength(1);
  });

  // The window redraws the outline and problems for a keystroke's moved
  // positions after the keystroke's frame, not before it; the store itself
  // goes by the mapped positions at once (the next keystroke, jumps).
  it("shows a keystroke's mapped analysis after the next frame", async () => {
    const store = await opened({ analyzeDelay: 1000 });
    const before = store.analysis;
    const sources = before!.outline.at(-1)!;
    type(store, "X", sources.from);
    expect(store.analysis).toBe(before);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await tick();
    expect(store.analysis?.outline.at(-1)?.from).toBe(sources.from);
    expect(store.analysis?.outline.at(-1)?.to).toBe(store.editorState.doc.length);
    expect(store.analysis?.outline.at(-2)?.to).toBe(sources.from);
  });

  // A save sends the text with the hash it is based on and adopts the new hash.
  it("saves with the base hash", async () => {
    const store = await opened();
    type(store, "More.\n");
    const outcome = await store.save();
    expect(outcome).toEqual({ outcome: "saved", hash: store.baseHash });
    const call = calls.find((item) => item.cmd === "save_entry")!;
    expect(call.args).toEqual({ id: "alpha.md", text: `${SAMPLE}More.\n`, baseHash: "h0" });
    expect(store.saveState).toBe("saved");
    expect(disk.text).toBe(`${SAMPLE}More.\n`);
  });

  // A conflict keeps my text in the editor and the disk's text beside it.
  it("turns a save over a changed file into a conflict that keeps both", async () => {
    const store = await opened();
    disk = { text: SAMPLE.replace("A definition.", "Theirs."), hash: "theirs" };
    type(store, "Mine.\n");
    const outcome = await store.save();
    expect(outcome?.outcome).toBe("conflict");
    expect(store.saveState).toBe("conflict");
    expect(store.editorState.doc.toString()).toBe(`${SAMPLE}Mine.\n`);
    expect(store.conflict).toMatchObject({ kind: "changed", diskText: disk.text, diskHash: "theirs", origin: "save" });
    expect(store.conflict?.kind === "changed" && store.conflict.merged).toContain("<<<<<<< yours");
    expect(disk.text).toContain("Theirs.");
    // Ctrl+S does nothing more while the conflict is shown.
    expect(await store.save()).toBeNull();
  });

  // "Keep mine" writes over the disk version it was shown, using that version's hash.
  it("keeps mine by saving against the disk hash", async () => {
    const store = await opened();
    disk = { text: "# Alpha\n\nTheirs.\n", hash: "theirs" };
    type(store, "Mine.\n");
    await store.save();
    const outcome = await store.keepMine();
    expect(outcome?.outcome).toBe("saved");
    expect(calls.filter((item) => item.cmd === "save_entry").at(-1)?.args.baseHash).toBe("theirs");
    expect(disk.text).toBe(`${SAMPLE}Mine.\n`);
    expect(store.saveState).toBe("saved");
  });

  // "Take theirs" puts the disk text in the editor, clean, and Ctrl+Z brings mine back.
  it("takes theirs as one undoable, clean step", async () => {
    const store = await opened();
    const theirs = SAMPLE.replace("A definition.", "Theirs.");
    disk = { text: theirs, hash: "theirs" };
    type(store, "Mine.\n");
    await store.save();
    store.takeTheirs();
    expect(store.editorState.doc.toString()).toBe(theirs);
    expect(store.saveState).toBe("saved");
    expect(store.baseHash).toBe("theirs");
    undo({ state: store.editorState, dispatch: (tr) => store.applyTransactions([tr]) });
    expect(store.editorState.doc.toString()).toBe(`${SAMPLE}Mine.\n`);
    expect(store.saveState).toBe("dirty");
  });

  // A change on disk while clean reloads in place and keeps the cursor's place.
  it("reloads a clean entry from disk in place", async () => {
    const store = await opened();
    const cursor = SAMPLE.indexOf("- A source");
    store.dispatch({ selection: { anchor: cursor } });
    disk = { text: SAMPLE.replace("Alpha is a test.", "Alpha is a longer test."), hash: "h9" };
    await store.diskChanged();
    expect(store.editorState.doc.toString()).toBe(disk.text);
    expect(store.saveState).toBe("saved");
    expect(store.baseHash).toBe("h9");
    expect(store.reloadedAt).toBeGreaterThan(0);
    expect(store.editorState.sliceDoc(store.editorState.selection.main.head).startsWith("- A source")).toBe(true);
  });

  // A change on disk while dirty never touches the editor: it becomes a conflict.
  it("shows a conflict when the disk changes under unsaved edits", async () => {
    const store = await opened();
    type(store, "Mine.\n");
    disk = { text: "# Alpha\n\nTheirs.\n", hash: "h9" };
    await store.diskChanged();
    expect(store.editorState.doc.toString()).toBe(`${SAMPLE}Mine.\n`);
    expect(store.saveState).toBe("conflict");
    expect(store.conflict).toMatchObject({ kind: "changed", diskText: "# Alpha\n\nTheirs.\n", diskHash: "h9", origin: "disk" });
    await store.keepMine();
    expect(calls.at(-1)).toMatchObject({ cmd: "save_entry", args: { baseHash: "h9" } });
  });

  const undoOnce = (store: EntryStore) => undo({ state: store.editorState, dispatch: (tr) => store.applyTransactions([tr]) });

  // Disk and editor changed different parts: both kept, still unsaved, based on the disk's version now.
  it("merges a change on disk into unsaved edits elsewhere", async () => {
    const store = await opened();
    const at = SAMPLE.indexOf("Alpha is a test.");
    store.dispatch({ changes: { from: at, to: at + 16, insert: "Alpha is my test." }, userEvent: "input.type" });
    disk = { text: SAMPLE.replace("A definition.", "Their definition."), hash: "h9" };
    await store.diskChanged();
    const both = SAMPLE.replace("Alpha is a test.", "Alpha is my test.").replace("A definition.", "Their definition.");
    expect(store.editorState.doc.toString()).toBe(both);
    expect(store.conflict).toBeNull();
    expect(store.saveState).toBe("dirty");
    expect(store.baseHash).toBe("h9");
    expect(store.merged).toMatchObject({ parts: ["Definition"], saved: false });
    // Ctrl+Z takes the merge back: my text alone, still unsaved.
    undoOnce(store);
    expect(store.editorState.doc.toString()).toBe(SAMPLE.replace("Alpha is a test.", "Alpha is my test."));
    await store.save();
    expect(calls.filter((call) => call.cmd === "save_entry").at(-1)).toMatchObject({ args: { baseHash: "h9" } });
  });

  // Ctrl+S over a disk change in another part: merged, then saved against the disk's version.
  it("saves the merge when a save meets a change it can merge", async () => {
    const store = await opened();
    const at = SAMPLE.indexOf("Alpha is a test.");
    store.dispatch({ changes: { from: at, to: at + 16, insert: "Alpha is my test." }, userEvent: "input.type" });
    disk = { text: SAMPLE.replace("A definition.", "Their definition."), hash: "theirs" };
    const outcome = await store.save();
    expect(outcome?.outcome).toBe("saved");
    expect(disk.text).toBe(SAMPLE.replace("Alpha is a test.", "Alpha is my test.").replace("A definition.", "Their definition."));
    expect(calls.filter((call) => call.cmd === "save_entry").map((call) => call.args.baseHash)).toEqual(["h0", "theirs"]);
    expect(store.saveState).toBe("saved");
    expect(store.merged?.saved).toBe(true);
  });

  // Overlapping changes: "Merge by hand" puts both, between markers, into the editor (undoably).
  it("offers the marked-up merge for overlapping changes", async () => {
    const store = await opened();
    type(store, "Mine.\n");
    disk = { text: SAMPLE.replace("A definition.", "Theirs."), hash: "h9" };
    await store.diskChanged();
    expect(store.saveState).toBe("conflict");
    store.editMerged();
    expect(store.conflict).toBeNull();
    expect(store.editorState.doc.toString()).toContain("<<<<<<< yours");
    expect(store.editorState.doc.toString()).toContain("Theirs.");
    expect(store.baseHash).toBe("h9");
    undoOnce(store);
    expect(store.editorState.doc.toString()).toBe(`${SAMPLE}Mine.\n`);
  });

  // The crash journal gets the unsaved text within the delay, and loses it once the text is back to the file's.
  it("journals unsaved text and forgets it when clean again", async () => {
    const store = await opened({ journalDelay: 10 });
    type(store, "Typed.\n");
    expect(journal.size).toBe(0);
    await tick(30);
    expect(journal.get("alpha.md")).toBe(`${SAMPLE}Typed.\n`);
    expect(calls.find((call) => call.cmd === "record_unsaved")?.args.baseHash).toBe("h0");
    undoOnce(store);
    type(store, "");
    await store.journalNow();
    expect(journal.has("alpha.md")).toBe(false);
  });

  // Giving up edits (opening another entry after the user agreed) drops their record.
  it("drops the journal record of edits given up", async () => {
    const store = await opened({ journalDelay: 10 });
    type(store, "Typed.\n");
    await store.journalNow();
    expect(journal.has("alpha.md")).toBe(true);
    await store.open("beta.md");
    await tick();
    expect(journal.has("alpha.md")).toBe(false);
  });

  // A draft from an earlier run is offered, restored as an undoable unsaved edit.
  it("restores a draft from a crash", async () => {
    const settled: string[] = [];
    const draft: UnsavedEdit = {
      id: "alpha.md",
      title: "Alpha",
      text: `${SAMPLE}Before the crash.\n`,
      base_hash: "h0",
      disk_hash: "h0",
      saved_at_unix_ms: 1,
    };
    const store = await opened({ draftFor: (id) => (id === "alpha.md" ? draft : null), onDraftSettled: (id) => settled.push(id) });
    expect(store.draft).toEqual(draft);
    expect(store.saveState).toBe("saved");
    store.restoreDraft();
    expect(store.editorState.doc.toString()).toBe(draft.text);
    expect(store.saveState).toBe("dirty");
    expect(store.draft).toBeNull();
    expect(settled).toEqual(["alpha.md"]);
    undoOnce(store);
    expect(store.editorState.doc.toString()).toBe(SAMPLE);
  });

  // A draft whose file changed since is restored beside the disk's version, never over it.
  it("restores a draft of a file changed since as a conflict", async () => {
    const draft: UnsavedEdit = { id: "alpha.md", title: "Alpha", text: "# Alpha\n\nOld draft.\n", base_hash: "h-old", disk_hash: "h0", saved_at_unix_ms: 1 };
    const store = await opened({ draftFor: () => draft });
    store.restoreDraft();
    expect(store.editorState.doc.toString()).toBe(draft.text);
    expect(store.conflict).toMatchObject({ kind: "changed", diskText: SAMPLE, diskHash: "h0" });
    expect(await store.save()).toBeNull();
  });

  // Discarding a draft removes it from the journal.
  it("discards a draft", async () => {
    journal.set("alpha.md", "old");
    const draft: UnsavedEdit = { id: "alpha.md", title: "Alpha", text: "old", base_hash: "h0", disk_hash: "h0", saved_at_unix_ms: 1 };
    const store = await opened({ draftFor: () => draft });
    await store.discardDraft();
    expect(store.draft).toBeNull();
    expect(journal.size).toBe(0);
    expect(store.editorState.doc.toString()).toBe(SAMPLE);
  });

  // Deleted on disk: the text stays; saving again sends no base hash.
  it("keeps the text of an entry deleted on disk", async () => {
    const store = await opened();
    store.diskRemoved();
    expect(store.saveState).toBe("conflict");
    save = () => ({ outcome: "saved", hash: "new" });
    await store.keepMine();
    expect(calls.at(-1)?.args).toMatchObject({ baseHash: null });
    expect(store.saveState).toBe("saved");
  });

  // An analysis answered late, after a newer request, must not replace the newer one.
  it("drops stale analysis answers", async () => {
    const store = await opened();
    const pending: { text: string; resolve: (analysis: Analysis) => void }[] = [];
    analyze = (text) => new Promise((resolve) => pending.push({ text, resolve }));
    type(store, "First.\n");
    const first = store.analyzeNow();
    type(store, "Second.\n");
    const second = store.analyzeNow();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(analysisOf(pending[1]!.text, { title: "second" }));
    await second;
    pending[0]!.resolve(analysisOf(pending[0]!.text, { title: "first" }));
    await first;
    expect(store.analysis?.title).toBe("second");
  });

  // Typing while a request is out maps the answer's positions onto the new text.
  it("maps an answer onto text typed since the request", async () => {
    const store = await opened();
    let release: (() => void) | undefined;
    analyze = (text) => new Promise((resolve) => (release = () => resolve(analysisOf(text))));
    const request = store.analyzeNow();
    type(store, "Intro. ", SAMPLE.indexOf("Alpha is"));
    release?.();
    await request;
    const definition = store.analysis?.outline[2];
    expect(store.editorState.sliceDoc(definition!.from, definition!.from + 13)).toBe("## Definition");
  });

  // Edits made in one go are analysed together, with one request.
  it("gathers edits into one analysis request", async () => {
    const store = await opened();
    const mine = () => calls.filter((item) => item.cmd === "analyze_entry" && String(item.args.text).includes("abc"));
    type(store, "a");
    type(store, "b");
    type(store, "c");
    expect(mine()).toHaveLength(0);
    await tick(30);
    expect(mine()).toHaveLength(1);
    // …and, once answered, does not ask again by itself.
    await tick(40);
    expect(mine()).toHaveLength(1);
  });

  // One request at a time: typing during a slow analysis sends nothing more
  // until it returns, then exactly one request for the text as it is now.
  it("keeps one analysis in flight and follows up with the latest text", async () => {
    const store = await opened();
    const pending: { text: string; resolve: (analysis: Analysis) => void }[] = [];
    analyze = (text) => new Promise((resolve) => pending.push({ text, resolve }));
    type(store, "1");
    await tick(10);
    expect(pending).toHaveLength(1);
    type(store, "2");
    type(store, "3");
    await tick(10);
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(analysisOf(pending[0]!.text));
    await tick(10);
    expect(pending.map((request) => request.text)).toEqual([`${SAMPLE}1`, `${SAMPLE}123`]);
    pending[1]!.resolve(analysisOf(pending[1]!.text));
    await tick(10);
    expect(pending).toHaveLength(2);
  });

  // Section mode from the store: one part shown, edits outside refused.
  it("edits one section and saves the whole text", async () => {
    const store = await opened();
    expect(await store.editSection("Definition")).toBe(true);
    expect(store.section?.heading).toBe("Definition");
    store.dispatch({ changes: { from: 0, insert: "outside" } });
    expect(store.saveState).toBe("saved");
    store.dispatch({ selection: { anchor: store.editorState.doc.length } });
    store.dispatch(store.editorState.replaceSelection("More definition.\n"));
    expect(store.saveState).toBe("dirty");
    await store.save();
    expect(disk.text).toBe(SAMPLE.replace("A definition.\n\n", "A definition.\nMore definition.\n\n"));
  });

  // The preview follows each of the store's own moves of the editor (scroll
  // sync): opening a section, the same one again, the whole entry; typing is
  // not a move.
  it("counts the editor's moves, not keystrokes", async () => {
    const store = await opened();
    const at = store.moves;
    await store.editSection("Definition");
    await store.editSection("Definition");
    expect(store.moves).toBe(at + 2);
    type(store, "x");
    expect(store.moves).toBe(at + 2);
    store.editWhole();
    expect(store.moves).toBe(at + 3);
  });

  // A link to a section: the editor goes to its heading (the preview follows
  // the move); an unknown slug moves nothing.
  it("shows the heading a link's anchor names", async () => {
    const store = await opened();
    const at = store.moves;
    expect(store.showHeading("definition")).toBe(true);
    expect(store.editorState.selection.main.head).toBe(SAMPLE.indexOf("## Definition"));
    expect(store.moves).toBe(at + 1);
    expect(store.showHeading("no-such-heading")).toBe(false);
    expect(store.moves).toBe(at + 1);
  });

  // A link to a section in any script finds its heading by the anchor the
  // backend sent (quire-core's `anchor_slug`, checked against the rendered
  // HTML in render.rs); the UI's own slug once split Devanagari and
  // decomposed accents, and the link went nowhere.
  it("shows headings in any script by the backend's anchor", async () => {
    const anchors: Record<string, string> = {
      "किताब": "किताब",
      "العربية الفصحى": "العربية-الفصحى",
      "ภาษาไทย": "ภาษาไทย",
      "東京 タワー": "東京-タワー",
      "Rocket 🚀 Launch": "rocket-launch",
      "A\u030angstro\u0308m": "ångström",
      "Café": "café",
    };
    disk = { text: SAMPLE + Object.keys(anchors).map((heading) => `\n## ${heading}\n\nText.\n`).join(""), hash: "h0" };
    analyze = (text) => analysisOf(text, {}, anchors);
    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      if (cmd === "load_entry") return entryView(String(args.id), disk.text, disk.hash, anchors);
      if (cmd === "analyze_entry") return analyze(String(args.text));
      return null;
    });
    const store = await opened();
    for (const [heading, anchor] of Object.entries(anchors)) {
      expect(store.showHeading(anchor), heading).toBe(true);
      expect(store.editorState.selection.main.head).toBe(disk.text.indexOf(`## ${heading}`));
    }
  });

  // A section operation is one transaction: one Ctrl+Z restores the text.
  it("moves a section as one undoable step", async () => {
    const store = await opened();
    expect(await store.moveSection(1, 1)).toBe(true);
    expect(store.editorState.doc.toString().indexOf("## Definition")).toBeLessThan(store.editorState.doc.toString().indexOf("## Snapshot"));
    undo({ state: store.editorState, dispatch: (tr) => store.applyTransactions([tr]) });
    expect(store.editorState.doc.toString()).toBe(SAMPLE);
  });

  // A section restored from history is an unsaved edit in the editor, even
  // one outside the section on screen, and one Ctrl+Z takes it back.
  it("replaces the text as one undoable, unsaved edit", async () => {
    const store = await opened();
    await store.editSection("Sources");
    const restored = SAMPLE.replace("A definition.", "The old definition.");
    expect(store.replaceText(restored)).toBe(true);
    expect(store.editorState.doc.toString()).toBe(restored);
    expect(store.saveState).toBe("dirty");
    expect(store.section, "the whole entry shows, so the change is visible").toBeNull();
    expect(calls.some((call) => call.cmd === "save_entry")).toBe(false);
    undo({ state: store.editorState, dispatch: (tr) => store.applyTransactions([tr]) });
    expect(store.editorState.doc.toString()).toBe(SAMPLE);
    expect(store.saveState).toBe("saved");
    expect(store.replaceText(SAMPLE), "the same text is no edit").toBe(false);
  });

  // Ctrl+E switches between the whole entry and the section around the cursor.
  it("toggles between whole entry and the section at the cursor", async () => {
    const store = await opened();
    store.dispatch({ selection: { anchor: SAMPLE.indexOf("A definition") } });
    await store.toggleMode();
    expect(store.section?.heading).toBe("Definition");
    await store.toggleMode();
    expect(store.section).toBeNull();
  });

  // A problem outside the shown section switches to the section that holds it.
  it("reveals a problem in another section", async () => {
    const store = await opened();
    await store.editSection("Snapshot");
    const from = SAMPLE.indexOf("A source");
    store.revealRange({ from, to: from + 8 });
    expect(store.section?.heading).toBe("Sources");
    expect(store.editorState.sliceDoc(store.editorState.selection.main.from, store.editorState.selection.main.to)).toBe("A source");
  });

  // The Commit view names a problem by line (its text may be the staged one): the whole line is selected.
  it("reveals a line, clamped to the text", async () => {
    const store = await opened();
    await store.editSection("Snapshot");
    const lines = SAMPLE.split("\n");
    const line = lines.findIndex((text) => text.includes("A source")) + 1;
    store.revealLine(line);
    expect(store.section?.heading).toBe("Sources");
    const selection = store.editorState.selection.main;
    expect(store.editorState.sliceDoc(selection.from, selection.to)).toBe(lines[line - 1]);
    store.revealLine(10_000);
    expect(store.editorState.selection.main.to).toBe(store.editorState.doc.length);
  });
});
