// The history store against a mocked backend: what it asks for (versions in
// the right order, the editor's text only when unsaved), review batches,
// restoring through the editor callback only, and the no-git error shown.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { ChangedEntryView, DiffSection, DiffView, HistoryItem } from "../ipc";
import { HistoryStore, relativeDate, WORKING } from "./history.svelte";

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

const ITEMS: HistoryItem[] = ["c3", "c2", "c1"].map((id, index) => ({
  id: id.repeat(20),
  short_id: id.repeat(20).slice(0, 7),
  author: "Ada",
  time: 1_780_000_000 - index * 86400,
  date: "2026-06-01T10:00:00+02:00",
  summary: `commit ${id}`,
  change: "modified",
  path: "a.md",
}));

const SECTION: DiffSection = {
  old_heading: "Definition",
  new_heading: "Definition",
  old_index: 1,
  new_index: 1,
  status: "modified",
  changes: [
    { op: "equal", text: "## Definition\n\nA is " },
    { op: "delete", text: "old" },
    { op: "insert", text: "new" },
  ].map((change) => ({ ...change, op: change.op as "equal" | "insert" | "delete", moved: false })),
  old_html: "<h2>Definition</h2><p>A is <del>old</del></p>",
  new_html: "<h2>Definition</h2><p>A is <ins>new</ins></p>",
  inline_html: null,
};

function diffOf(id: string): DiffView {
  return { id, old_label: "c2c2c2c", new_label: "editor", summary: "Definition modified", unchanged: false, sections: [SECTION] };
}

const REVIEW: ChangedEntryView[] = [
  { id: "a.md", title: "A", change: "modified", previous_id: null, summary: "Definition modified" },
  { id: "b.md", title: "B", change: "renamed", previous_id: "old-b.md", summary: "no changes" },
];

let calls: Call[];
let editor: { id: string | null; text: string; dirty: boolean };
let applied: string[];
let failWith: { code: string; message: string } | null;

function store(): HistoryStore {
  return new HistoryStore({
    current: () => editor,
    apply: (text) => {
      applied.push(text);
      editor = { ...editor, text, dirty: true };
      return true;
    },
  });
}

beforeEach(() => {
  calls = [];
  applied = [];
  failWith = null;
  editor = { id: "a.md", text: "# A\n\n## Definition\n\nA is mine\n", dirty: true };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (failWith) throw failWith;
    switch (cmd) {
      case "entry_history":
        return ITEMS;
      case "entry_diff":
        return diffOf(String(args.id));
      case "changed_entries":
        return REVIEW;
      case "restore_section":
        return "# A\n\n## Definition\n\nA is old\n";
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => clearMocks());

describe("history", () => {
  it("lists the open entry's commits and picks the last commit and the working copy", async () => {
    const history = store();
    await history.showHistory();
    expect(calls).toEqual([{ cmd: "entry_history", args: { id: "a.md" } }]);
    expect(history.items.map((item) => item.summary)).toEqual(["commit c3", "commit c2", "commit c1"]);
    expect(history.picks).toEqual([ITEMS[0]!.id, WORKING]);
  });

  it("orders any two picks older first and sends the editor's text only when it is unsaved", async () => {
    const history = store();
    await history.showHistory();
    history.togglePick(WORKING);
    history.togglePick(ITEMS[2]!.id);
    // A third pick replaces the earliest.
    history.togglePick(ITEMS[1]!.id);
    expect(history.picks).toEqual([ITEMS[2]!.id, ITEMS[1]!.id]);
    expect(history.orderedPicks()).toEqual([ITEMS[2]!.id, ITEMS[1]!.id]);
    await history.comparePicks();
    const diffCall = calls.find((call) => call.cmd === "entry_diff");
    expect(diffCall?.args).toEqual({
      id: "a.md",
      oldId: null,
      old: { kind: "revision", revision: ITEMS[2]!.id },
      new: { kind: "revision", revision: ITEMS[1]!.id },
      text: "# A\n\n## Definition\n\nA is mine\n",
    });
    expect(history.diff?.summary).toBe("Definition modified");

    editor = { ...editor, dirty: false };
    history.picks = [WORKING, ITEMS[0]!.id];
    await history.comparePicks();
    const last = calls.filter((call) => call.cmd === "entry_diff").at(-1);
    expect(last?.args.old).toEqual({ kind: "revision", revision: ITEMS[0]!.id });
    expect(last?.args.new).toEqual({ kind: "working_copy" });
    expect(last?.args.text, "a clean editor means the saved file").toBeNull();
  });

  it("shows why there is no history outside git", async () => {
    failWith = { code: "no-git", message: "This wiki folder is not in a git repository: history, diffs and commits are unavailable" };
    const history = store();
    await history.showHistory();
    expect(history.error).toBe(failWith.message);
    expect(history.items).toEqual([]);
    await history.showReview();
    expect(history.error).toBe(failWith.message);
  });
});

describe("review changes", () => {
  it("steps through the changed entries as one batch, with the old id of a rename", async () => {
    const history = store();
    await history.showReview();
    expect(history.review?.map((item) => item.id)).toEqual(["a.md", "b.md"]);
    await history.openReviewItem(0);
    await history.stepReview(1);
    expect(history.reviewIndex).toBe(1);
    const last = calls.filter((call) => call.cmd === "entry_diff").at(-1);
    expect(last?.args).toEqual({
      id: "b.md",
      oldId: "old-b.md",
      old: { kind: "revision", revision: "HEAD" },
      new: { kind: "working_copy" },
      text: null,
    });
    await history.stepReview(1);
    expect(history.reviewIndex, "the batch ends at its last entry").toBe(1);
    history.closeDiff();
    expect(history.diffOpen).toBe(false);
  });
});

describe("restore", () => {
  it("puts the old section into the editor through the callback, and only for the open entry", async () => {
    const history = store();
    await history.showHistory();
    history.picks = [ITEMS[1]!.id, WORKING];
    await history.comparePicks();
    expect(history.canRestore(SECTION)).toBe(true);
    expect(await history.restore(SECTION)).toBe(true);
    expect(applied).toEqual(["# A\n\n## Definition\n\nA is old\n"]);
    const restore = calls.find((call) => call.cmd === "restore_section");
    expect(restore?.args).toEqual({
      id: "a.md",
      old: { kind: "revision", revision: ITEMS[1]!.id },
      oldIndex: 1,
      text: "# A\n\n## Definition\n\nA is mine\n",
    });
    expect(history.diff, "the diff closes so the editor shows the change").toBeNull();

    // A review diff of another entry offers no restore into this editor.
    await history.showReview();
    await history.openReviewItem(1);
    expect(history.canRestore(SECTION)).toBe(false);
    expect(await history.restore(SECTION)).toBe(false);
    expect(applied).toHaveLength(1);

    // Sync's Incoming diff of the open entry (merge base to upstream) is for reading only.
    await history.showRevisions("a.md", null, ITEMS[1]!.id, "origin/main");
    expect(history.diff).not.toBeNull();
    expect(history.canRestore(SECTION)).toBe(false);
  });

  it("offers no restore when the old side is the working copy", async () => {
    const history = store();
    await history.showHistory();
    history.picks = [WORKING, ITEMS[0]!.id];
    // Working copy is newest, so it becomes the new side; the old side is a commit.
    expect(history.orderedPicks()).toEqual([ITEMS[0]!.id, WORKING]);
    await history.comparePicks();
    expect(history.canRestore({ ...SECTION, old_index: null })).toBe(false);
  });
});

describe("relativeDate", () => {
  it("says how long ago, then the date", () => {
    const now = 1_780_000_000_000;
    expect(relativeDate(now / 1000 - 10, now)).toBe("just now");
    expect(relativeDate(now / 1000 - 3 * 3600, now)).toBe("3 hours ago");
    expect(relativeDate(now / 1000 - 86400, now)).toBe("1 day ago");
    expect(relativeDate(now / 1000 - 90 * 86400, now)).toBe("2026-02-27");
  });
});
