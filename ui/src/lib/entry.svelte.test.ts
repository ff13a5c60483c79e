// The store inside the window's effects: components dispatch from Svelte
// effects (scroll sync moves the editor), and a dispatch must not make the
// effect depend on the state it writes, or the effect runs again and again.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, untrack } from "svelte";
import { afterEach, expect, it } from "vitest";

import { analysisOf, entryView, SAMPLE } from "../test/fixtures";
import { EntryStore } from "./entry.svelte";

afterEach(() => clearMocks());

// Svelte stopped the app's preview → editor scroll sync with
// `effect_update_depth_exceeded` when the store read its own state while applying the view's transactions.
it("applies the view's transactions without making the calling effect depend on them", async () => {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    if (cmd === "load_entry") return entryView("alpha.md", SAMPLE, "h0");
    if (cmd === "analyze_entry") return analysisOf(String(args.text));
    return null;
  });
  const store = new EntryStore({ analyzeDelay: 1000 });
  await store.open("alpha.md");
  let runs = 0;
  const stop = $effect.root(() => {
    $effect(() => {
      runs++;
      // As the view would: a transaction made from its own state, applied through the store.
      const state = untrack(() => store.editorState);
      store.applyTransactions([state.update({ selection: { anchor: runs % 10 } })]);
    });
  });
  flushSync();
  flushSync();
  expect(runs).toBe(1);
  stop();
});
