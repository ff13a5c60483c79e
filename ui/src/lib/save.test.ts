// The save flow on its own, with a stand-in for the entry store and a
// mocked backend: what reaches the disk, what the editor ends up holding,
// and that neither side of a change on disk is ever lost.
import { EditorState, type Transaction, type TransactionSpec } from "@codemirror/state";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { Analysis, MergeResult, SaveOutcome } from "../ipc";
import { entryView, SAMPLE } from "../test/fixtures";
import { fromDisk } from "./editor/section";
import { reloadRefusal, SaveFlow, type SaveEvents, type SaveSource } from "./save.svelte";

/** The entry store as the save flow sees it: a state, and what was asked of it. */
class Host implements SaveSource, SaveEvents {
  id: string | null = "alpha.md";
  editorState = EditorState.create({ doc: SAMPLE });
  section = null;
  flow = new SaveFlow(this, this);
  transactions: Transaction[] = [];
  reanalysed = 0;
  shown: Analysis[] = [];
  mergedCount = 0;
  writtenIds: string[] = [];

  get dirty(): boolean {
    return !this.editorState.doc.eq(this.flow.baseDoc);
  }
  dispatch(...specs: TransactionSpec[]): void {
    const tr = this.editorState.update(...specs);
    this.transactions.push(tr);
    this.editorState = tr.state;
  }
  reanalyse(): void {
    this.reanalysed++;
  }
  showAnalysis(analysis: Analysis): void {
    this.shown.push(analysis);
  }
  merged(): void {
    this.mergedCount++;
  }
  written(id: string): void {
    this.writtenIds.push(id);
  }
  type(text: string, at = this.editorState.doc.length): void {
    this.dispatch({ changes: { from: at, insert: text }, userEvent: "input.type" });
  }
  get text(): string {
    return this.editorState.doc.toString();
  }
}

let disk: { text: string; hash: string } | null;
let saves: Record<string, unknown>[];
let loads: number;
/** Holds the next save's answer until released, when set. */
let holdSave: Promise<void> | null;
let merge: (base: string, ours: string, theirs: string) => MergeResult | Promise<MergeResult>;
let host: Host;

beforeEach(() => {
  disk = { text: SAMPLE, hash: "h0" };
  saves = [];
  loads = 0;
  holdSave = null;
  merge = () => {
    throw { code: "io", message: "no merge in this test" };
  };
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "load_entry":
        loads++;
        if (!disk) throw { code: "not-found", message: "`alpha.md` is not in the wiki" };
        return entryView("alpha.md", disk.text, disk.hash);
      case "save_entry": {
        saves.push(args);
        if (holdSave) await holdSave;
        if (disk && args.baseHash !== disk.hash) return { outcome: "conflict", disk_text: disk.text, disk_hash: disk.hash } satisfies SaveOutcome;
        disk = { text: String(args.text), hash: `h${saves.length}` };
        return { outcome: "saved", hash: disk.hash } satisfies SaveOutcome;
      }
      case "merge_with_disk_text":
        return merge(String(args.base), String(args.ours), String(args.theirs));
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  host = new Host();
  host.flow.reset(host.editorState.doc, "h0");
});

afterEach(() => clearMocks());

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const definitionChanged = SAMPLE.replace("A definition.", "Their definition.");

describe("SaveFlow", () => {
  // A save names the version it is based on and moves the base to what it wrote.
  it("saves against the base hash and moves the base", async () => {
    host.type("Mine.\n");
    expect(await host.flow.save()).toEqual({ outcome: "saved", hash: "h1" });
    expect(saves).toEqual([{ id: "alpha.md", text: `${SAMPLE}Mine.\n`, baseHash: "h0" }]);
    expect(host.flow.baseHash).toBe("h1");
    expect(host.dirty).toBe(false);
    expect(host.writtenIds).toEqual(["alpha.md"]);
    expect(await host.flow.save(), "clean: nothing to write").toBeNull();
  });

  // The watcher's notice arriving mid-save is not lost: the disk is looked at once the save is done.
  it("looks at the disk again after a save a change notice met", async () => {
    host.type("Mine.\n");
    let release!: () => void;
    holdSave = new Promise((resolve) => (release = resolve));
    const saved = host.flow.save();
    await tick();
    await host.flow.diskChanged();
    expect(loads, "not while saving").toBe(0);
    release();
    await saved;
    await tick();
    expect(loads).toBe(1);
  });

  // Someone else's change in another part is merged into unsaved edits: both kept, one undo step, still unsaved.
  it("merges a change on disk into unsaved edits", async () => {
    merge = (_base, ours) => ({ clean: true, text: ours.replace("A definition.", "Their definition."), conflicts: 0, disk_changed: ["Definition"] });
    host.type("Mine.\n");
    disk = { text: definitionChanged, hash: "h9" };
    await host.flow.diskChanged();
    expect(host.text).toBe(`${definitionChanged}Mine.\n`);
    expect(host.flow.baseHash).toBe("h9");
    expect(host.dirty).toBe(true);
    expect(host.flow.merged).toMatchObject({ parts: ["Definition"], saved: false });
    expect(host.transactions.at(-1)?.annotation(fromDisk)).toBe("merge");
    expect(host.mergedCount).toBe(1);
  });

  // Typing while the merge ran: that merge is of an old text, so the newer one is merged instead.
  it("merges again when typing went on during the merge", async () => {
    const ours: string[] = [];
    merge = async (_base, mine) => {
      ours.push(mine);
      if (ours.length === 1) host.type("More.\n");
      return { clean: true, text: mine.replace("A definition.", "Their definition."), conflicts: 0, disk_changed: [] };
    };
    host.type("Mine.\n");
    disk = { text: definitionChanged, hash: "h9" };
    await host.flow.diskChanged();
    expect(ours).toEqual([`${SAMPLE}Mine.\n`, `${SAMPLE}Mine.\nMore.\n`]);
    expect(host.text).toBe(`${definitionChanged}Mine.\nMore.\n`);
  });

  // The backend could not merge: the editor keeps mine, the conflict holds theirs.
  it("turns a failed merge into a conflict that keeps both", async () => {
    host.type("Mine.\n");
    disk = { text: definitionChanged, hash: "h9" };
    await host.flow.diskChanged();
    expect(host.text).toBe(`${SAMPLE}Mine.\n`);
    expect(host.flow.conflict).toEqual({ kind: "changed", diskText: definitionChanged, diskHash: "h9", origin: "disk", merged: null });
  });

  // The disk now holds exactly the editor's text (saved elsewhere): adopt its hash, touch nothing.
  it("adopts the disk's hash when it holds the editor's text", async () => {
    host.type("Mine.\n");
    disk = { text: `${SAMPLE}Mine.\n`, hash: "h9" };
    const before = host.transactions.length;
    await host.flow.diskChanged();
    expect(host.transactions.length).toBe(before);
    expect(host.flow.baseHash).toBe("h9");
    expect(host.dirty).toBe(false);
    expect(host.shown).toHaveLength(1);
  });

  // A clean entry follows the disk in place, as one step marked as the disk's.
  it("reloads a clean entry in place", async () => {
    disk = { text: definitionChanged, hash: "h9" };
    await host.flow.diskChanged();
    expect(host.text).toBe(definitionChanged);
    expect(host.transactions.at(-1)?.annotation(fromDisk)).toBe("reload");
    expect(host.flow.reloadedAt).toBeGreaterThan(0);
    expect(host.dirty).toBe(false);
  });

  // A file gone from disk: the text stays, and saving again expects no file.
  it("keeps the text of a file deleted on disk and saves it again", async () => {
    host.type("Mine.\n");
    disk = null;
    await host.flow.diskChanged();
    expect(host.flow.conflict).toEqual({ kind: "deleted", origin: "disk" });
    expect(host.text).toBe(`${SAMPLE}Mine.\n`);
    await host.flow.keepMine();
    expect(saves.at(-1)).toMatchObject({ baseHash: null, text: `${SAMPLE}Mine.\n` });
    expect(host.flow.conflict).toBeNull();
  });

  // "Take theirs" puts the disk's text in, clean, marked as the disk's, and asks for its analysis.
  it("takes theirs", async () => {
    host.type("Mine.\n");
    disk = { text: definitionChanged, hash: "h9" };
    await host.flow.save();
    expect(host.flow.conflict).toMatchObject({ kind: "changed", origin: "save" });
    host.flow.takeTheirs();
    expect(host.text).toBe(definitionChanged);
    expect(host.transactions.at(-1)?.annotation(fromDisk)).toBe("theirs");
    expect(host.dirty).toBe(false);
    expect(host.reanalysed).toBe(1);
  });

  // Only "not found" means the file is gone; any other refusal leaves the editor as it is.
  it("reads a refused reload", () => {
    expect(reloadRefusal("not-found")).toBe("gone");
    expect(reloadRefusal("io")).toBe("kept");
  });
});
