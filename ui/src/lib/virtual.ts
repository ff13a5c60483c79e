// Long lists draw only the rows in view (plus a margin), with spacers for
// the rest: a 10,000-entry wiki's sidebar as 10,000 rows took the webview
// 590 MiB and 7 s to first show (BENCHMARKS.md). Rows have a fixed height.

/** Lists up to this many rows are drawn whole (every row in the DOM, as tests and small wikis expect). */
export const DRAW_WHOLE_UP_TO = 300;

/** Rows drawn above and below the ones in view, so keyboard focus and fast scrolling find rows there. */
const MARGIN_ROWS = 12;

/** Assumed viewport height before the list has been measured. */
const UNMEASURED_HEIGHT = 1200;

export interface RowWindow {
  /** First row drawn. */
  start: number;
  /** One past the last row drawn. */
  end: number;
  /** Height in pixels of the spacer standing for the rows above `start`. */
  before: number;
  /** Height in pixels of the spacer standing for the rows from `end` on. */
  after: number;
}

/** Which of `count` rows of `rowHeight` px to draw for a list scrolled to `scrollTop` showing `viewport` px. */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, viewport: number): RowWindow {
  if (count <= DRAW_WHOLE_UP_TO) return { start: 0, end: count, before: 0, after: 0 };
  const height = viewport > 0 ? viewport : UNMEASURED_HEIGHT;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.min(count, Math.max(0, first - MARGIN_ROWS));
  const end = Math.min(count, Math.max(start, Math.ceil((Math.max(0, scrollTop) + height) / rowHeight) + MARGIN_ROWS));
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/**
 * An attachment that reports the element's height each time a layout
 * changes it. It never asks for a layout itself (Svelte's
 * `bind:clientHeight` reads the height when mounted, which makes WebKit lay
 * out the whole window then, and again for the first frame).
 */
export function observeHeight(report: (height: number) => void): (element: HTMLElement) => () => void {
  return (element) => {
    const observer = new ResizeObserver(() => report(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  };
}
