import { Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { offsetAt, rangeIn } from "./problems";

const doc = Text.of(["# Café 😀 lights", "", "See [[Gone]] here."]);

describe("placing problems", () => {
  // Columns count characters, CodeMirror counts UTF-16 units: an emoji is two.
  it("turns a line and a column in characters into a UTF-16 offset", () => {
    expect(offsetAt(doc, 1, 1)).toBe(0);
    expect(offsetAt(doc, 1, 9)).toBe(doc.toString().indexOf(" lights"));
    expect(offsetAt(doc, 3, 5)).toBe(doc.toString().indexOf("[[Gone]]"));
  });

  it("clamps a line or column past the text", () => {
    expect(offsetAt(doc, 99, 1)).toBe(doc.line(3).from);
    expect(offsetAt(doc, 1, 99)).toBe(doc.line(1).to);
    expect(offsetAt(doc, 0, 0)).toBe(0);
  });

  // The wiki-wide list has no offsets: the range comes from line and column.
  it("places a problem without offsets by its line and column", () => {
    const range = rangeIn(doc, { from: null, to: null, line: 3, column: 5, end_line: 3, end_column: 13 });
    expect(doc.sliceString(range.from, range.to)).toBe("[[Gone]]");
  });

  it("prefers offsets, clamped to the text", () => {
    expect(rangeIn(doc, { from: 4, to: 8, line: 9, column: 9, end_line: 9, end_column: 9 })).toEqual({ from: 4, to: 8 });
    expect(rangeIn(doc, { from: 500, to: 400, line: 1, column: 1, end_line: 1, end_column: 1 })).toEqual({
      from: doc.length,
      to: doc.length,
    });
  });
});
