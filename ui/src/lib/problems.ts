// Where a problem lies in the editor's text. Problems of the open entry come
// with UTF-16 offsets into the analysed text; problems of the wiki-wide list
// do not (the app keeps no entry's text), and are placed by their line and
// column, counted in characters as the backend counts them.

import type { Text } from "@codemirror/state";

import type { Problem } from "../ipc";

/** What places a problem in a text. */
export type Placement = Pick<Problem, "from" | "to" | "line" | "column" | "end_line" | "end_column">;

/** A problem placed by offsets: every problem of an analysed draft is. */
export type PlacedProblem = Problem & { from: number; to: number };

export function isPlaced(problem: Problem): problem is PlacedProblem {
  return problem.from !== null && problem.to !== null;
}

/** The UTF-16 offset in `doc` of 1-based `line` and `column` (in characters), clamped to the text. */
export function offsetAt(doc: Text, line: number, column: number): number {
  const found = doc.line(Math.min(Math.max(1, line), doc.lines));
  let offset = 0;
  for (let chars = 1; chars < column && offset < found.text.length; chars += 1) {
    offset += (found.text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  return found.from + offset;
}

/** The range a problem covers in `doc`, clamped: its offsets when it has them, else its line and column. */
export function rangeIn(doc: Text, problem: Placement): { from: number; to: number } {
  if (problem.from !== null && problem.to !== null) {
    const from = Math.min(problem.from, doc.length);
    return { from, to: Math.min(Math.max(problem.to, from), doc.length) };
  }
  const from = offsetAt(doc, problem.line, problem.column);
  return { from, to: Math.max(from, offsetAt(doc, problem.end_line, problem.end_column)) };
}
