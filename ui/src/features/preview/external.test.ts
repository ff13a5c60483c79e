// The confirmation before a link leaves the app names the host the browser
// will really reach, not what the link text or a reversed string shows.
import { describe, expect, it } from "vitest";

import { externalLinkQuestion } from "./external";

describe("externalLinkQuestion", () => {
  it("names the parsed host of a web link", () => {
    expect(externalLinkQuestion("https://example.org/a b")).toBe(
      "Open a page on example.org in your browser?\n\nhttps://example.org/a%20b",
    );
  });

  it("shows a Unicode host in its ASCII form", () => {
    expect(externalLinkQuestion("https://аpple.example/")).toContain("on xn--pple-43d.example");
  });

  it("names the address of a mail link", () => {
    expect(externalLinkQuestion("mailto:someone@example.org?subject=Hi")).toBe(
      "Write an email to someone@example.org?\n\nmailto:someone@example.org?subject=Hi",
    );
  });

  it("asks nothing for other schemes or broken links", () => {
    expect(externalLinkQuestion("file:///etc/passwd")).toBeNull();
    expect(externalLinkQuestion("javascript:alert(1)")).toBeNull();
    expect(externalLinkQuestion("https://")).toBeNull();
  });
});
