// The small helpers under the stores: minimal replacement for reloads,
// outline parts and rows, the conflict line diff.
import { ChangeSet } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { analysisOf, SAMPLE } from "../test/fixtures";
import { findPart, minimalChange, outlineRows, partAt, sameRows } from "./analysis";
import { placeAnalysis } from "./editor/analysis-field";
import { lineDiff } from "./linediff";

describe("minimalChange", () => {
  // A reload replaces only what differs, so the cursor keeps its place.
  it("replaces only the differing middle", () => {
    expect(minimalChange("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(minimalChange("same", "same")).toBeNull();
    expect(minimalChange("", "new")).toEqual({ from: 0, to: 0, insert: "new" });
  });

  it("never splits a surrogate pair", () => {
    const change = minimalChange("a😀b", "a😃b");
    expect(change).toEqual({ from: 1, to: 3, insert: "😃" });
  });
});

describe("analysis helpers", () => {
  it("finds parts by position and heading", () => {
    const outline = analysisOf(SAMPLE).outline;
    expect(partAt(outline, SAMPLE.indexOf("A definition"))).toBe(2);
    expect(partAt(outline, 0)).toBe(0);
    expect(findPart(outline, "Sources")).toBe(3);
    expect(findPart(outline, null)).toBe(0);
    expect(findPart(outline, "Nope")).toBe(-1);
  });
});

describe("outline rows", () => {
  // Each part counts the problems that start in it, whatever their order.
  it("counts errors and warnings per part", () => {
    const at = (needle: string, level: "error" | "warning" | "info") => {
      const from = needle === "" ? null : SAMPLE.indexOf(needle);
      return { path: "a.md", line: 1, column: 1, end_line: 1, end_column: 1, from, to: from, level, code: "x", message: "m", help: null };
    };
    const problems = [at("Sources", "warning"), at("A definition", "error"), at("A definition", "warning"), at("Alpha is", "error"), at("", "error"), at("A source", "info")];
    const rows = outlineRows(analysisOf(SAMPLE).outline, problems);
    expect(rows).toEqual([
      { heading: null, errors: 1, warnings: 0 },
      { heading: "Snapshot", errors: 0, warnings: 0 },
      { heading: "Definition", errors: 1, warnings: 1 },
      { heading: "Sources", errors: 0, warnings: 1 },
    ]);
  });

  // Typing moves positions, not what the rows show: the rows stay the same.
  it("tells rows that show the same", () => {
    const outline = analysisOf(SAMPLE).outline;
    const moved = placeAnalysis(analysisOf(SAMPLE), ChangeSet.of([{ from: 0, insert: "xyz" }], SAMPLE.length)).analysis.outline;
    expect(sameRows(outlineRows(outline, []), outlineRows(moved, []))).toBe(true);
    expect(sameRows(outlineRows(outline, []), outlineRows(outline.slice(1), []))).toBe(false);
    const renamed = outline.map((part, index) => (index === 2 ? { ...part, heading: "Meaning" } : part));
    expect(sameRows(outlineRows(outline, []), outlineRows(renamed, []))).toBe(false);
  });
});

describe("lineDiff", () => {
  it("aligns unchanged lines and marks the rest", () => {
    const rows = lineDiff("a\nb\nc\nd", "a\nB\nc\nd\ne");
    expect(rows.map((row) => row.kind)).toEqual(["same", "changed", "same", "same", "theirs"]);
    expect(rows[1]).toMatchObject({ mine: { line: 2, text: "b" }, theirs: { line: 2, text: "B" } });
  });

  it("keeps every line of both sides", () => {
    const mine = "x\none\ntwo\nthree";
    const theirs = "one\nthree\nfour";
    const rows = lineDiff(mine, theirs);
    expect(rows.filter((row) => row.mine).map((row) => row.mine?.text)).toEqual(mine.split("\n"));
    expect(rows.filter((row) => row.theirs).map((row) => row.theirs?.text)).toEqual(theirs.split("\n"));
  });
});
