// Showing a keystroke in the preview before the backend's render of it
// arrives. The backend's answer comes back only after the webview has painted
// the keystroke in the editor, so waiting for it costs every keystroke a
// second frame (without a GPU, 15–20 ms each). Most keystrokes put a letter
// into, or take one out of, running text, where the page's text changes the
// same way: that text is changed in place here, in the frame that shows the
// keystroke. Only a text node's characters are changed; no HTML is made
// here, so nothing unsanitized reaches the page. The backend's render still
// follows, and `patchParts` keeps the changed part only when it is exactly
// what the render says; otherwise the render replaces it.

import type { TypedEdit } from "../../lib/analysis";
import { markGuessed } from "./patch";

/** Longer parts are not searched: a keystroke must stay cheap. */
const MAX_SOURCE = 100_000;

/**
 * Characters that are text wherever they are typed in running text (no
 * Markdown meaning on their own), and always render as themselves.
 * Anything else waits for the backend's render.
 */
const PLAIN = /^[\p{L}\p{N} ,.;:?!'"()-]$/u;

/** Whether `edit` is the kind of change predicted here: one plain character typed, or one deleted. */
export function isPredictable(edit: TypedEdit): boolean {
  if (edit.removed === 0) return PLAIN.test(edit.inserted);
  if (edit.inserted !== "" || edit.removed !== 1) return false;
  return PLAIN.test(edit.source.slice(edit.at, edit.at + 1));
}

/**
 * Changes the text of `container`'s part `edit.part` as `edit` changes its
 * source, when the part's text node around the change can be placed in the
 * source: the part's text nodes are found in the source in order, each
 * verbatim, and one of them must span the change. Returns whether it did.
 */
export function predictEdit(container: HTMLElement, edit: TypedEdit): boolean {
  if (!isPredictable(edit) || edit.source.length > MAX_SOURCE) return false;
  const element = container.children[edit.part];
  const body = element?.querySelector(":scope > .part-body");
  if (!(element instanceof HTMLElement) || !body) return false;
  // A space at the end of a line is dropped from the page: nothing changes.
  const next = edit.source.charAt(edit.at);
  if (edit.inserted === " " && (next === "\n" || next === "\r" || next === "")) return false;
  const end = edit.at + edit.removed;
  let found: { node: Text; start: number } | null = null;
  let cursor = 0;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const data = text.data;
    if (data.trim() === "") continue;
    const start = edit.source.indexOf(data, cursor);
    if (start < 0) continue;
    cursor = start + data.length;
    const stop = start + data.length;
    const holds =
      edit.removed === 0 ? start < edit.at && edit.at <= stop : start <= edit.at && end <= stop && data.length > edit.removed;
    if (!holds) continue;
    found = { node: text, start };
    break;
  }
  if (!found || insideLink(found.node)) return false;
  if (edit.removed > 0) found.node.deleteData(edit.at - found.start, edit.removed);
  else found.node.insertData(edit.at - found.start, edit.inserted);
  markGuessed(element);
  return true;
}

/** Wiki links show their target's title and colour: typing in one waits for the render. */
function insideLink(node: Text): boolean {
  return node.parentElement?.closest("a.wikilink") != null;
}
