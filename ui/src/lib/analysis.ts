// Small pure helpers around the backend's analysis: which outline part a
// position or heading falls in, one keystroke's change as its part of the
// page sees it, a reload's minimal change, the outline's rows. (Positions
// are mapped through edits by the analysis field, `editor/analysis-field.ts`.)

import type { Transaction } from "@codemirror/state";

import type { OutlinePart, Problem } from "../ipc";

/** One keystroke's change to the entry, as the part of the page it falls in sees it. */
export interface TypedEdit {
  /** The index of the page part (0: the title and lead; page parts follow the outline's). */
  part: number;
  /** The part's source before the keystroke. */
  source: string;
  /** Where the change starts in `source` (UTF-16). */
  at: number;
  /** How many characters of `source` it removes. */
  removed: number;
  /** What it inserts. */
  inserted: string;
}

/**
 * The change `tr` makes, if it is typing or deleting by the user that stays
 * within one part of `outline` (positions in `tr`'s start document).
 */
export function typedEdit(tr: Transaction, outline: readonly OutlinePart[]): TypedEdit | null {
  if (!tr.docChanged || !(tr.isUserEvent("input.type") || tr.isUserEvent("delete"))) return null;
  const changes: { from: number; to: number; inserted: string }[] = [];
  tr.changes.iterChanges((from, to, _fromB, _toB, inserted) => changes.push({ from, to, inserted: inserted.toString() }));
  const [only] = changes;
  if (changes.length !== 1 || !only) return null;
  const index = partAt(outline, only.from);
  const part = outline[index];
  if (!part || only.from < part.from || only.to > part.to) return null;
  return {
    part: index,
    source: tr.startState.doc.sliceString(part.from, part.to),
    at: only.from - part.from,
    removed: only.to - only.from,
    inserted: only.inserted,
  };
}

/** The outline part that contains `position` (the last part owns the end). */
export function partAt(outline: readonly OutlinePart[], position: number): number {
  for (let index = outline.length - 1; index >= 0; index--) {
    const part = outline[index];
    if (part && position >= part.from) return index;
  }
  return 0;
}

/** The index of the outline part with `heading` (null for the lead), nearest to `near` when several share it. */
export function findPart(outline: readonly OutlinePart[], heading: string | null, near = 0): number {
  let best = -1;
  outline.forEach((part, index) => {
    if (part.heading !== heading) return;
    const current = outline[best];
    if (best < 0 || (current && Math.abs(part.from - near) < Math.abs(current.from - near))) best = index;
  });
  return best;
}

/** The single change turning `from` into `to`: the differing middle, common prefix and suffix kept. */
export function minimalChange(from: string, to: string): { from: number; to: number; insert: string } | null {
  if (from === to) return null;
  let start = 0;
  const shorter = Math.min(from.length, to.length);
  while (start < shorter && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let endFrom = from.length;
  let endTo = to.length;
  while (endFrom > start && endTo > start && from.charCodeAt(endFrom - 1) === to.charCodeAt(endTo - 1)) {
    endFrom--;
    endTo--;
  }
  // Never split a surrogate pair.
  if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start--;
  if (endFrom < from.length && isLowSurrogate(from.charCodeAt(endFrom))) {
    endFrom++;
    endTo++;
  }
  return { from: start, to: endFrom, insert: to.slice(start, endTo) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** What one row of the outline shows. */
export interface OutlineRow {
  heading: string | null;
  errors: number;
  warnings: number;
}

/**
 * The outline's rows: each part's heading and the errors and warnings that
 * start in it, in one pass (a part per problem by binary search; problems
 * before the first part, or without a position, count nowhere).
 */
export function outlineRows(outline: readonly OutlinePart[], problems: readonly Problem[]): OutlineRow[] {
  const rows = outline.map((part): OutlineRow => ({ heading: part.heading, errors: 0, warnings: 0 }));
  for (const problem of problems) {
    if (problem.from === null) continue;
    let low = 0;
    let high = outline.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((outline[middle]?.from ?? 0) <= problem.from) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    const row = rows[found];
    if (!row) continue;
    if (problem.level === "error") row.errors++;
    else if (problem.level === "warning") row.warnings++;
  }
  return rows;
}

/** Whether two lists of rows show the same. */
export function sameRows(a: readonly OutlineRow[], b: readonly OutlineRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, index) => {
      const other = b[index];
      return other !== undefined && other.heading === row.heading && other.errors === row.errors && other.warnings === row.warnings;
    })
  );
}
