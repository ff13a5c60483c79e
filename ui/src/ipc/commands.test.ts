/// <reference types="vite/client" />
// Every wrapper of the door calls its command, by the name and with the
// arguments (camelCase here, snake_case there) of the Rust function in
// src-tauri/app/src/commands.rs, read here as text: a wrapper with a
// misspelt command or argument fails here, not at run time. (The Rust test
// `command_lists` checks that lib.rs and this file name the same commands as
// commands.rs, from which build.rs derives the permissions.)
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import commandsSource from "../../../src-tauri/app/src/commands.rs?raw";
import * as ipc from ".";

afterEach(() => clearMocks());

/** Each `#[tauri::command]` of commands.rs: its name and the arguments the UI passes (camelCase). */
function rustCommands(): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const piece of commandsSource.split("#[tauri::command]").slice(1)) {
    const match = /fn (\w+)(?:<[^>]*>)?\(/.exec(piece);
    if (!match) continue;
    const parameters = splitTopLevel(inParentheses(piece.slice(match.index + match[0].length)))
      .map((parameter) => parameter.trim())
      .filter((parameter) => parameter !== "")
      .filter((parameter) => !/:\s*(State<|tauri::AppHandle|AppHandle|tauri::Window|Window|tauri::WebviewWindow)/.test(parameter))
      .map((parameter) => parameter.split(":")[0]!.trim().replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase()));
    commands.set(match[1]!, parameters);
  }
  return commands;
}

/** `text` up to the `)` that closes a `(` just before it. */
function inParentheses(text: string): string {
  let depth = 1;
  for (const [index, character] of [...text].entries()) {
    if (character === "(") depth++;
    if (character === ")" && --depth === 0) return [...text].slice(0, index).join("");
  }
  return text;
}

/** `text` split at commas outside `<>` and `()`. */
function splitTopLevel(text: string): string[] {
  const parts = [""];
  let depth = 0;
  for (const character of text) {
    if ("<(".includes(character)) depth++;
    if (">)".includes(character)) depth--;
    if (character === "," && depth === 0) parts.push("");
    else parts[parts.length - 1] += character;
  }
  return parts;
}

const REVISION = { kind: "revision", revision: "HEAD" } as const;

/** A call of each wrapper, by its exported name. */
const CALLS: Record<string, () => Promise<unknown>> = {
  wikiView: () => ipc.wikiView(),
  loadEntry: () => ipc.loadEntry("a.md"),
  analyzeEntry: () => ipc.analyzeEntry("a.md", "# A\n"),
  saveEntry: () => ipc.saveEntry("a.md", "# A\n", "h0"),
  createEntry: () => ipc.createEntry("New", "concept", null),
  newEntryId: () => ipc.newEntryId("New", "people"),
  renamedEntryId: () => ipc.renamedEntryId("a.md", "B"),
  wikiProblems: () => ipc.wikiProblems(),
  recordUnsaved: () => ipc.recordUnsaved("a.md", "# A\n", "h0"),
  discardUnsaved: () => ipc.discardUnsaved("a.md"),
  unsavedEdits: () => ipc.unsavedEdits(),
  mergeWithDisk: () => ipc.mergeWithDisk("b", "o", "t"),
  chooseWikiFolder: () => ipc.chooseWikiFolder(),
  openExternal: () => ipc.openExternal("https://example.org/"),
  editorReady: () => ipc.editorReady(1795987000000, [["script", 180]]),
  entryHistory: () => ipc.entryHistory("a.md"),
  entryDiff: () => ipc.entryDiff("a.md", null, REVISION, { kind: "working_copy" }, null),
  changedEntries: () => ipc.changedEntries(),
  restoreSection: () => ipc.restoreSection("a.md", REVISION, 1, "# A\n"),
  commitView: () => ipc.commitView(),
  stageEntry: () => ipc.stageEntry("a.md", true),
  commitStaged: () => ipc.commitStaged("Add A"),
  renameEntry: () => ipc.renameEntry("a.md", "B"),
  syncStatus: () => ipc.syncStatus(),
  syncFetch: () => ipc.syncFetch(true),
  syncIncoming: () => ipc.syncIncoming(),
  syncRun: () => ipc.syncRun(),
  syncContinue: () => ipc.syncContinue(),
  syncAbort: () => ipc.syncAbort(),
  syncConflicts: () => ipc.syncConflicts(),
  syncResolve: () => ipc.syncResolve("a.md", "# A\n", "h0"),
  addRemote: () => ipc.addRemote("git://127.0.0.1/wiki.git"),
  syncSettings: () => ipc.syncSettings(),
  askpassAnswer: () => ipc.askpassAnswer(3, "secret"),
  setSyncSettings: () => ipc.setSyncSettings({ fetch_minutes: 5, fetch_when_metered: false, rebase: false }),
};

/** Exported functions that call no command. */
const NOT_COMMANDS = ["takeStartUp", "onWikiChanged", "onOpenWikiRequested", "onCloseRequested", "onSyncProgress", "onAskpass", "hasBackend", "isIpcError", "errorMessage"];

/** What the mock backend answers `command`: enough for the wrapper to finish. */
function answer(command: string): unknown {
  const analysis = { title: "A", outline: [], problems: [], page: [], backlinks: [], missing_sections: [] };
  if (command === "load_entry") return { id: "a.md", text: "# A\n", hash: "h0", analysis };
  if (command === "analyze_entry") return analysis;
  return null;
}

describe("commands", () => {
  it("has a call for every wrapper the door exports", () => {
    const functions = Object.entries(ipc)
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name)
      .filter((name) => !NOT_COMMANDS.includes(name));
    expect(functions.sort()).toEqual(Object.keys(CALLS).sort());
  });

  it("calls each command by its Rust name with its Rust arguments", async () => {
    const rust = rustCommands();
    expect(rust.size).toBeGreaterThan(20);
    const called = new Map<string, string[]>();
    mockIPC((command, payload) => {
      called.set(command, Object.keys((payload ?? {}) as object).sort());
      return answer(command);
    });
    for (const [name, call] of Object.entries(CALLS)) {
      const before = called.size;
      await call();
      expect(called.size, `${name} calls one command not called before`).toBe(before + 1);
    }
    // `start_up` is called by the page's first script (lib.rs `START_UP_SCRIPT`), not a wrapper.
    const expected = [...rust].filter(([command]) => command !== "start_up").map(([command, args]) => [command, [...args].sort()]);
    expect([...called].sort()).toEqual(expected.sort());
  });
});
