// The New entry and Rename dialogs show the file the backend will write, as
// the backend names it: the UI once slugged titles itself and showed
// `क-त-ब.md` for a file written as `किताब.md`.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { entryView, SAMPLE } from "../../test/fixtures";
import { entry, wiki } from "../../lib/stores.svelte";
import NewEntryDialog from "./NewEntryDialog.svelte";
import RenameDialog from "./RenameDialog.svelte";

/** What the backend answers for a title: its file, or its refusal (as quire-core words them). */
const NAMES: Record<string, string> = {
  "किताब": "किताब.md",
  "हिन्दी भाषा": "हिन्दी-भाषा.md",
  "ภาษาไทย": "ภาษาไทย.md",
  "اللُّغَة": "اللُّغَة.md",
  "東京 タワー": "東京-タワー.md",
  "A\u030angstro\u0308m": "ångström.md",
};
const REFUSAL = { code: "invalid-title", message: "the title `🚀` has no letters or digits to name a file after" };

let asked: [string, unknown][];

beforeEach(() => {
  asked = [];
  wiki.replace({ root: "/wiki", entries: [], kinds: [{ name: "concept", description: "" }], file_problems: [], wanted: [], recovered: [] });
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "new_entry_id":
      case "renamed_entry_id": {
        asked.push([cmd, args]);
        const id = NAMES[String(args.title)];
        if (!id) throw REFUSAL;
        return cmd === "new_entry_id" && args.folder ? `${String(args.folder)}/${id}` : id;
      }
      case "load_entry":
        return entryView(String(args.id), SAMPLE, "h0");
      case "record_unsaved":
      case "discard_unsaved":
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => clearMocks());

/** Mounts `component`, sets the dialog's title field to `title`, and waits for the text of `testid`. */
async function shown(component: typeof NewEntryDialog | typeof RenameDialog, props: Record<string, unknown>, title: string, testid: string) {
  const target = document.body.appendChild(document.createElement("div"));
  const mounted = mount(component as typeof NewEntryDialog, { target, props: props as { initialTitle: string } });
  flushSync();
  const input = target.querySelector<HTMLInputElement>("input")!;
  input.value = title;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
  const text = await vi.waitFor(() => {
    const element = target.querySelector(`[data-testid="${testid}"]`);
    if (!element) throw new Error(`no ${testid} yet`);
    return element.textContent ?? "";
  });
  const submit = target.ownerDocument.querySelector<HTMLButtonElement>("button[type=submit]")!.disabled;
  void unmount(mounted);
  target.remove();
  return { text, submitDisabled: submit };
}

describe("file names in dialogs", () => {
  it("New entry shows the backend's file name in any script", async () => {
    for (const [title, file] of Object.entries(NAMES)) {
      const { text, submitDisabled } = await shown(NewEntryDialog, { initialTitle: "" }, title, "new-entry-file");
      expect(text).toBe(`File: ${file}`);
      expect(submitDisabled).toBe(false);
    }
    expect(asked).toContainEqual(["new_entry_id", { title: "किताब", folder: null }]);
  });

  it("New entry shows the backend's refusal and offers no Create", async () => {
    const { text, submitDisabled } = await shown(NewEntryDialog, { initialTitle: "" }, "🚀", "new-entry-file-problem");
    expect(text).toBe(REFUSAL.message);
    expect(submitDisabled).toBe(true);
  });

  it("Rename shows the backend's new file name in any script", async () => {
    expect(await entry.open("alpha.md")).toBe(true);
    for (const [title, file] of Object.entries(NAMES)) {
      const { text } = await shown(RenameDialog, {}, title, "rename-file");
      expect(text).toBe(`File: alpha.md → ${file}`);
    }
    expect(asked).toContainEqual(["renamed_entry_id", { id: "alpha.md", title: "किताब" }]);
  });
});
