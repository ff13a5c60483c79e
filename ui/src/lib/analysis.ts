// Keeping an analysis usable while the text moves on: the backend analysed
// one version of the text; until the next analysis lands, its positions are
// mapped through the edits made since (CodeMirror's own position mapping, so
// no offsets are computed here).

import type { ChangeDesc } from "@codemirror/state";

import type { Analysis, OutlinePart, Problem } from "../ipc";
import { isPlaced } from "./problems";

/** `analysis` with its outline and problem positions mapped through `changes`. */
export function mapAnalysis(analysis: Analysis, changes: ChangeDesc): Analysis {
  if (changes.empty) return analysis;
  const outline: OutlinePart[] = analysis.outline.map((part) => ({
    ...part,
    from: changes.mapPos(part.from, -1),
    body_from: changes.mapPos(part.body_from, -1),
    to: changes.mapPos(part.to, -1),
  }));
  const problems: Problem[] = analysis.problems.map((problem) => {
    if (!isPlaced(problem)) return problem;
    const from = changes.mapPos(problem.from, 1);
    return { ...problem, from, to: Math.max(from, changes.mapPos(problem.to, -1)) };
  });
  return { ...analysis, outline, problems };
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
