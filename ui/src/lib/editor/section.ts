// Section mode: one EditorState holds the whole entry; editing "a section"
// shows that same state with everything outside the section hidden (block
// replace decorations) and protected (a change filter), so there is one text,
// one undo history and one save, whichever part is on screen.
//
// The pure functions here (layout, change filter, selection clamp, mapping)
// carry the logic and are tested without a view.

import {
  Annotation,
  EditorSelection,
  EditorState,
  StateEffect,
  StateField,
  type ChangeDesc,
  type Extension,
  type Text,
  type Transaction,
} from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";

/** The part of the entry on screen in section mode: `[from, to)` of the text. */
export interface SectionRange {
  from: number;
  to: number;
  /** The section heading; `null` for the lead. */
  heading: string | null;
}

/**
 * Marks transactions whose text came from disk (reload, "take theirs", a
 * merge with the disk's version), as opposed to typing: they pass the
 * section filter and are not user edits.
 */
export const fromDisk = Annotation.define<"reload" | "theirs" | "merge">();

/** Shows `SectionRange` (positions in the document after the transaction), or the whole entry for `null`. */
export const setSection = StateEffect.define<SectionRange | null>({
  map: (value, changes) => (value ? mapSection(value, changes) : null),
});

/** What section mode hides and what it lets the user edit. */
export interface SectionLayout {
  /** Hidden `[0, headEnd]` (whole lines before the section), or null. */
  headEnd: number | null;
  /** Hidden `[tailStart, length]` (whole lines after the section), or null. */
  tailStart: number | null;
  /** First editable position. */
  from: number;
  /** Last editable position: the end of the section's last visible line. */
  end: number;
}

/** Maps a section through changes: an insertion at its start stays inside, as does one at its end. */
export function mapSection(section: SectionRange, changes: ChangeDesc): SectionRange | null {
  const from = changes.mapPos(section.from, -1);
  const to = changes.mapPos(section.to, 1);
  return to > from ? { from, to, heading: section.heading } : null;
}

/**
 * Which whole lines section mode hides for `section` of `doc`. Sections
 * start at a line start and end where the next one starts, so the head is
 * every line before `from` and the tail every line from `to` on.
 */
export function sectionLayout(doc: Text, section: SectionRange): SectionLayout {
  const length = doc.length;
  const from = Math.max(0, Math.min(section.from, length));
  const to = Math.max(from, Math.min(section.to, length));
  const firstLine = doc.lineAt(from);
  const headEnd = firstLine.number > 1 ? firstLine.from - 1 : null;
  let tailStart: number | null = null;
  if (to < length) {
    const line = doc.lineAt(to);
    const start = line.from === to ? to : line.to + 1;
    if (start < length && start > firstLine.from) tailStart = start;
  }
  const end = tailStart === null ? length : Math.max(from, tailStart - 1);
  return { headEnd, tailStart, from, end };
}

/**
 * The change filter of section mode: `true` when every change lies inside
 * `[layout.from, layout.end]`, otherwise `false` (the whole transaction is
 * refused). Only a replace-all (`partial`) keeps its matches inside the
 * section and drops the others: for any other command, applying part of its
 * changes would corrupt the text (moving a line is a deletion plus an
 * insertion; keeping one of them duplicates or loses a line).
 */
export function sectionChangeFilter(
  changes: ChangeDesc,
  layout: SectionLayout,
  length: number,
  partial = false,
): boolean | number[] {
  let inside = true;
  let splittable = partial;
  changes.iterChangedRanges((fromA, toA) => {
    if (fromA >= layout.from && toA <= layout.end) return;
    inside = false;
    // A change across the edge cannot be split cleanly; and CodeMirror keeps
    // an insertion at the very edge of a suppressed range (0 or the end).
    if (fromA < layout.from ? toA > layout.from : fromA < layout.end) splittable = false;
    if (fromA === toA && (fromA === 0 || fromA === length)) splittable = false;
  });
  if (inside) return true;
  if (!splittable) return false;
  const ranges: number[] = [];
  if (layout.from > 0) ranges.push(0, layout.from);
  if (layout.end < length) ranges.push(layout.end, length);
  return ranges;
}

/** `selection` with every range pulled inside the editable part, or null when it already is. */
export function clampSelection(selection: EditorSelection, layout: SectionLayout): EditorSelection | null {
  const clamp = (position: number) => Math.min(layout.end, Math.max(layout.from, position));
  let changed = false;
  const ranges = selection.ranges.map((range) => {
    const anchor = clamp(range.anchor);
    const head = clamp(range.head);
    if (anchor === range.anchor && head === range.head) return range;
    changed = true;
    return EditorSelection.range(anchor, head);
  });
  return changed ? EditorSelection.create(ranges, selection.mainIndex) : null;
}

/** Whether a transaction may change text outside the section shown. */
function passesFilter(tr: Transaction): boolean {
  return tr.annotation(fromDisk) !== undefined || tr.isUserEvent("undo") || tr.isUserEvent("redo");
}

class HiddenWidget extends WidgetType {
  constructor(
    readonly lines: number,
    readonly where: "above" | "below",
  ) {
    super();
  }

  override eq(other: HiddenWidget): boolean {
    return other.lines === this.lines && other.where === this.where;
  }

  toDOM(): HTMLElement {
    const element = document.createElement("div");
    element.className = `cm-hidden-part cm-hidden-${this.where}`;
    element.setAttribute("aria-hidden", "true");
    const count = this.lines === 1 ? "1 line" : `${this.lines} lines`;
    element.textContent = `⋯ ${count} ${this.where} · Ctrl+E edits the whole entry`;
    return element;
  }

  override get estimatedHeight(): number {
    return 26;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

interface SectionFieldValue {
  section: SectionRange | null;
  layout: SectionLayout | null;
  decorations: DecorationSet;
}

const wholeEntry: SectionFieldValue = { section: null, layout: null, decorations: Decoration.none };

function build(doc: Text, section: SectionRange | null): SectionFieldValue {
  if (!section) return wholeEntry;
  const layout = sectionLayout(doc, section);
  const ranges = [];
  if (layout.headEnd !== null) {
    const widget = new HiddenWidget(doc.lineAt(layout.headEnd).number, "above");
    ranges.push(Decoration.replace({ block: true, widget }).range(0, layout.headEnd));
  }
  if (layout.tailStart !== null) {
    const widget = new HiddenWidget(doc.lines - doc.lineAt(layout.tailStart).number + 1, "below");
    ranges.push(Decoration.replace({ block: true, widget }).range(layout.tailStart, doc.length));
  }
  return { section, layout, decorations: Decoration.set(ranges) };
}

/** The section on screen, in the current document's positions. */
export const sectionField = StateField.define<SectionFieldValue>({
  create: () => wholeEntry,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setSection)) return build(tr.newDoc, effect.value);
    }
    if (!value.section || !tr.docChanged) return value;
    // Text from disk, or an undo reaching outside the section, may move or
    // remove it: show the whole entry; the store re-enters the section by
    // heading once the new outline is known.
    if (tr.annotation(fromDisk) !== undefined) return build(tr.newDoc, null);
    if (value.layout && (tr.isUserEvent("undo") || tr.isUserEvent("redo"))) {
      const layout = value.layout;
      let outside = false;
      tr.changes.iterChangedRanges((fromA, toA) => {
        if (fromA < layout.from || toA > layout.end) outside = true;
      });
      if (outside) return build(tr.newDoc, null);
    }
    return build(tr.newDoc, mapSection(value.section, tr.changes));
  },
  provide: (field) => [
    EditorView.decorations.from(field, (value) => value.decorations),
    EditorView.atomicRanges.of((view) => view.state.field(field).decorations),
  ],
});

/** The section shown by `state`, or null in whole-entry mode. */
export function sectionOf(state: EditorState): SectionRange | null {
  return state.field(sectionField, false)?.section ?? null;
}

/** The editable layout of `state`'s section, or null in whole-entry mode. */
export function layoutOf(state: EditorState): SectionLayout | null {
  return state.field(sectionField, false)?.layout ?? null;
}

const protectOutside = EditorState.changeFilter.of((tr) => {
  const layout = tr.startState.field(sectionField).layout;
  if (!layout || passesFilter(tr)) return true;
  return sectionChangeFilter(tr.changes, layout, tr.startState.doc.length, tr.isUserEvent("input.replace.all"));
});

// Keeps the cursor inside the section: Ctrl+End, Ctrl+A, a click on the
// hidden marker or a search match elsewhere all land on its edge instead.
const keepSelectionInside = EditorState.transactionFilter.of((tr) => {
  if (!tr.selection && !tr.docChanged) return tr;
  let section = tr.startState.field(sectionField).section;
  for (const effect of tr.effects) if (effect.is(setSection)) section = effect.value;
  if (!section || passesFilter(tr)) return tr;
  const mapped = tr.effects.some((effect) => effect.is(setSection)) ? section : mapSection(section, tr.changes);
  if (!mapped) return tr;
  const selection = tr.selection ?? tr.startState.selection.map(tr.changes);
  const clamped = clampSelection(selection, sectionLayout(tr.newDoc, mapped));
  return clamped ? [tr, { selection: clamped, sequential: true }] : tr;
});

/** Section mode: the field, its decorations, the protection and the selection clamp. */
export function sectionMode(): Extension {
  return [sectionField, protectOutside, keepSelectionInside];
}
