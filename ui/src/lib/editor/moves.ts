// The store's moves of the editor, each one transaction spec computed from
// the state and the outline: show one part alone, show the whole entry,
// select a range or go to a heading (switching the section on screen when
// the target lies outside it), replace the whole text as one edit. They
// pass the section filter (filter: false): the store moves the section
// itself, and a move may reach outside the one shown.

import { isolateHistory } from "@codemirror/commands";
import { EditorSelection, type EditorState, type StateEffect, type TransactionSpec } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

import type { OutlinePart } from "../../ipc";
import { minimalChange, partAt } from "../analysis";
import { fromDisk, layoutOf, setSection } from "./section";

const rangeOf = (part: OutlinePart) => ({ from: part.from, to: part.to, heading: part.heading });

/** `part` alone on screen, at the top, with the cursor at the end of its heading's first body line. */
export function showPart(state: EditorState, part: OutlinePart): TransactionSpec {
  const line = state.doc.lineAt(Math.min(part.body_from, state.doc.length));
  const cursor = part.body_from > part.from ? Math.min(line.to, part.to) : part.from;
  return {
    effects: [setSection.of(rangeOf(part)), EditorView.scrollIntoView(part.from, { y: "start", yMargin: 0 })],
    selection: EditorSelection.cursor(Math.max(part.from, Math.min(cursor, part.to))),
    filter: false,
  };
}

/** The whole entry on screen, the cursor where it is. */
export function showWhole(state: EditorState): TransactionSpec {
  return {
    effects: [setSection.of(null), EditorView.scrollIntoView(state.selection.main.head, { y: "center" })],
    filter: false,
  };
}

/**
 * `from`..`to` (clamped to the text) selected and centred; in section mode,
 * outside the section on screen, the part of `outline` that holds it is
 * shown instead (the whole entry when no single part does).
 */
export function reveal(state: EditorState, outline: readonly OutlinePart[], range: { from: number; to: number }): TransactionSpec {
  const length = state.doc.length;
  const from = Math.min(range.from, length);
  const to = Math.min(Math.max(range.to, from), length);
  const effects: StateEffect<unknown>[] = [];
  const layout = layoutOf(state);
  if (layout && (from < layout.from || to > layout.end)) {
    const part = outline[partAt(outline, from)];
    const fits = part && to <= part.to && from >= part.from;
    effects.push(setSection.of(part && fits ? rangeOf(part) : null));
  }
  effects.push(EditorView.scrollIntoView(from, { y: "center" }));
  return { selection: EditorSelection.range(from, to), effects, filter: false };
}

/** `part`'s heading at the top with the cursor on it; in section mode, `part` is the section shown. */
export function goToHeading(state: EditorState, part: OutlinePart): TransactionSpec {
  const effects: StateEffect<unknown>[] = [];
  if (layoutOf(state)) effects.push(setSection.of(rangeOf(part)));
  effects.push(EditorView.scrollIntoView(part.from, { y: "start", yMargin: 0 }));
  return { selection: EditorSelection.cursor(part.from), effects, filter: false };
}

/**
 * `text` replacing the whole text as one user edit, one undo step, with
 * the whole entry shown and the cursor at the change (it may lie outside
 * the section on screen). Null when `text` is the text already.
 */
export function replaceAll(state: EditorState, text: string): TransactionSpec | null {
  const change = minimalChange(state.doc.toString(), text);
  if (!change) return null;
  return {
    changes: change,
    selection: { anchor: change.from },
    effects: [setSection.of(null), EditorView.scrollIntoView(change.from, { y: "center" })],
    annotations: [isolateHistory.of("full")],
    userEvent: "input.restore",
    filter: false,
  };
}

/** `text` replacing the whole text as one undoable step that is not typing (a merge, a restored draft); null when unchanged. */
export function replaceByMerge(state: EditorState, text: string): TransactionSpec | null {
  const change = minimalChange(state.doc.toString(), text);
  if (!change) return null;
  return { changes: change, annotations: [fromDisk.of("merge"), isolateHistory.of("full")], filter: false };
}
