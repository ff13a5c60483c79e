// Plain typing shows in the preview before the backend's render arrives,
// and only where the changed text can be placed for sure; the render then
// keeps the changed part when it shows exactly the same, or replaces it.
import { describe, expect, it } from "vitest";

import type { TypedEdit } from "../../lib/analysis";
import { patchParts, type RenderablePart } from "./patch";
import { isPredictable, predictEdit } from "./predict";

const SOURCE = "## Open Questions\n\n- Does *this* hold?\n- Measured item\n\nSee [[Kaiming He]] and more.\n";
const HTML =
  '<h2 data-line="1">Open Questions</h2>\n<ul data-line="3">\n<li>Does <em>this</em> hold?</li>\n<li>Measured item</li>\n</ul>\n' +
  '<p data-line="6">See <a class="wikilink" href="#" data-entry="kaiming-he.md" title="Kaiming He">Kaiming He</a> and more.</p>\n';

function page(...htmls: string[]): HTMLElement {
  const container = document.createElement("article");
  patchParts(
    container,
    htmls.map((html, index): RenderablePart => ({ heading: index ? "Open Questions" : null, line: 1, html, hash: `h${index}` })),
  );
  return container;
}

const typed = (text: string, at: number, inserted: string, removed = 0, part = 1): TypedEdit => ({
  part,
  source: text,
  at,
  removed,
  inserted,
});

const after = (needle: string) => SOURCE.indexOf(needle) + needle.length;

describe("predictEdit", () => {
  it("types a letter at the end of a list item into that item", () => {
    const container = page("<p>Lead</p>", HTML);
    expect(predictEdit(container, typed(SOURCE, after("Measured item"), "x"))).toBe(true);
    expect(container.querySelectorAll("li")[1]?.textContent).toBe("Measured itemx");
    expect(container.children[0]?.textContent).toContain("Lead");
  });

  it("types inside emphasis and deletes within running text", () => {
    const container = page("<p>Lead</p>", HTML);
    expect(predictEdit(container, typed(SOURCE, after("*thi"), "n"))).toBe(true);
    expect(container.querySelector("em")?.textContent).toBe("thins");
    const container2 = page("<p>Lead</p>", HTML);
    expect(predictEdit(container2, typed(SOURCE, SOURCE.indexOf("hold"), "", 1))).toBe(true);
    expect(container2.querySelector("li")?.textContent).toBe("Does this old?");
  });

  it("leaves wiki links, markup characters and trailing spaces to the render", () => {
    const container = page("<p>Lead</p>", HTML);
    const before = container.innerHTML;
    // Inside a wiki link: its target and colour may change.
    expect(predictEdit(container, typed(SOURCE, after("[[Kaiming"), "s"))).toBe(false);
    // Markdown characters mean something.
    expect(predictEdit(container, typed(SOURCE, after("Measured"), "*"))).toBe(false);
    expect(predictEdit(container, typed(SOURCE, after("Measured"), "[["))).toBe(false);
    // A space at the end of a line does not show.
    expect(predictEdit(container, typed(SOURCE, after("Measured item"), " "))).toBe(false);
    // A deletion that would empty a text node, or take a line break.
    expect(predictEdit(container, typed(SOURCE, after("hold?") , "", 1))).toBe(false);
    expect(container.innerHTML).toBe(before);
  });

  it("does nothing when the page does not show the source it is told", () => {
    // The page still shows an older text of the part.
    const container = page("<p>Lead</p>", HTML.replace("Measured item", "Measured"));
    expect(predictEdit(container, typed(SOURCE, after("Measured item"), "x"))).toBe(false);
    // Text the page shows otherwise than written (an entity).
    const written = "Tom &amp; Jerry\n";
    const container2 = page("<p>Lead</p>", "<p>Tom &amp; Jerry</p>");
    expect(predictEdit(container2, typed(written, written.indexOf("Jerry") + 2, "x"))).toBe(false);
    // The same words twice: each keystroke goes to the one it was typed in.
    const twice = "aa aa\n\naa\n";
    const container3 = page("<p>Lead</p>", "<p>aa aa</p><p>aa</p>");
    expect(predictEdit(container3, typed(twice, twice.lastIndexOf("aa") + 1, "b"))).toBe(true);
    expect(container3.textContent).toContain("aa aaaba");
    // No such part.
    expect(predictEdit(container, typed(SOURCE, 3, "x", 0, 7))).toBe(false);
  });

  it("knows which keystrokes it predicts", () => {
    expect(isPredictable(typed("ab", 1, "é"))).toBe(true);
    expect(isPredictable(typed("ab", 1, "7"))).toBe(true);
    expect(isPredictable(typed("ab", 1, "xy"))).toBe(false);
    expect(isPredictable(typed("ab", 1, "`"))).toBe(false);
    expect(isPredictable(typed("a_b", 1, "", 1))).toBe(false);
    expect(isPredictable(typed("a\nb", 1, "", 1))).toBe(false);
  });
});

describe("the render after a prediction", () => {
  it("keeps the changed part, unpainted, when the render shows the same", async () => {
    const container = page("<p>Lead</p>", HTML);
    predictEdit(container, typed(SOURCE, after("Measured item"), "x"));
    const guessed = container.children[1];
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((found) => records.push(...found));
    observer.observe(container, { subtree: true, childList: true, characterData: true });
    const stats = patchParts(container, [
      { heading: null, line: 1, html: "<p>Lead</p>", hash: "h0" },
      { heading: "Open Questions", line: 1, html: HTML.replace("Measured item", "Measured itemx"), hash: "h1x" },
    ]);
    await Promise.resolve();
    records.push(...observer.takeRecords());
    observer.disconnect();
    expect(stats).toEqual({ created: 0, reused: 2, removed: 0 });
    expect(container.children[1]).toBe(guessed);
    expect((guessed as HTMLElement).dataset.partHash).toBe("h1x");
    expect(records).toEqual([]);
  });

  it("replaces the changed part when the render differs", () => {
    const container = page("<p>Lead</p>", HTML);
    predictEdit(container, typed(SOURCE, after("Measured item"), "x"));
    const guessed = container.children[1];
    const stats = patchParts(container, [
      { heading: null, line: 1, html: "<p>Lead</p>", hash: "h0" },
      { heading: "Open Questions", line: 1, html: "<p>Rendered otherwise</p>", hash: "h1y" },
    ]);
    expect(stats).toEqual({ created: 1, reused: 1, removed: 1 });
    expect(container.children[1]).not.toBe(guessed);
    expect(container.children[1]?.textContent).toContain("Rendered otherwise");
  });

  // Typing a letter and deleting it before the render arrives: the render of
  // the first text has the old hash, but the page shows neither text.
  it("never reuses a changed part for its old hash", () => {
    const container = page("<p>Lead</p>", HTML);
    predictEdit(container, typed(SOURCE, after("Measured item"), "x"));
    const guessed = container.children[1];
    patchParts(container, [
      { heading: null, line: 1, html: "<p>Lead</p>", hash: "h0" },
      { heading: "Open Questions", line: 1, html: HTML, hash: "h1" },
    ]);
    expect(container.children[1]).not.toBe(guessed);
    expect(container.querySelectorAll("li")[1]?.textContent).toBe("Measured item");
  });
});
