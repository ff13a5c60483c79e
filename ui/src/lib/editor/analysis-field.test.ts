// The analysis field: the backend's outline and problems stay on the text
// they describe while it is edited, and an answer computed for an earlier
// text lands on the current one.
import { ChangeSet, EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import type { Problem } from "../../ipc";
import { analysisOf as sampleAnalysis, SAMPLE } from "../../test/fixtures";
import { analysisField, analysisOf, exactAnalysisOf, placeAnalysis, setAnalysis } from "./analysis-field";

const definition = SAMPLE.indexOf("A definition");

function problemAt(from: number, to: number): Problem {
  return { path: "a.md", line: 16, column: 1, end_line: 16, end_column: 2, from, to, level: "warning", code: "x", message: "m", help: null };
}

/** A state of SAMPLE holding its exact analysis, with one problem on "A definition". */
function analysed(): EditorState {
  const state = EditorState.create({ doc: SAMPLE, extensions: analysisField });
  const analysis = sampleAnalysis(SAMPLE, { problems: [problemAt(definition, definition + 12)] });
  return state.update({ effects: setAnalysis.of(placeAnalysis(analysis, null)) }).state;
}

/** Where the outline part with `heading` starts, read from the text. */
const headingAt = (state: EditorState, heading: string) => {
  const part = analysisOf(state)?.outline.find((item) => item.heading === heading);
  return part && state.sliceDoc(part.from, part.from + heading.length + 3);
};

describe("the analysis field", () => {
  // Typing moves every heading and problem after it; the outline must still point at them.
  it("maps outline and problems through each edit", () => {
    const before = analysed();
    const state = before.update({ changes: { from: 0, insert: "12345" } }).state;
    expect(analysisOf(state)?.outline.map((part) => part.from)).toEqual(analysisOf(before)?.outline.map((part) => part.from + 5));
    expect(analysisOf(state)?.problems[0]).toMatchObject({ from: definition + 5, to: definition + 17 });
    expect(headingAt(state, "Sources")).toBe("## Sources");
    expect(analysisOf(state)?.page).toBe(analysisOf(before)?.page);
  });

  // Text typed at a heading joins the part it starts, and a problem does not
  // grow over text typed at its edges (the associativity the outline and
  // problems panel rely on between answers).
  it("keeps part edges and problems on the side they had", () => {
    const sources = analysisOf(analysed())!.outline[3]!.from;
    let state = analysed().update({ changes: { from: sources, insert: "X" } }).state;
    const outline = analysisOf(state)!.outline;
    expect(outline[3]?.from).toBe(sources);
    expect(outline[2]?.to).toBe(sources);
    state = state.update({ changes: [{ from: definition, insert: "<" }, { from: definition + 12, insert: ">" }] }).state;
    expect(analysisOf(state)?.problems[0]).toMatchObject({ from: definition + 1, to: definition + 13 });
  });

  // Section operations need an outline of exactly the current text; a mapped one is only close.
  it("tells an exact analysis from a mapped one", () => {
    const state = analysed();
    expect(exactAnalysisOf(state)).not.toBeNull();
    expect(exactAnalysisOf(state.update({ selection: { anchor: 3 } }).state)).not.toBeNull();
    expect(exactAnalysisOf(state.update({ changes: { from: 0, insert: "x" } }).state)).toBeNull();
    expect(exactAnalysisOf(EditorState.create({ doc: SAMPLE }))).toBeNull();
  });

  // An answer for the text before an edit lands on the text after it, not shifted by the edit.
  it("places an answer computed before an edit on the edited text", () => {
    let state = analysed();
    const requested = state.doc;
    const answer = sampleAnalysis(requested.toString(), { title: "answer" });
    const edit = state.update({ changes: { from: SAMPLE.indexOf("Alpha is"), insert: "Intro. " } });
    state = edit.state;
    const changes = ChangeSet.empty(requested.length).compose(edit.changes);
    state = state.update({ effects: setAnalysis.of(placeAnalysis(answer, changes)) }).state;
    expect(analysisOf(state)?.title).toBe("answer");
    expect(headingAt(state, "Definition")).toBe("## Definition");
    expect(headingAt(state, "Sources")).toBe("## Sources");
    expect(exactAnalysisOf(state)).toBeNull();
  });

  // Closing an entry clears what the outline shows.
  it("clears with a null answer", () => {
    expect(analysisOf(analysed().update({ effects: setAnalysis.of(null) }).state)).toBeNull();
  });
});
