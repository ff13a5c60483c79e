// Section mode must show one part, refuse edits outside it, and keep one
// text and one undo history: these tests pin that down on the EditorState
// alone, without a view.
import { history, moveLineDown, moveLineUp, redo, undo } from "@codemirror/commands";
import { ChangeSet, EditorSelection, EditorState, Text, type Transaction } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { outlineOf, SAMPLE } from "../../test/fixtures";
import { clampSelection, fromDisk, mapSection, sectionChangeFilter, sectionLayout, sectionMode, sectionOf, setSection } from "./section";

function stateIn(heading: string | null, doc = SAMPLE): EditorState {
  const part = outlineOf(doc).find((item) => item.heading === heading);
  if (!part) throw new Error(`no part ${heading}`);
  const state = EditorState.create({ doc, extensions: [history(), sectionMode()] });
  return state.update({ effects: setSection.of({ from: part.from, to: part.to, heading }), filter: false }).state;
}

function run(state: EditorState, command: (target: { state: EditorState; dispatch: (tr: Transaction) => void }) => boolean): EditorState {
  let next = state;
  command({ state, dispatch: (tr) => (next = tr.state) });
  return next;
}

describe("sectionLayout", () => {
  const doc = Text.of(SAMPLE.split("\n"));
  const definition = outlineOf(SAMPLE)[2]!;

  // The hidden ranges are whole lines, so block decorations can replace them.
  it("hides whole lines before and after the section", () => {
    const layout = sectionLayout(doc, definition);
    expect(layout.headEnd).toBe(definition.from - 1);
    expect(doc.sliceString(layout.headEnd!, layout.headEnd! + 1)).toBe("\n");
    expect(layout.tailStart).toBe(definition.to);
    expect(doc.sliceString(layout.from, layout.end)).toBe("## Definition\n\nA definition.\n");
  });

  // The last section runs to the end of the text: nothing hidden after it.
  it("hides nothing after the last section", () => {
    const sources = outlineOf(SAMPLE)[3]!;
    const layout = sectionLayout(doc, sources);
    expect(layout.tailStart).toBeNull();
    expect(layout.end).toBe(doc.length);
  });

  // A part at the very start has no hidden head.
  it("hides nothing before a part at the start", () => {
    const layout = sectionLayout(Text.of(["# T", "", "## A", "x"]), { from: 0, to: 4, heading: null });
    expect(layout.headEnd).toBeNull();
    expect(layout.tailStart).toBe(4);
    expect(layout.end).toBe(3);
  });
});

describe("sectionChangeFilter", () => {
  const length = 100;
  const layout = { headEnd: 19, tailStart: 51, from: 20, end: 50 };
  const change = (from: number, to: number, insert = "") => ChangeSet.of([{ from, to, insert }], length);

  // Typing anywhere inside, including at both edges, is allowed.
  it("accepts changes inside the section", () => {
    expect(sectionChangeFilter(change(20, 20, "x"), layout, length)).toBe(true);
    expect(sectionChangeFilter(change(50, 50, "x"), layout, length)).toBe(true);
    expect(sectionChangeFilter(change(25, 30), layout, length)).toBe(true);
  });

  // Backspace at the start or Delete at the end would eat into hidden text.
  it("refuses changes that reach outside", () => {
    expect(sectionChangeFilter(change(19, 20), layout, length)).toBe(false);
    expect(sectionChangeFilter(change(50, 51), layout, length)).toBe(false);
    expect(sectionChangeFilter(change(5, 6, "y"), layout, length)).toBe(false);
  });

  // A replace-all keeps its matches inside and drops those outside.
  it("splits a replace-all at the section's edges", () => {
    const both = ChangeSet.of([{ from: 5, to: 6, insert: "y" }, { from: 30, to: 31, insert: "z" }], length);
    expect(sectionChangeFilter(both, layout, length, true)).toEqual([0, 20, 50, 100]);
    expect(sectionChangeFilter(both, layout, length, false)).toBe(false);
    // …but never a match across an edge, nor an insertion CodeMirror would keep at the document's edges.
    expect(sectionChangeFilter(change(18, 22, "w"), layout, length, true)).toBe(false);
    expect(sectionChangeFilter(change(0, 0, "x"), layout, length, true)).toBe(false);
    expect(sectionChangeFilter(change(100, 100, "x"), layout, length, true)).toBe(false);
  });
});

describe("section mode on an EditorState", () => {
  // Edits inside the section change the one text; those outside do nothing.
  it("applies edits inside and drops edits outside", () => {
    const state = stateIn("Definition");
    const section = sectionOf(state)!;
    const inside = state.update({ changes: { from: section.from + 3, insert: "Short " } }).state;
    expect(inside.doc.toString()).toContain("## Short Definition");
    const outside = state.update({ changes: { from: 2, insert: "!" } }).state;
    expect(outside.doc.toString()).toBe(SAMPLE);
    const lastLine = state.update({ changes: { from: state.doc.length, insert: "tail" } }).state;
    expect(lastLine.doc.toString()).toBe(SAMPLE);
  });

  // A replace-all over the whole text keeps only the matches inside the section.
  it("applies a replace-all inside the section only", () => {
    const state = stateIn("Definition");
    const changes = [];
    for (const match of SAMPLE.matchAll(/A /g)) changes.push({ from: match.index, to: match.index + 2, insert: "The " });
    const next = state.update({ changes, userEvent: "input.replace.all" }).state.doc.toString();
    expect(next).toContain("The definition.");
    expect(next).toContain("- A source, 2020.");
  });

  // Moving the last visible line down would swap it with a hidden heading:
  // refused whole, since half of it would duplicate or lose a line.
  it("refuses a line move across the section's edge", () => {
    let state = stateIn("Definition");
    const layout = sectionLayout(state.doc, sectionOf(state)!);
    state = state.update({ selection: { anchor: layout.end } }).state;
    const moved = run(state, moveLineDown);
    expect(moved.doc.toString()).toBe(SAMPLE);
    const up = run(state.update({ selection: { anchor: layout.from } }).state, moveLineUp);
    expect(up.doc.toString()).toBe(SAMPLE);
  });

  // The visible range follows edits made inside it.
  it("maps the visible range through edits", () => {
    const state = stateIn("Definition");
    const before = sectionOf(state)!;
    const next = state.update({ changes: { from: before.to - 1, insert: "More text.\n" } }).state;
    expect(sectionOf(next)).toEqual({ ...before, to: before.to + 11 });
    expect(next.sliceDoc(sectionOf(next)!.from, sectionOf(next)!.to)).toBe("## Definition\n\nA definition.\nMore text.\n\n");
  });

  // Ctrl+End, Ctrl+A and clicks on hidden text land inside the section.
  it("clamps the selection into the section", () => {
    const state = stateIn("Definition");
    const layout = sectionLayout(state.doc, sectionOf(state)!);
    const end = state.update({ selection: { anchor: state.doc.length } }).state;
    expect(end.selection.main.head).toBe(layout.end);
    const all = state.update({ selection: EditorSelection.single(0, state.doc.length) }).state;
    expect([all.selection.main.from, all.selection.main.to]).toEqual([layout.from, layout.end]);
    expect(clampSelection(EditorSelection.single(layout.from + 1), layout)).toBeNull();
  });

  // One history: an edit made in section mode is undone and redone like any other.
  it("keeps one undo history", () => {
    let state = stateIn("Definition");
    const section = sectionOf(state)!;
    state = state.update({ changes: { from: section.to - 1, insert: "Typed.\n" }, userEvent: "input.type" }).state;
    state = run(state, undo);
    expect(state.doc.toString()).toBe(SAMPLE);
    state = run(state, redo);
    expect(state.doc.toString()).toContain("Typed.");
  });

  // Text from disk passes the filter; the section is then found again by heading.
  it("lets annotated disk text through and leaves section mode", () => {
    const state = stateIn("Definition");
    const next = state.update({ changes: { from: 0, to: 3, insert: "+++" }, annotations: fromDisk.of("reload") }).state;
    expect(next.doc.toString().startsWith("+++")).toBe(true);
    expect(sectionOf(next)).toBeNull();
  });

  // An undo that reaches outside the section shows the whole entry rather than hiding the change.
  it("leaves section mode when an undo changes hidden text", () => {
    let state = EditorState.create({ doc: SAMPLE, extensions: [history(), sectionMode()] });
    state = state.update({ changes: { from: 0, insert: "x" }, userEvent: "input" }).state;
    const part = outlineOf(state.doc.toString())[2]!;
    state = state.update({ effects: setSection.of({ ...part }), filter: false }).state;
    state = run(state, undo);
    expect(state.doc.toString()).toBe(SAMPLE);
    expect(sectionOf(state)).toBeNull();
  });

  it("maps sections with insertions at the start kept inside", () => {
    const changes = ChangeSet.of([{ from: 10, insert: "ab" }], 50);
    expect(mapSection({ from: 10, to: 20, heading: "A" }, changes)).toEqual({ from: 10, to: 22, heading: "A" });
    expect(mapSection({ from: 10, to: 20, heading: "A" }, ChangeSet.of([{ from: 5, to: 25 }], 50))).toBeNull();
  });
});
