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
  for (const child of Array.from(container.children)) {
    if (!(child instanceof HTMLElement)) continue;
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
    stats.created++;
    return makePart(part);
  });
  for (const list of available.values()) {
    for (const element of list) {
      element.remove();
      stats.removed++;
    }
  }
  wanted.forEach((element, index) => {
    const part = parts[index];
    element.dataset.index = String(index);
    element.dataset.heading = part?.heading ?? "";
    const current = container.children[index];
    if (current !== element) container.insertBefore(element, current ?? null);
  });
  return stats;
}

/** The element with the greatest `data-line` not after `line` (the block at that source line). */
export function blockAtLine(container: HTMLElement, line: number): HTMLElement | null {
  let best: HTMLElement | null = null;
  let bestLine = -1;
  for (const element of Array.from(container.querySelectorAll<HTMLElement>("[data-line]"))) {
    const value = Number(element.dataset.line);
    if (value <= line && value > bestLine) {
      best = element;
      bestLine = value;
    }
  }
  return best;
}
