// Renaming the open entry from the app (navigation.renameOpenEntry) against a
// mocked backend: unsaved edits are saved before the rename and only when
// asked, a conflict refuses, the backend's refusal reaches the dialog, and
// after a rename the entry reopens under its new id.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { RenameResult, WikiView } from "../ipc";
import { analysisOf, entryView, SAMPLE } from "../test/fixtures";
import { renameOpenEntry } from "./navigation";
import { entry, ui } from "./stores.svelte";

let calls: string[];
let refuse: { code: string; message: string } | null;
let disk: Map<string, string>;

const VIEW: WikiView = { root: "/wiki", entries: [], kinds: [], file_problems: [], wanted: [], recovered: [] };

beforeEach(async () => {
  calls = [];
  refuse = null;
  disk = new Map([["alpha.md", SAMPLE]]);
  ui.toasts = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push(cmd);
    switch (cmd) {
      case "load_entry":
        return entryView(String(args.id), disk.get(String(args.id)) ?? "", `hash-${String(args.id)}`);
      case "analyze_entry":
        return analysisOf(String(args.text));
      case "save_entry":
        disk.set(String(args.id), String(args.text));
        return { outcome: "saved", hash: `hash-${String(args.id)}` };
      case "rename_entry": {
        if (refuse) throw refuse;
        const text = disk.get(String(args.id)) ?? "";
        disk.delete(String(args.id));
        disk.set("alpha-renamed.md", text);
        const result: RenameResult = {
          old_id: String(args.id),
          new_id: "alpha-renamed.md",
          new_title: String(args.title),
          rewritten: ["beta.md"],
          links: 2,
          alias_added: true,
          left_alone: [],
        };
        return result;
      }
      case "wiki_view":
        return VIEW;
      case "record_unsaved":
      case "discard_unsaved":
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  expect(await entry.open("alpha.md")).toBe(true);
  calls = [];
});

afterEach(() => {
  entry.close();
  clearMocks();
});

function typeSomething() {
  entry.dispatch({ changes: { from: entry.editorState.doc.length, insert: "\nTyped." }, userEvent: "input.type" });
}

describe("renaming the open entry", () => {
  it("renames and reopens the entry under its new id", async () => {
    expect(await renameOpenEntry("Alpha Renamed", false)).toBeNull();
    expect(calls.filter((cmd) => cmd === "rename_entry" || cmd === "load_entry")).toEqual(["rename_entry", "load_entry"]);
    expect(entry.id).toBe("alpha-renamed.md");
    expect(ui.toasts.at(-1)?.message).toBe("Renamed to “Alpha Renamed” (alpha-renamed.md); 2 links rewritten in 1 other entry.");
  });

  it("refuses unsaved edits unless told to save them first", async () => {
    typeSomething();
    expect(await renameOpenEntry("Alpha Renamed", false)).toMatch(/unsaved changes/);
    expect(calls).not.toContain("rename_entry");
    expect(entry.id).toBe("alpha.md");

    expect(await renameOpenEntry("Alpha Renamed", true)).toBeNull();
    expect(calls.indexOf("save_entry")).toBeLessThan(calls.indexOf("rename_entry"));
    expect(disk.get("alpha-renamed.md")).toContain("Typed.");
    expect(entry.id).toBe("alpha-renamed.md");
    expect(entry.dirty).toBe(false);
  });

  it("refuses during a conflict with the disk", async () => {
    entry.diskRemoved();
    expect(await renameOpenEntry("Alpha Renamed", true)).toMatch(/changed on disk/);
    expect(calls).not.toContain("rename_entry");
  });

  it("hands the backend's refusal to the dialog and stays on the entry", async () => {
    refuse = { code: "exists", message: "`alpha-renamed.md` already exists; not overwriting it" };
    expect(await renameOpenEntry("Alpha Renamed", false)).toBe(refuse.message);
    expect(entry.id).toBe("alpha.md");
  });
});
