// The analysis client against a mocked backend that answers when told: an
// answer is used only on the text it can be placed on, never on another.
import { EditorState, type Transaction } from "@codemirror/state";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { Analysis } from "../ipc";
import { analysisOf, SAMPLE } from "../test/fixtures";
import { AnalysisClient, type Answer } from "./analysis-client";
import { fromDisk } from "./editor/section";

let pending: { text: string; answer: () => void; fail: () => void }[];
let state: EditorState;
let client: AnalysisClient;
/** What the client handed the store to place. */
let applied: Answer[];

beforeEach(() => {
  pending = [];
  mockIPC((cmd, payload) => {
    if (cmd !== "analyze_entry") throw new Error(`unexpected command ${cmd}`);
    const text = String((payload as { text: string }).text);
    return new Promise<Analysis>((resolve, reject) =>
      pending.push({ text, answer: () => resolve(analysisOf(text)), fail: () => reject({ code: "io", message: "disk on fire" }) }),
    );
  });
  state = EditorState.create({ doc: SAMPLE });
  applied = [];
  client = new AnalysisClient(
    {
      id: "alpha.md",
      get editorState() {
        return state;
      },
    },
    (answer) => applied.push(answer),
  );
});

afterEach(() => clearMocks());

/** Applies `tr` as the editor would, telling the client. */
function apply(tr: Transaction): void {
  client.track(tr);
  state = tr.state;
}

const ask = () => client.request("alpha.md", state.doc, new Map());
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("AnalysisClient", () => {
  // The plain case: nothing typed meanwhile, the answer is for this very text.
  it("hands back an answer for the current text with no changes", async () => {
    const request = ask();
    expect(client.waiting).toBe(true);
    await settle();
    pending[0]!.answer();
    const answer = await request;
    expect(answer?.analysis.title).toBe("Alpha");
    expect(answer?.changes.empty).toBe(true);
    expect(client.waiting).toBe(false);
  });

  // A request replaced by a newer one: its late answer must not replace the newer one.
  it("drops the answer of a request a newer one replaced", async () => {
    const first = ask();
    apply(state.update({ changes: { from: state.doc.length, insert: "x" } }));
    const second = ask();
    await settle();
    pending[1]!.answer();
    pending[0]!.answer();
    expect(await first).toBeNull();
    expect((await second)?.analysis.outline.at(-1)?.to).toBe(SAMPLE.length + 1);
  });

  // Typing while a request is out: the answer comes with exactly the edits that lead to the editor's text.
  it("hands back the edits made since the request", async () => {
    const request = ask();
    const requested = state.doc;
    apply(state.update({ changes: { from: 0, insert: "ab" } }));
    apply(state.update({ changes: { from: SAMPLE.indexOf("Alpha is"), insert: "c" } }));
    await settle();
    pending[0]!.answer();
    const answer = await request;
    expect(answer?.changes.apply(requested).toString()).toBe(state.doc.toString());
  });

  // Text from disk replaced the text asked about: the answer describes a text that is gone.
  it("drops the answer once text from disk replaced the text", async () => {
    const request = ask();
    apply(state.update({ changes: { from: 0, insert: "disk " }, annotations: fromDisk.of("reload") }));
    expect(client.waiting).toBe(false);
    await settle();
    pending[0]!.answer();
    expect(await request).toBeNull();
  });

  // An edit the client never saw (a new state set wholesale): the documents differ, the answer is dropped.
  it("drops the answer when the editor's text is not the one its edits lead to", async () => {
    const request = ask();
    apply(state.update({ changes: { from: 0, insert: "seen " } }));
    state = state.update({ changes: { from: 0, insert: "unseen " } }).state;
    await settle();
    pending[0]!.answer();
    expect(await request).toBeNull();
  });

  // A failure is said once, for the latest request only; one replaced since fails silently.
  it("reports a failure only for the latest request", async () => {
    const first = ask();
    const second = ask();
    await settle();
    pending[0]!.fail();
    expect(await first).toBeNull();
    pending[1]!.fail();
    await expect(second).rejects.toMatchObject({ code: "io" });
    expect(client.waiting).toBe(false);
  });

  // Another entry opened: whatever was asked about the last one is dropped.
  it("forgets the request out when told", async () => {
    const request = ask();
    client.forget();
    expect(client.waiting).toBe(false);
    await settle();
    pending[0]!.answer();
    expect(await request).toBeNull();
  });

  // Typing while `now` waited: its answer is placed with the edits since, and
  // the text as it is now is asked about next, once.
  it("places a mapped answer and then asks about the current text", async () => {
    const analysed = client.now();
    apply(state.update({ changes: { from: state.doc.length, insert: "typed" } }));
    await settle();
    pending[0]!.answer();
    await analysed;
    expect(applied).toHaveLength(1);
    expect(applied[0]?.changes.empty).toBe(false);
    await settle();
    expect(pending.map((request) => request.text)).toEqual([SAMPLE, `${SAMPLE}typed`]);
    pending[1]!.answer();
    await settle();
    await settle();
    expect(applied).toHaveLength(2);
    expect(applied[1]?.changes.empty).toBe(true);
    expect(pending).toHaveLength(2);
  });
});
