// The preview must replace only parts whose hash changed: replacing the
// whole page costs 55–65 ms in WebKitGTK.
import { describe, expect, it } from "vitest";

import { blockAtLine, lineOf, patchParts, type RenderablePart } from "./patch";

const part = (heading: string | null, hash: string, line = 1): RenderablePart => ({
  heading,
  line,
  hash,
  html: `<h2 data-line="1">${heading ?? "Title"}</h2><p data-line="3">${hash}</p>`,
});

describe("patchParts", () => {
  it("renders parts in order", () => {
    const container = document.createElement("article");
    const stats = patchParts(container, [part(null, "a"), part("One", "b", 5)]);
    expect(stats).toEqual({ created: 2, reused: 0, removed: 0 });
    expect([...container.children].map((child) => (child as HTMLElement).dataset.heading)).toEqual(["", "One"]);
    expect(container.querySelector("h2")?.textContent).toBe("Title");
  });

  // Each DOM write makes WebKit re-style: the same parts again must write nothing.
  it("touches nothing when the parts are the same", async () => {
    const container = document.createElement("article");
    const parts = [part(null, "a"), part("One", "b", 5), part("Two", "c", 9)];
    patchParts(container, parts);
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((found) => records.push(...found));
    observer.observe(container, { subtree: true, childList: true, attributes: true, characterData: true });
    patchParts(container, parts);
    await Promise.resolve();
    records.push(...observer.takeRecords());
    observer.disconnect();
    expect(records).toEqual([]);
  });

  it("keeps the elements of unchanged parts and replaces only the changed one", () => {
    const container = document.createElement("article");
    patchParts(container, [part(null, "a"), part("One", "b"), part("Two", "c")]);
    const [lead, one, two] = [...container.children];
    const stats = patchParts(container, [part(null, "a"), part("One", "b2"), part("Two", "c")]);
    expect(stats).toEqual({ created: 1, reused: 2, removed: 1 });
    expect(container.children[0]).toBe(lead);
    expect(container.children[1]).not.toBe(one);
    expect(container.children[2]).toBe(two);
    expect(container.children[1]?.textContent).toContain("b2");
  });

  it("moves parts without re-rendering them", () => {
    const container = document.createElement("article");
    patchParts(container, [part(null, "a"), part("One", "b"), part("Two", "c")]);
    const [, one, two] = [...container.children];
    const stats = patchParts(container, [part(null, "a"), part("Two", "c"), part("One", "b")]);
    expect(stats.created).toBe(0);
    expect(container.children[1]).toBe(two);
    expect(container.children[2]).toBe(one);
    expect((container.children[1] as HTMLElement).dataset.index).toBe("1");
  });

  it("finds the block at a source line", () => {
    const container = document.createElement("article");
    patchParts(container, [part(null, "a", 1), part("One", "b", 10)]);
    expect(blockAtLine(container, 11)?.textContent).toBe("One");
    expect(blockAtLine(container, 12)?.textContent).toBe("b");
    expect(blockAtLine(container, 9)?.textContent).toBe("a");
    expect(blockAtLine(container, 0)).toBeNull();
  });

  it("follows a part that lines added above moved, without re-rendering it", () => {
    const container = document.createElement("article");
    patchParts(container, [part(null, "a", 1), part("One", "b", 10)]);
    const stats = patchParts(container, [part(null, "a2", 1), part("One", "b", 14)]);
    expect(stats.reused).toBe(1);
    expect(blockAtLine(container, 13)?.textContent).toBe("a2");
    expect(blockAtLine(container, 14)?.textContent).toBe("One");
    const one = container.querySelector<HTMLElement>("[data-part-line='14'] h2");
    expect(one && lineOf(one)).toBe(14);
  });
});
