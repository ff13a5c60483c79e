// Outline operations: each produces the expected text and is exactly one
// undo step, even in section mode where it touches hidden text.
import { history, undo, undoDepth } from "@codemirror/commands";
import { EditorState, type Transaction, type TransactionSpec } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { outlineOf, SAMPLE } from "../../test/fixtures";
import { addSection, cleanHeading, deleteSection, moveSection, renameSection } from "./operations";
import { sectionMode, sectionOf, setSection } from "./section";

function fresh(doc = SAMPLE, heading?: string | null): EditorState {
  let state = EditorState.create({ doc, extensions: [history(), sectionMode()] });
  if (heading !== undefined) {
    const part = outlineOf(doc).find((item) => item.heading === heading)!;
    state = state.update({ effects: setSection.of({ from: part.from, to: part.to, heading }), filter: false }).state;
  }
  return state;
}

function apply(state: EditorState, make: (state: EditorState) => TransactionSpec | null): EditorState {
  const spec = make(state);
  if (!spec) throw new Error("no operation");
  return state.update(spec).state;
}

function undone(state: EditorState): EditorState {
  let next = state;
  undo({ state, dispatch: (tr: Transaction) => (next = tr.state) });
  return next;
}

function headings(text: string): (string | null)[] {
  return outlineOf(text).map((part) => part.heading);
}

describe("section operations", () => {
  // A section added after another gets a heading, a blank line and a body line.
  it("adds a section after a part", () => {
    const state = apply(fresh(), (s) => addSection(s, outlineOf(SAMPLE), 1, "Governance Implications"));
    const text = state.doc.toString();
    expect(headings(text)).toEqual([null, "Snapshot", "Governance Implications", "Definition", "Sources"]);
    expect(text).toContain("- Field: tests\n\n## Governance Implications\n\n\n\n## Definition\n");
    expect(state.doc.lineAt(state.selection.main.head).text).toBe("");
    expect(undoDepth(state)).toBe(1);
    expect(undone(state).doc.toString()).toBe(SAMPLE);
  });

  // At the end of an entry without a final blank line, blank lines are added before it.
  it("adds a section at the end", () => {
    const doc = "# T\n\nLead.\n\n## A\n\n- x";
    const state = apply(fresh(doc), (s) => addSection(s, outlineOf(doc), 1, "  Sources "));
    expect(state.doc.toString()).toBe("# T\n\nLead.\n\n## A\n\n- x\n\n## Sources\n\n\n");
  });

  // In section mode the new section becomes the one shown.
  it("shows the added section in section mode", () => {
    const state = apply(fresh(SAMPLE, "Snapshot"), (s) => addSection(s, outlineOf(SAMPLE), 1, "Open Questions"));
    const shown = sectionOf(state)!;
    expect(shown.heading).toBe("Open Questions");
    expect(state.sliceDoc(shown.from, shown.to)).toBe("## Open Questions\n\n\n\n");
  });

  // Renaming touches only the heading text.
  it("renames a section", () => {
    const part = outlineOf(SAMPLE)[2]!;
    const state = apply(fresh(SAMPLE, "Definition"), (s) => renameSection(s, part, "Meaning"));
    expect(state.doc.toString()).toBe(SAMPLE.replace("## Definition", "## Meaning"));
    expect(sectionOf(state)?.heading).toBe("Meaning");
    expect(undone(state).doc.toString()).toBe(SAMPLE);
  });

  // Deleting removes the heading and body and nothing else.
  it("deletes a section", () => {
    const state = apply(fresh(), (s) => deleteSection(s, outlineOf(SAMPLE), 2));
    expect(state.doc.toString()).toBe(SAMPLE.replace("## Definition\n\nA definition.\n\n", ""));
    expect(undone(state).doc.toString()).toBe(SAMPLE);
  });

  // Deleting the last section leaves the entry ending in one newline.
  it("deletes the last section without leaving blank lines", () => {
    const state = apply(fresh(), (s) => deleteSection(s, outlineOf(SAMPLE), 3));
    expect(state.doc.toString()).toBe(SAMPLE.slice(0, SAMPLE.indexOf("## Sources") - 1));
    expect(state.doc.toString().endsWith("A definition.\n")).toBe(true);
  });

  // The lead can be neither deleted nor moved.
  it("refuses to delete or move the lead", () => {
    expect(deleteSection(fresh(), outlineOf(SAMPLE), 0)).toBeNull();
    expect(moveSection(fresh(), outlineOf(SAMPLE), 1, -1)).toBeNull();
  });

  // Moving swaps neighbours and keeps every byte of both, as one undo step.
  it("moves a section down and up", () => {
    const down = apply(fresh(), (s) => moveSection(s, outlineOf(SAMPLE), 1, 1));
    expect(headings(down.doc.toString())).toEqual([null, "Definition", "Snapshot", "Sources"]);
    expect(down.doc.length).toBe(SAMPLE.length);
    expect(undoDepth(down)).toBe(1);
    const back = apply(down, (s) => moveSection(s, outlineOf(s.doc.toString()), 2, -1));
    expect(back.doc.toString()).toBe(SAMPLE);
  });

  // Moving the last section keeps the file's ending at the end.
  it("moves the last section up without gluing headings together", () => {
    const doc = "# T\n\n## A\n\na\n\n## B\n\nb\n";
    const state = apply(fresh(doc), (s) => moveSection(s, outlineOf(doc), 2, -1));
    expect(state.doc.toString()).toBe("# T\n\n## B\n\nb\n\n## A\n\na\n");
    const tight = "# T\n\n## A\na\n## B\nb";
    const moved = apply(fresh(tight), (s) => moveSection(s, outlineOf(tight), 1, 1));
    expect(moved.doc.toString()).toBe("# T\n\n## B\nb\n\n## A\na");
  });

  // In section mode, the moved section stays on screen and the move is still one undo.
  it("keeps the moved section shown in section mode", () => {
    const state = apply(fresh(SAMPLE, "Definition"), (s) => moveSection(s, outlineOf(SAMPLE), 2, -1));
    const shown = sectionOf(state)!;
    expect(state.sliceDoc(shown.from, shown.to)).toBe("## Definition\n\nA definition.\n\n");
    const back = undone(state);
    expect(back.doc.toString()).toBe(SAMPLE);
  });

  it("tidies heading names", () => {
    expect(cleanHeading("  Open   Questions ")).toBe("Open Questions");
    expect(cleanHeading("   ")).toBeNull();
    expect(cleanHeading("##")).toBeNull();
  });
});
