// The crash journal on its own, against a mocked backend that keeps the
// records in a map: unsaved text is kept safe, records go away when the text
// is clean or given up, and a crash's draft is offered until settled.
import { EditorState } from "@codemirror/state";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { UnsavedEdit } from "../ipc";
import { Journal, type JournalOptions } from "./journal.svelte";
import { ui } from "./ui.svelte";

/** The backend's journal: id → text. */
let records: Map<string, string>;
let commands: string[];
let failing: boolean;
/** The open entry as the store would show it. */
let source: { id: string | null; dirty: boolean; editorState: EditorState; baseHash: string | null };

beforeEach(() => {
  records = new Map();
  commands = [];
  failing = false;
  source = { id: "alpha.md", dirty: false, editorState: EditorState.create({ doc: "# Alpha\n" }), baseHash: "h0" };
  ui.toasts = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    commands.push(cmd);
    if (failing) throw { code: "io", message: "journal folder is read-only" };
    if (cmd === "record_unsaved") records.set(String(args.id), String(args.text));
    else if (cmd === "discard_unsaved") records.delete(String(args.id));
    else throw new Error(`unexpected command ${cmd}`);
    return null;
  });
});

afterEach(() => clearMocks());

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** `text` typed into the open entry. */
function typed(text: string): void {
  source.editorState = EditorState.create({ doc: text });
  source.dirty = true;
}

const draft: UnsavedEdit = { id: "alpha.md", title: "Alpha", text: "# Alpha\n\nBefore the crash.\n", base_hash: "h0", disk_hash: "h0", saved_at_unix_ms: 1 };

function journal(options: JournalOptions = {}): Journal {
  const made = new Journal(source, { delay: 10, ...options });
  made.reset(source.id);
  return made;
}

describe("Journal", () => {
  // Typing schedules a record many times a second; the backend sees one per delay, with the latest text.
  it("records the unsaved text once per delay", async () => {
    const kept = journal();
    typed("# Alpha\n\nOne");
    kept.schedule();
    typed("# Alpha\n\nOne two");
    kept.schedule();
    expect(records.size).toBe(0);
    await tick(30);
    expect(records.get("alpha.md")).toBe("# Alpha\n\nOne two");
    expect(commands).toEqual(["record_unsaved"]);
  });

  // Back to the file's text: the record this run made goes; a clean entry never recorded asks nothing.
  it("forgets its record once the text is clean, and only its own", async () => {
    const kept = journal();
    await kept.now();
    expect(commands).toEqual([]);
    typed("# Alpha\n\nMine");
    await kept.now();
    source.dirty = false;
    await kept.now();
    expect(records.size).toBe(0);
    expect(commands).toEqual(["record_unsaved", "discard_unsaved"]);
  });

  // A save writes the file and the backend drops the record with it: nothing more to forget.
  it("asks nothing more after the text was written", async () => {
    const kept = journal();
    typed("# Alpha\n\nMine");
    await kept.now();
    kept.written();
    source.dirty = false;
    await kept.now();
    expect(commands).toEqual(["record_unsaved"]);
  });

  // Another entry opens after the user agreed to drop the edits: their record and the pending one go.
  it("drops the record and the scheduled one of edits given up", async () => {
    const kept = journal();
    typed("# Alpha\n\nMine");
    await kept.now();
    kept.schedule();
    kept.drop();
    await tick(30);
    expect(records.size).toBe(0);
    expect(commands).toEqual(["record_unsaved", "discard_unsaved"]);
  });

  // A journal that cannot be written says so once, not on every record.
  it("warns once when records cannot be written", async () => {
    const kept = journal();
    failing = true;
    typed("# Alpha\n\nMine");
    await kept.now();
    const first = ui.toasts.map((toast) => toast.id);
    await kept.now();
    // (A toast said again would come back with a new id.)
    expect(ui.toasts.map((toast) => toast.id)).toEqual(first);
    expect(ui.toasts.map((toast) => toast.kind)).toEqual(["warning"]);
    expect(ui.toasts[0]?.message).toContain("journal folder is read-only");
  });

  // A crash's draft is offered for its entry only; restoring it makes its record this run's to forget.
  it("offers a draft until it is taken, then owns its record", async () => {
    records.set("alpha.md", draft.text);
    const settled: string[] = [];
    const kept = journal({ draftFor: (id) => (id === "alpha.md" ? draft : null), onDraftSettled: (id) => settled.push(id) });
    expect(kept.draft).toEqual(draft);
    kept.reset("beta.md");
    expect(kept.draft).toBeNull();
    kept.reset("alpha.md");
    source.id = "beta.md";
    expect(kept.takeDraft(), "not the open entry's draft").toBeNull();
    source.id = "alpha.md";
    expect(kept.takeDraft()).toEqual(draft);
    expect(kept.draft).toBeNull();
    expect(settled).toEqual(["alpha.md"]);
    await kept.now();
    expect(records.has("alpha.md"), "clean again: the draft's record goes").toBe(false);
  });

  // Discarding a draft forgets its record and stops offering it.
  it("discards a draft", async () => {
    records.set("alpha.md", draft.text);
    const settled: string[] = [];
    const kept = journal({ draftFor: () => draft, onDraftSettled: (id) => settled.push(id) });
    await kept.discardDraft();
    expect(kept.draft).toBeNull();
    expect(records.size).toBe(0);
    expect(settled).toEqual(["alpha.md"]);
  });
});
