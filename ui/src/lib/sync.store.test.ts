// The Sync store against a mocked backend: the background fetch runs when
// due and never while the panel (a sync) is open; Sync goes to the Commit
// step with uncommitted work, else fetches and shows Incoming; a sync that
// stops on conflicts reads each conflicted entry for the Resolve view.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import type { SyncStatusView } from "../ipc";
import { SyncStore } from "./sync.svelte";

const STATUS: SyncStatusView = {
  branch: "main",
  remote: "origin",
  upstream: "origin/main",
  ahead: 0,
  behind: 1,
  fetched_at: 0,
  in_progress: null,
  interrupted: false,
  running: false,
  merge_driver: null,
};

/** A backend answering each command from `answers`, recording the calls. */
function backend(answers: Record<string, unknown>): { cmd: string; args: unknown }[] {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    return answers[cmd] ?? null;
  });
  return calls;
}

function store(): SyncStore {
  return new SyncStore({ openCommit: () => {}, onChanged: () => {} });
}

afterEach(() => clearMocks());

describe("SyncStore", () => {
  // The top bar's numbers stay fresh without the user asking, and a running sync is never disturbed by a fetch.
  it("fetches in the background when due, not while a sync is open", async () => {
    const calls = backend({ sync_fetch: { ...STATUS, fetched_at: Date.now() } });
    const sync = store();
    sync.status = STATUS;
    await sync.tick();
    expect(calls).toEqual([{ cmd: "sync_fetch", args: { background: true } }]);
    expect(sync.status?.fetched_at).toBeGreaterThan(0);
    sync.status = STATUS;
    sync.step = "incoming";
    await sync.tick();
    expect(calls).toHaveLength(1);
  });

  // Step 1 and 3 of the flow: uncommitted work stops at the offer to commit; otherwise the fetch leads to Incoming.
  it("offers the commit first, else fetches and lists what comes in", async () => {
    const incoming = { upstream: "origin/main", base: "abc", commits: [], entries: [] };
    backend({ sync_status: STATUS, changed_entries: [{ id: "a.md" }], sync_fetch: STATUS, sync_incoming: incoming });
    const sync = store();
    await sync.start();
    expect(sync.step).toBe("uncommitted");
    await sync.fetch();
    expect(sync.step).toBe("incoming");
    expect(sync.incoming).toEqual(incoming);
  });

  // Conflicts open the Resolve view with each conflicted entry cut at its markers, nothing chosen yet.
  it("reads each conflicted entry when a sync stops on conflicts", async () => {
    const text = "# A\n\n<<<<<<< ours: Lead\nx\n=======\ny\n>>>>>>> theirs: Lead\n";
    const analysis = { title: "A", outline: [], problems: [], page: [], backlinks: [], missing_sections: [] };
    backend({
      sync_status: STATUS,
      sync_run: { end: "conflicts", incoming: 1, pushed: 0, conflicts: [{ id: "a.md", entry: true, sections: ["Lead"] }], problems: [] },
      load_entry: { id: "a.md", text, hash: "h1", analysis },
    });
    const sync = store();
    await sync.integrate();
    expect(sync.step).toBe("resolve");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sync.resolving.map((file) => [file.id, file.hash, file.choices])).toEqual([["a.md", "h1", [null]]]);
    expect(sync.allSettled).toBe(false);
  });
});
