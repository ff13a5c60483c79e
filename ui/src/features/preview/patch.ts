// Keyed patching of the rendered page: one element per page part, reused
// while its hash is unchanged, so a keystroke rewrites only the part that
// changed (replacing the whole preview costs 55–65 ms in WebKitGTK).
//
// A part's HTML was sanitized in Rust (an allow-list, no scripts, no event
// handlers); it is the only HTML this UI ever inserts.

export interface RenderablePart {
  heading: string | null;
  line: number;
  html: string;
  hash: string;
}

export interface PatchStats {
  created: number;
  reused: number;
  removed: number;
}

const HASH = "partHash";

/**
 * Parts whose text was changed in place ahead of the backend's render
 * (`predict.ts`): their hash no longer says what they show, so they are
 * never reused by it, only when they show exactly what a new part's HTML does.
 */
const guessed = new WeakSet<HTMLElement>();

/** Marks `part` as changed in place, ahead of the backend's render. */
export function markGuessed(part: HTMLElement): void {
  guessed.add(part);
}

/** Whether the body of `element` shows exactly what `html` does. */
function shows(element: HTMLElement, html: string): boolean {
  const body = element.querySelector(":scope > .part-body");
  if (!body) return false;
  const probe = document.createElement("div");
  probe.className = body.className;
  probe.innerHTML = html;
  return probe.isEqualNode(body);
}

function makePart(part: RenderablePart): HTMLElement {
  const element = document.createElement("section");
  element.className = "page-part";
  element.dataset[HASH] = part.hash;
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "part-edit";
  edit.textContent = "edit";
  edit.title = part.heading === null ? "Edit the lead" : `Edit the section “${part.heading}”`;
  const body = document.createElement("div");
  body.className = "part-body";
  body.innerHTML = part.html;
  element.append(edit, body);
  return element;
}

/** Makes `container`'s children show `parts`, touching only parts whose hash changed. */
export function patchParts(container: HTMLElement, parts: readonly RenderablePart[]): PatchStats {
  const stats: PatchStats = { created: 0, reused: 0, removed: 0 };
  // Existing elements by hash, in order (identical parts may share a hash).
  const available = new Map<string, HTMLElement[]>();
  const guesses: HTMLElement[] = [];
  for (const child of Array.from(container.children)) {
    if (!(child instanceof HTMLElement)) continue;
    if (guessed.has(child)) {
      guesses.push(child);
      continue;
    }
    const hash = child.dataset[HASH] ?? "";
    const list = available.get(hash);
    if (list) list.push(child);
    else available.set(hash, [child]);
  }
  const wanted: HTMLElement[] = parts.map((part) => {
    const reused = available.get(part.hash)?.shift();
    if (reused) {
      stats.reused++;
      return reused;
    }
    // A part changed in place that already shows this: keep it, unpainted.
    const guess = guesses.findIndex((element) => shows(element, part.html));
    const [kept] = guess >= 0 ? guesses.splice(guess, 1) : [];
    if (kept) {
      guessed.delete(kept);
      kept.dataset[HASH] = part.hash;
      stats.reused++;
      return kept;
    }
    stats.created++;
    return makePart(part);
  });
  for (const element of [...available.values()].flat().concat(guesses)) {
    guessed.delete(element);
    element.remove();
    stats.removed++;
  }
  wanted.forEach((element, index) => {
    const part = parts[index];
    // Written only when they change: each write is a mutation WebKit
    // re-styles for, on every part, on every keystroke.
    setData(element, "index", String(index));
    setData(element, "heading", part?.heading ?? "");
    // Blocks carry their line within the part; the part's own line moves as lines are added above it.
    setData(element, "partLine", String(part?.line ?? 1));
    const current = container.children[index];
    if (current !== element) container.insertBefore(element, current ?? null);
  });
  return stats;
}

function setData(element: HTMLElement, key: string, value: string): void {
  if (element.dataset[key] !== value) element.dataset[key] = value;
}

/** The source line of a block: its `data-line` counts from 1 at its part's first line. */
export function lineOf(block: HTMLElement): number {
  const part = block.closest<HTMLElement>(".page-part");
  return Number(part?.dataset.partLine ?? "1") + Number(block.dataset.line) - 1;
}

/** The block whose source line is the greatest not after `line` (the block at that source line). */
export function blockAtLine(container: HTMLElement, line: number): HTMLElement | null {
  let best: HTMLElement | null = null;
  let bestLine = -1;
  for (const element of Array.from(container.querySelectorAll<HTMLElement>("[data-line]"))) {
    const value = lineOf(element);
    if (value <= line && value > bestLine) {
      best = element;
      bestLine = value;
    }
  }
  return best;
}

/** The source line of the first block visible at or below `top` (a viewport y), or null when there is none. */
export function lineAtTop(container: HTMLElement, top: number): number | null {
  for (const element of Array.from(container.querySelectorAll<HTMLElement>("[data-line]"))) {
    if (element.getBoundingClientRect().bottom > top) return lineOf(element);
  }
  return null;
}

/**
 * The heading a link's anchor names: the one whose `data-anchor` (set by the
 * backend, as it sets the link's) is `anchor`. Never slugged here: the
 * backend's slug is the only one (a second, in TypeScript, split words of
 * scripts with combining signs).
 */
export function headingWithAnchor(container: HTMLElement, anchor: string): HTMLElement | undefined {
  return Array.from(container.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")).find(
    (element) => element.dataset.anchor === anchor,
  );
}
