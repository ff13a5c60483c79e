// The Sync store's pure parts: the top bar's fetch time, when a background
// fetch is due, and the Resolve view's cutting and rebuilding of conflicts.
import { describe, expect, it } from "vitest";

import type { SyncStatusView } from "../ipc";
import { ago, conflictPieces, differing, fetchDue, resolvedText, type Choice } from "./sync.svelte";

const STATUS: SyncStatusView = {
  branch: "main",
  remote: "origin",
  upstream: "origin/main",
  ahead: 0,
  behind: 0,
  fetched_at: 0,
  in_progress: null,
  interrupted: false,
  running: false,
  merge_driver: "/usr/bin/quire",
};
const SETTINGS = { fetch_minutes: 5, fetch_when_metered: false, rebase: false };

describe("ago", () => {
  // The top bar says how stale ahead/behind are in words a person reads at a glance.
  it("rounds to minutes, hours and days", () => {
    expect(ago(0, 20_000)).toBe("just now");
    expect(ago(0, 3 * 60_000)).toBe("3 min ago");
    expect(ago(0, 2 * 3_600_000)).toBe("2 h ago");
    expect(ago(0, 4 * 86_400_000)).toBe("4 days ago");
  });
});

describe("fetchDue", () => {
  // Background fetch: only with a remote, after the interval, never during a sync, off on metered links by default.
  it("waits for the interval and stays off when it should", () => {
    expect(fetchDue(STATUS, SETTINGS, false, 4 * 60_000)).toBe(false);
    expect(fetchDue(STATUS, SETTINGS, false, 5 * 60_000)).toBe(true);
    expect(fetchDue({ ...STATUS, fetched_at: null }, SETTINGS, false, 0)).toBe(true);
    expect(fetchDue({ ...STATUS, remote: null }, SETTINGS, false, 6e6)).toBe(false);
    expect(fetchDue({ ...STATUS, running: true }, SETTINGS, false, 6e6)).toBe(false);
    expect(fetchDue({ ...STATUS, in_progress: "merge" }, SETTINGS, false, 6e6)).toBe(false);
    expect(fetchDue(STATUS, { ...SETTINGS, fetch_minutes: 0 }, false, 6e6)).toBe(false);
    expect(fetchDue(STATUS, SETTINGS, true, 6e6)).toBe(false);
    expect(fetchDue(STATUS, { ...SETTINGS, fetch_when_metered: true }, true, 6e6)).toBe(true);
  });
});

describe("conflicts", () => {
  const text =
    "# T\n\n## Definition\n\n<<<<<<< ours: Definition\nA cat.\n=======\nA dog.\n>>>>>>> theirs: Definition\n\n## Sources\n\n" +
    "<<<<<<< HEAD\n- x\n||||||| base\n- w\n=======\n- y\n>>>>>>> origin/main\n";

  // The Resolve view shows each block by its section with both sides, and the base when git wrote one.
  it("cuts a text at Quire's and git's markers", () => {
    const blocks = conflictPieces(text).flatMap((piece) => ("block" in piece ? [piece.block] : []));
    expect(blocks).toEqual([
      { section: "Definition", ours: "A cat.\n", theirs: "A dog.\n", base: null },
      { section: null, ours: "- x\n", theirs: "- y\n", base: "- w\n" },
    ]);
  });

  // Finish writes exactly the choices: nothing else of the file changes, and no marker is left.
  it("rebuilds the text from the choices, and only when every block is settled", () => {
    const pieces = conflictPieces(text);
    const choices: Choice[] = [{ kind: "theirs" }, { kind: "both" }];
    expect(resolvedText(pieces, choices)).toBe("# T\n\n## Definition\n\nA dog.\n\n## Sources\n\n- x\n- y\n");
    expect(resolvedText(pieces, [{ kind: "ours" }, { kind: "edit", text: "- z" }])).toBe(
      "# T\n\n## Definition\n\nA cat.\n\n## Sources\n\n- z\n",
    );
    expect(resolvedText(pieces, [{ kind: "ours" }, null])).toBeNull();
    expect(resolvedText(conflictPieces("no markers\n<<<<<<< lone\n"), [])).toBe("no markers\n<<<<<<< lone\n");
  });
});

describe("differing", () => {
  // The Resolve view marks only the words the two sides disagree on, so a one-word conflict in a long paragraph is seen at once.
  it("cuts both sides at the shared words", () => {
    const [ours, theirs] = differing("ImageNet names the benchmark (ours). The database", "ImageNet names the dataset (theirs). The database");
    expect(ours).toEqual({ before: "ImageNet names the ", middle: "benchmark (ours).", after: " The database" });
    expect(theirs).toEqual({ before: "ImageNet names the ", middle: "dataset (theirs).", after: " The database" });
    const [added] = differing("- a\n- b\n", "- a\n");
    expect(added.middle).toBe("- b\n");
    expect(differing("same", "same")[0]).toEqual({ before: "same", middle: "", after: "" });
  });
});
