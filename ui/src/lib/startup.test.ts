// Start-up (navigation.startUp) against a mocked backend: the answer the
// page asked for as it began is taken without asking again; without it, or
// when it failed, the list, the drafts and the first entry are asked for the
// usual way.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { EntryInfo, UnsavedEdit, WikiView } from "../ipc";
import type { StartUp as WireStartUp } from "../ipc/bindings/StartUp";
import { entryView, SAMPLE } from "../test/fixtures";
import { startUp } from "./navigation";
import { entry, ui, wiki } from "./stores.svelte";

const info = (id: string, title: string): EntryInfo => ({ id, title, aliases: [], kind: "concept", status: null, errors: 0, warnings: 0 });
const VIEW: WikiView = {
  root: "/wiki",
  entries: [info("alpha.md", "Alpha"), info("beta.md", "Beta")],
  kinds: [],
  file_problems: [],
  wanted: [],
  recovered: [],
};
const BETA = SAMPLE.replaceAll("Alpha", "Beta");
const DRAFT: UnsavedEdit = { id: "beta.md", title: "Beta", text: `${BETA}More.\n`, base_hash: "h-beta", disk_hash: "h-beta", saved_at_unix_ms: 0 };

let calls: string[];
let drafts: UnsavedEdit[];

type Holder = { __QUIRE_START_UP__?: Promise<WireStartUp> };

beforeEach(() => {
  calls = [];
  drafts = [];
  entry.close();
  ui.toasts = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push(cmd);
    switch (cmd) {
      case "wiki_view":
        return VIEW;
      case "unsaved_edits":
        return drafts;
      case "load_entry":
        return args.id === "beta.md" ? entryView("beta.md", BETA, "h-beta") : entryView("alpha.md", SAMPLE, "h-alpha");
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => {
  delete (window as Holder).__QUIRE_START_UP__;
  clearMocks();
});

describe("startUp", () => {
  it("takes the answer asked for as the page began, without asking again", async () => {
    (window as Holder).__QUIRE_START_UP__ = Promise.resolve({ wiki: VIEW, drafts: [], entry: entryView("alpha.md", SAMPLE, "h-alpha") });
    await startUp();
    expect(calls).toEqual([]);
    expect(wiki.entries.map((item) => item.title)).toEqual(["Alpha", "Beta"]);
    expect(entry.id).toBe("alpha.md");
    expect(entry.editorState.doc.toString()).toBe(SAMPLE);
    expect(entry.saveState).toBe("saved");
    expect(entry.analysis?.title).toBe("Alpha");
  });

  it("opens the entry with unsaved edits and says that they were kept", async () => {
    (window as Holder).__QUIRE_START_UP__ = Promise.resolve({ wiki: VIEW, drafts: [DRAFT], entry: entryView("beta.md", BETA, "h-beta") });
    await startUp();
    expect(calls).toEqual([]);
    expect(entry.id).toBe("beta.md");
    expect(entry.draft?.text).toBe(DRAFT.text);
    expect(ui.toasts.some((toast) => toast.message.includes("“Beta”"))).toBe(true);
  });

  it("says what an interrupted rename left and how it was finished", async () => {
    const recovered = ["the interrupted rename of `Beta` to `Bravo` was completed (3 files)"];
    (window as Holder).__QUIRE_START_UP__ = Promise.resolve({ wiki: { ...VIEW, recovered }, drafts: [], entry: null });
    await startUp();
    const toast = ui.toasts.find((item) => item.message.startsWith("The interrupted rename"));
    expect(toast?.message).toBe("The interrupted rename of “Beta” to “Bravo” was completed (3 files).");
    expect(toast?.kind).toBe("warning");
  });

  it("asks the usual way when that answer failed", async () => {
    (window as Holder).__QUIRE_START_UP__ = Promise.reject({ code: "no-wiki", message: "no wiki is open" });
    drafts = [DRAFT];
    await startUp();
    expect(calls.sort()).toEqual(["load_entry", "unsaved_edits", "wiki_view"]);
    expect(entry.id).toBe("beta.md");
    expect(wiki.drafts).toEqual([DRAFT]);
  });

  it("asks the usual way when there is no such answer", async () => {
    await startUp();
    expect(calls.sort()).toEqual(["load_entry", "unsaved_edits", "wiki_view"]);
    expect(entry.id).toBe("alpha.md");
    // Taken once: a second start-up (another wiki) asks again.
    calls = [];
    entry.close();
    await startUp();
    expect(calls.sort()).toEqual(["load_entry", "unsaved_edits", "wiki_view"]);
  });
});
