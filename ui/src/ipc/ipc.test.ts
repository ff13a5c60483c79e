// The one door to the backend: page parts completed from what the preview
// shows, typed errors passed through, events delivered. (That each wrapper
// calls its command with its arguments is commands.test.ts's, against the
// Rust source.)
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";

import { analyzeEntry, errorMessage, isIpcError, loadEntry, onOpenWikiRequested, onWikiChanged, OPEN_WIKI_REQUESTED, WIKI_CHANGED } from ".";

afterEach(() => clearMocks());

describe("ipc", () => {
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
