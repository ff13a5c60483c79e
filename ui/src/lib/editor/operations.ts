// Section operations from the outline: add, rename, delete, move. Each is
// one transaction on the entry's EditorState, isolated in the history, so a
// single Ctrl+Z undoes it. They pass the section filter (filter: false)
// because moving or adding a section touches text outside the one shown.
//
// Positions come from the backend's outline (UTF-16 offsets of the text the
// outline was computed for); callers make sure it is current.

import { isolateHistory } from "@codemirror/commands";
import { EditorSelection, type EditorState, type StateEffect, type TransactionSpec } from "@codemirror/state";

import type { OutlinePart } from "../../ipc";
import { sectionOf, setSection, type SectionRange } from "./section";

/** A heading as typed by the user, tidied, or null when it cannot be a heading. */
export function cleanHeading(name: string): string | null {
  const tidy = name.replace(/\s+/g, " ").trim();
  if (tidy === "" || /^#+$/.test(tidy)) return null;
  return tidy;
}

function spec(
  userEvent: string,
  changes: TransactionSpec["changes"],
  selection: EditorSelection | undefined,
  effects: StateEffect<unknown>[],
): TransactionSpec {
  return {
    changes,
    selection,
    effects,
    filter: false,
    userEvent,
    annotations: isolateHistory.of("full"),
    scrollIntoView: true,
  };
}

function sameSection(a: SectionRange | null, part: OutlinePart): boolean {
  return a !== null && a.from === part.from && a.heading === part.heading;
}

/**
 * Adds section `name` after part `afterIndex` (0 is the lead). In section
 * mode the new section becomes the one shown; the cursor lands on its body.
 */
export function addSection(state: EditorState, outline: readonly OutlinePart[], afterIndex: number, name: string): TransactionSpec | null {
  const heading = cleanHeading(name);
  const part = outline[afterIndex];
  if (!heading || !part) return null;
  const doc = state.doc;
  const at = Math.min(part.to, doc.length);
  const before = doc.sliceString(Math.max(0, at - 2), at);
  const prefix = at === 0 || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const atEnd = at === doc.length;
  const block = `## ${heading}\n\n`;
  const insert = prefix + block + (atEnd ? "\n" : "\n\n");
  const from = at + prefix.length;
  const cursor = from + block.length;
  const effects: StateEffect<unknown>[] = [];
  if (sectionOf(state)) effects.push(setSection.of({ from, to: at + insert.length, heading }));
  return spec("section.add", { from: at, insert }, EditorSelection.single(cursor), effects);
}

/** Renames the section `part` (not the lead), keeping its heading markers. */
export function renameSection(state: EditorState, part: OutlinePart, name: string): TransactionSpec | null {
  const heading = cleanHeading(name);
  if (!heading || part.heading === null) return null;
  const line = state.doc.lineAt(part.from);
  const match = /^( {0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*)?[ \t]*$/.exec(line.text);
  if (!match) return null;
  const from = line.from + (match[1] ?? "").length;
  const to = from + (match[2] ?? "").length;
  const effects: StateEffect<unknown>[] = [];
  const shown = sectionOf(state);
  if (sameSection(shown, part) && shown) {
    const delta = heading.length - (to - from);
    effects.push(setSection.of({ from: shown.from, to: shown.to + delta, heading }));
  }
  return spec("section.rename", { from, to, insert: heading }, undefined, effects);
}

/** Deletes section `index` of the outline (not the lead) with its heading. */
export function deleteSection(state: EditorState, outline: readonly OutlinePart[], index: number): TransactionSpec | null {
  const part = outline[index];
  if (!part || index < 1 || part.heading === null) return null;
  const doc = state.doc;
  let from = part.from;
  const to = Math.min(part.to, doc.length);
  // The last section: also drop the blank lines that set it apart, so the
  // entry still ends with one newline.
  if (to === doc.length) {
    while (from >= 2 && doc.sliceString(from - 2, from) === "\n\n") from -= 1;
  }
  const effects: StateEffect<unknown>[] = [];
  const shown = sectionOf(state);
  let selection: EditorSelection | undefined;
  if (sameSection(shown, part)) {
    effects.push(setSection.of(null));
    selection = EditorSelection.single(from);
  }
  return spec("section.delete", { from, to }, selection, effects);
}

function body(text: string): string {
  return text.replace(/\n*$/, "");
}

function atLeastBlank(tail: string): string {
  return tail.length >= 2 ? tail : "\n\n";
}

/**
 * Swaps section `index` with its neighbour above (`-1`) or below (`1`). The
 * lead stays first. Blank lines between sections are kept, and the entry's
 * ending (its final newlines) stays at the end.
 */
export function moveSection(state: EditorState, outline: readonly OutlinePart[], index: number, delta: -1 | 1): TransactionSpec | null {
  const other = index + delta;
  const firstIndex = Math.min(index, other);
  const first = outline[firstIndex];
  const second = outline[Math.max(index, other)];
  if (!first || !second || firstIndex < 1) return null;
  const doc = state.doc;
  const a = first.from;
  const b = second.from;
  const c = Math.min(second.to, doc.length);
  const upper = doc.sliceString(a, b);
  const lower = doc.sliceString(b, c);
  const atEnd = c === doc.length;
  const lowerTail = lower.slice(body(lower).length);
  const upperTail = upper.slice(body(upper).length);
  const newUpper = body(lower) + (atEnd ? "\n\n" : atLeastBlank(lowerTail));
  const newLower = body(upper) + (atEnd ? lowerTail : atLeastBlank(upperTail));
  const insert = newUpper + newLower;
  // Where each part lands: the old lower part at `a`, the old upper after it.
  const landing = new Map<OutlinePart, { from: number; to: number }>([
    [second, { from: a, to: a + newUpper.length }],
    [first, { from: a + newUpper.length, to: a + insert.length }],
  ]);
  const moved = index === firstIndex ? first : second;
  const head = state.selection.main.head;
  let selection: EditorSelection | undefined;
  for (const [part, place] of landing) {
    if (head >= part.from && head < Math.min(part.to, c)) {
      selection = EditorSelection.single(Math.min(place.to, place.from + (head - part.from)));
    }
  }
  if (!selection && head >= a && head <= c) selection = EditorSelection.single(landing.get(moved)?.from ?? a);
  const effects: StateEffect<unknown>[] = [];
  const shown = sectionOf(state);
  for (const [part, place] of landing) {
    if (sameSection(shown, part)) effects.push(setSection.of({ ...place, heading: part.heading }));
  }
  return spec(delta < 0 ? "section.move.up" : "section.move.down", { from: a, to: c, insert }, selection, effects);
}
