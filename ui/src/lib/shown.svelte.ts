// When the window redraws the analysis. A keystroke maps the analysis's
// positions at once (the editor's state goes by them), but redrawing the
// outline and problems for positions that moved by a character would only
// hold the keystroke's frame up: after a keystroke the window takes the
// mapped analysis once that frame is painted. Anything else (an answer, a
// reload, another entry) is shown at once, and cancels a redraw still due.

import type { Analysis } from "../ipc";

/** How long a keystroke's mapped analysis waits for a frame before it is shown anyway. */
const FALLBACK_MS = 50;

export class ShownAnalysis {
  /** The analysis as the window shows it (outline, problems, preview). */
  current = $state.raw<Analysis | null>(null);
  /** Counts what `current` was last given, so that a late "after paint" does nothing. */
  #token = 0;

  /** Shows `analysis` now. */
  show(analysis: Analysis | null): void {
    this.#token++;
    this.current = analysis;
  }

  /**
   * Shows `latest()` once the webview has painted the next frame: a timer
   * set in that frame's animation callback runs after its paint. A window
   * that is not on screen paints no frames: a timer stands in.
   */
  showAfterPaint(latest: () => Analysis | null): void {
    const token = ++this.#token;
    const show = () => {
      if (token === this.#token) this.show(latest());
    };
    setTimeout(show, FALLBACK_MS);
    requestAnimationFrame(() => setTimeout(show, 0));
  }
}
