// The backend's analysis of the open entry (outline, problems, rendered page),
// kept in the editor's state like `@codemirror/lint` keeps its diagnostics:
// every transaction maps the outline and problem positions through its
// changes (CodeMirror's own position mapping, so no offsets are computed
// here), and `setAnalysis` replaces the value with a new answer. So the
// state always holds an analysis placed on its own text, whether it was
// computed for exactly that text or for an earlier one and mapped since.

import { StateEffect, StateField, type ChangeDesc, type EditorState } from "@codemirror/state";

import type { Analysis, OutlinePart, Problem } from "../../ipc";
import { isPlaced } from "../problems";

/** An analysis placed on the state's text. */
export interface PlacedAnalysis {
  analysis: Analysis;
  /** Whether it was computed for exactly this text (false once edits were mapped onto it). */
  exact: boolean;
}

/** A new answer (or none), placed on the transaction's new text (see `placeAnalysis`). */
export const setAnalysis = StateEffect.define<PlacedAnalysis | null>();

export const analysisField = StateField.define<PlacedAnalysis | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setAnalysis)) return effect.value;
    if (!value || !tr.docChanged) return value;
    return { analysis: mapAnalysis(value.analysis, tr.changes), exact: false };
  },
});

/**
 * An answer computed for the text `changes` lead from (null: for the
 * current text), placed on the text they lead to, for `setAnalysis`.
 */
export function placeAnalysis(analysis: Analysis, changes: ChangeDesc | null): PlacedAnalysis {
  if (changes === null || changes.empty) return { analysis, exact: true };
  return { analysis: mapAnalysis(analysis, changes), exact: false };
}

/** The analysis `state` holds, placed on its text (null when there is none). */
export function analysisOf(state: EditorState): Analysis | null {
  return state.field(analysisField, false)?.analysis ?? null;
}

/** The analysis of exactly `state`'s text, or null when there is none or edits were mapped onto it. */
export function exactAnalysisOf(state: EditorState): Analysis | null {
  const placed = state.field(analysisField, false);
  return placed?.exact ? placed.analysis : null;
}

/**
 * `analysis` with its positions mapped through `changes`: text inserted at
 * an edge between parts joins the part that starts there, and a problem's
 * range never grows over inserted text.
 */
function mapAnalysis(analysis: Analysis, changes: ChangeDesc): Analysis {
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
