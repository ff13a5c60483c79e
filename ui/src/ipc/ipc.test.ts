// The one door to the backend: command names and argument spelling must
// match src-tauri/app/src/commands.rs (camelCase on this side), and
// `wiki-changed` events must reach the callback.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  analyzeEntry,
  chooseWikiFolder,
  createEntry,
  discardUnsaved,
  editorReady,
  errorMessage,
  isIpcError,
  loadEntry,
  mergeWithDisk,
  onOpenWikiRequested,
  onWikiChanged,
  OPEN_WIKI_REQUESTED,
  openExternal,
  recordUnsaved,
  saveEntry,
  unsavedEdits,
  WIKI_CHANGED,
  wikiProblems,
  wikiView,
} from ".";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("calls each command with its arguments", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      if (cmd === "save_entry") return { outcome: "saved", hash: "h1" };
      if (cmd === "create_entry") return "new.md";
      if (cmd === "wiki_problems") return [];
      if (cmd === "load_entry") return { id: "a.md", text: "# A\n", hash: "h0", analysis: wire([["p1", "<h1>A</h1>"]]) };
      if (cmd === "analyze_entry") return wire([["p1", "<h1>A</h1>"]]);
      return null;
    });
    await wikiView();
    await loadEntry("a.md");
    await analyzeEntry("a.md", "# A\n");
    expect(await saveEntry("a.md", "# A\n", "h0")).toEqual({ outcome: "saved", hash: "h1" });
    expect(await createEntry("New", "concept", null)).toBe("new.md");
    await wikiProblems();
    await openExternal("https://example.org/");
    await recordUnsaved("a.md", "# A\n\nTyped", "h0");
    await discardUnsaved("a.md");
    await unsavedEdits();
    await mergeWithDisk("b", "o", "t");
    await chooseWikiFolder();
    await editorReady(1795987000000, [["script", 180]]);
    expect(calls).toEqual([
      ["wiki_view", {}],
      ["load_entry", { id: "a.md" }],
      ["analyze_entry", { id: "a.md", text: "# A\n", shown: [] }],
      ["save_entry", { id: "a.md", text: "# A\n", baseHash: "h0" }],
      ["create_entry", { title: "New", kind: "concept", folder: null }],
      ["wiki_problems", {}],
      ["open_external", { url: "https://example.org/" }],
      ["record_unsaved", { id: "a.md", text: "# A\n\nTyped", baseHash: "h0" }],
      ["discard_unsaved", { id: "a.md" }],
      ["unsaved_edits", {}],
      ["merge_with_disk_text", { base: "b", ours: "o", theirs: "t" }],
      ["choose_wiki_folder", {}],
      ["editor_ready", { interactiveAt: 1795987000000, marks: [["script", 180]] }],
    ]);
  });

  it("fills in the HTML of parts the preview shows, and asks again when one is missing", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, payload) => {
      if (cmd !== "analyze_entry") return null;
      calls.push(payload);
      const shown = (payload as { shown: string[] }).shown;
      const part = (hash: string, html: string): [string, string | null] => [hash, shown.includes(hash) ? null : html];
      return wire([part("lead", "<p>Lead</p>"), part("s1", "<h2>One</h2>"), part("s2", "<h2>Two, edited</h2>")]);
    });
    const shown = new Map([
      ["lead", "<p>Lead</p>"],
      ["s1", "<h2>One</h2>"],
      ["old", "<h2>Two</h2>"],
    ]);
    const analysis = await analyzeEntry("a.md", "text", shown);
    expect(analysis.page.map((part) => part.html)).toEqual(["<p>Lead</p>", "<h2>One</h2>", "<h2>Two, edited</h2>"]);
    expect(calls).toEqual([{ id: "a.md", text: "text", shown: ["lead", "s1", "old"] }]);

    // The backend left out a part this side does not have: everything is asked for again.
    calls.length = 0;
    mockIPC((cmd, payload) => {
      calls.push(payload);
      const shown = (payload as { shown: string[] }).shown;
      return wire([["lead", shown.length > 0 ? null : "<p>Lead</p>"]]);
    });
    const again = await analyzeEntry("a.md", "text", new Map([["other", "<p>Other</p>"]]));
    expect(again.page.map((part) => part.html)).toEqual(["<p>Lead</p>"]);
    expect(calls).toEqual([
      { id: "a.md", text: "text", shown: ["other"] },
      { id: "a.md", text: "text", shown: [] },
    ]);
  });

  it("passes the backend's typed errors through", async () => {
    mockIPC(() => {
      throw { code: "not-found", message: "`x.md` does not exist" };
    });
    const error: unknown = await loadEntry("x.md").catch((reason: unknown) => reason);
    expect(isIpcError(error)).toBe(true);
    expect(errorMessage(error)).toBe("`x.md` does not exist");
    expect(errorMessage(new Error("boom"))).toBe("boom");
  });

  it("delivers wiki-changed events", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const callback = vi.fn();
    const unlisten = await onWikiChanged(callback);
    const change = { changed: ["a.md"], removed: [], rescanned: false, notice: null };
    await emit(WIKI_CHANGED, change);
    expect(callback).toHaveBeenCalledWith(change);
    unlisten();
  });

  it("delivers the menu's open-wiki requests", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const callback = vi.fn();
    const unlisten = await onOpenWikiRequested(callback);
    await emit(OPEN_WIKI_REQUESTED);
    expect(callback).toHaveBeenCalledTimes(1);
    unlisten();
  });
});

/** An analysis as the backend sends it: parts as [hash, html or null]. */
function wire(parts: [string, string | null][]) {
  return {
    title: "A",
    outline: [],
    problems: [],
    page: parts.map(([hash, html], index) => ({ heading: index === 0 ? null : `S${index}`, line: 1 + index, html, hash })),
    backlinks: [],
    missing_sections: [],
  };
}
