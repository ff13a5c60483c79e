// The commit store against a mocked backend: what it shows and asks for
// (the view, staging by entry, the commit with the message as typed), when
// the commit button is refused (nothing staged, no message, errors staged,
// no identity, a commit running), and errors shown as the backend says them.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { CommitDone, CommitEntry, CommitView, Problem } from "../ipc";
import { CommitStore, counts, firstLine, pathsOf } from "./commit.svelte";
import { ui } from "./ui.svelte";

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

const ERROR: Problem = {
  path: "delta.md",
  line: 3,
  column: 1,
  end_line: 3,
  end_column: 11,
  from: 10,
  to: 20,
  level: "error",
  code: "missing-section",
  message: "the section `Sources` is missing",
  help: null,
};

function entry(id: string, staging: CommitEntry["staging"], change: CommitEntry["change"] = "modified"): CommitEntry {
  return { id, previous_id: null, title: id, change, summary: "Lead modified", staging, problems: [] };
}

function viewOf(entries: CommitEntry[], blocking: Problem[] = []): CommitView {
  return {
    entries,
    affected: [],
    blocking,
    other_staged: [],
    anything_staged: entries.some((item) => item.staging !== "unstaged"),
    identity: "Grace Hopper <grace@example.org>",
  };
}

let calls: Call[];
let current: CommitView;
let failWith: { code: string; message: string } | null;
let release: (() => void) | null;

beforeEach(() => {
  calls = [];
  failWith = null;
  release = null;
  current = viewOf([entry("alpha.md", "unstaged"), entry("delta.md", "unstaged", "added")]);
  ui.toasts = [];
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "commit_view":
        if (failWith) throw failWith;
        return current;
      case "stage_entry": {
        if (failWith) throw failWith;
        current = viewOf(
          current.entries.map((item) => (item.id === args.id ? { ...item, staging: args.staged ? "staged" : "unstaged" } : item)),
          current.blocking,
        );
        return current;
      }
      case "commit_staged": {
        // Held until the test lets it finish, to see the store while it runs.
        await new Promise<void>((resolve) => (release = resolve));
        if (failWith) throw failWith;
        const done: CommitDone = { id: "abcdef1234567890", short_id: "abcdef1", summary: firstLine(String(args.message)) };
        current = viewOf(current.entries.filter((item) => item.staging !== "staged"));
        return done;
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => clearMocks());

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("the commit view", () => {
  it("stages by entry and commits what is staged with the message, then refreshes", async () => {
    const committed: CommitDone[] = [];
    const commit = new CommitStore({ onCommitted: (done) => committed.push(done) });
    await commit.show();
    expect(commit.view?.entries.map((item) => item.staging)).toEqual(["unstaged", "unstaged"]);
    expect(commit.canCommit).toBe(false);
    expect(commit.reason).toBe("Tick the entries to commit");

    await commit.setStaged("delta.md", true);
    expect(calls.at(-1)).toEqual({ cmd: "stage_entry", args: { id: "delta.md", staged: true } });
    expect(commit.view?.entries[1]?.staging).toBe("staged");
    expect(commit.reason, "a message is still missing").toMatch(/Write a message/);
    commit.message = "   \nbody";
    expect(commit.canCommit, "the first line is required").toBe(false);

    commit.message = "Add Delta\n\nIt is new.";
    expect(commit.canCommit).toBe(true);
    const running = commit.commit();
    await settle();
    expect(commit.committing).toBe(true);
    expect(commit.canCommit, "no second commit while one runs").toBe(false);
    expect(await commit.commit(), "a second press does nothing").toBeNull();
    expect(calls.filter((call) => call.cmd === "commit_staged")).toHaveLength(1);
    release?.();
    const done = await running;

    expect(calls.find((call) => call.cmd === "commit_staged")?.args).toEqual({ message: "Add Delta\n\nIt is new." });
    expect(done?.short_id).toBe("abcdef1");
    expect(committed).toEqual([done]);
    expect(ui.toasts.map((toast) => toast.message)).toContain("Committed abcdef1: Add Delta");
    expect(commit.message, "the message box empties").toBe("");
    expect(calls.at(-1)?.cmd, "the list is read again").toBe("commit_view");
    expect(commit.view?.entries.map((item) => item.id)).toEqual(["alpha.md"]);
    expect(commit.committing).toBe(false);
  });

  it("is blocked while a staged entry has errors, and says why", async () => {
    current = viewOf([entry("delta.md", "staged", "added")], [ERROR]);
    const commit = new CommitStore();
    await commit.show();
    commit.message = "Add Delta";
    expect(commit.blocked).toBe(true);
    expect(commit.canCommit).toBe(false);
    expect(commit.reason).toBe("Blocked: the staged entries have 1 error");
    expect(await commit.commit()).toBeNull();
    expect(calls.some((call) => call.cmd === "commit_staged")).toBe(false);
  });

  it("refuses to commit without an identity", async () => {
    current = { ...viewOf([entry("delta.md", "staged", "added")]), identity: null };
    const commit = new CommitStore();
    await commit.show();
    commit.message = "Add Delta";
    expect(commit.reason).toBe("git does not know who you are");
  });

  it("shows the backend's reason when the commit fails, and keeps the message", async () => {
    current = viewOf([entry("delta.md", "staged", "added")]);
    const commit = new CommitStore();
    await commit.show();
    commit.message = "Add Delta";
    failWith = { code: "commit-failed", message: "git could not commit: stopped by the hook" };
    const running = commit.commit();
    await settle();
    release?.();
    expect(await running).toBeNull();
    expect(commit.commitError).toBe("git could not commit: stopped by the hook");
    expect(commit.message).toBe("Add Delta");
  });

  it("says plainly when the wiki is not in git", async () => {
    failWith = { code: "no-git", message: "This wiki folder is not in a git repository: history, diffs and commits are unavailable" };
    const commit = new CommitStore();
    await commit.show();
    expect(commit.open).toBe(true);
    expect(commit.view).toBeNull();
    expect(commit.error).toBe(failWith.message);
    expect(commit.canCommit).toBe(false);
  });

  it("toasts a staging failure and reads the view again", async () => {
    const commit = new CommitStore();
    await commit.show();
    failWith = { code: "busy", message: "a commit or staging is already running; wait for it to finish" };
    await commit.setStaged("alpha.md", true);
    expect(ui.toasts.at(-1)?.message).toBe("Could not stage alpha.md: a commit or staging is already running; wait for it to finish");
    expect(commit.pending.size).toBe(0);
  });
});

describe("helpers", () => {
  it("count levels, name both paths of a rename and take the first line", () => {
    expect(counts([ERROR, { ...ERROR, level: "warning" }, { ...ERROR, level: "info" }, ERROR])).toEqual({ errors: 2, warnings: 1 });
    expect(pathsOf({ id: "new.md", previous_id: "old.md" })).toBe("old.md → new.md");
    expect(pathsOf({ id: "a.md", previous_id: null })).toBe("a.md");
    expect(firstLine("  Subject  \n\nBody")).toBe("Subject");
  });
});
