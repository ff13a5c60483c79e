import { describe, expect, it } from "vitest";

import { DRAW_WHOLE_UP_TO, rowWindow } from "./virtual";

describe("rowWindow", () => {
  it("draws a short list whole", () => {
    expect(rowWindow(DRAW_WHOLE_UP_TO, 50, 4000, 500)).toEqual({ start: 0, end: DRAW_WHOLE_UP_TO, before: 0, after: 0 });
  });

  it("draws the rows in view and a margin, and the spacers keep the full height", () => {
    const window = rowWindow(10_000, 50, 5_000, 500);
    // Rows 100–109 are in view; 12 more on each side.
    expect(window).toEqual({ start: 88, end: 122, before: 88 * 50, after: (10_000 - 122) * 50 });
    expect(window.before + (window.end - window.start) * 50 + window.after).toBe(10_000 * 50);
  });

  it("stays inside the list at both ends and past them", () => {
    expect(rowWindow(1_000, 50, 0, 500)).toMatchObject({ start: 0, end: 22, before: 0 });
    expect(rowWindow(1_000, 50, 49_500, 500)).toMatchObject({ start: 978, end: 1_000, after: 0 });
    expect(rowWindow(1_000, 50, 90_000, 500)).toMatchObject({ start: 1_000, end: 1_000, after: 0 });
    expect(rowWindow(1_000, 50, -20, 500)).toMatchObject({ start: 0 });
  });

  it("draws a screenful before the list is measured", () => {
    const window = rowWindow(10_000, 50, 0, 0);
    expect(window.end - window.start).toBeGreaterThanOrEqual(24);
  });
});
