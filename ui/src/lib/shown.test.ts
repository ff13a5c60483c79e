// When the window redraws the analysis: after a keystroke's frame, never
// over a newer one, and even when no frame comes.
import { afterEach, describe, expect, it, vi } from "vitest";

import { analysisOf, SAMPLE } from "../test/fixtures";
import { ShownAnalysis } from "./shown.svelte";

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

afterEach(() => vi.unstubAllGlobals());

describe("ShownAnalysis", () => {
  // The keystroke's frame goes out first; the mapped analysis follows, as it is by then.
  it("shows the latest analysis after the next frame", async () => {
    const shown = new ShownAnalysis();
    let latest = analysisOf(SAMPLE, { title: "typed" });
    shown.showAfterPaint(() => latest);
    expect(shown.current).toBeNull();
    latest = analysisOf(SAMPLE, { title: "typed more" });
    await frame();
    await tick();
    expect(shown.current?.title).toBe("typed more");
  });

  // An answer shown meanwhile is newer than the keystroke's mapping: the late redraw must not replace it.
  it("lets a later show win over a redraw still due", async () => {
    const shown = new ShownAnalysis();
    shown.showAfterPaint(() => analysisOf(SAMPLE, { title: "mapped" }));
    shown.show(analysisOf(SAMPLE, { title: "answer" }));
    await frame();
    await tick(60);
    expect(shown.current?.title).toBe("answer");
  });

  // A window that is not on screen paints no frames; the outline still catches up.
  it("shows it anyway when no frame comes", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const shown = new ShownAnalysis();
    shown.showAfterPaint(() => analysisOf(SAMPLE, { title: "mapped" }));
    await tick(10);
    expect(shown.current).toBeNull();
    await tick(60);
    expect(shown.current?.title).toBe("mapped");
  });
});
