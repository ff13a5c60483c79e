// Quick open must find entries the way people type them: prefixes, word
// starts, aliases, and letters in order, best first.
import { describe, expect, it } from "vitest";

import type { EntryInfo } from "../ipc";
import { matchEntries, scoreName } from "./match";

function info(title: string, aliases: string[] = [], id = `${title.toLowerCase().replace(/\W+/g, "-")}.md`): EntryInfo {
  return { id, title, aliases, kind: "concept", status: null, errors: 0, warnings: 0 };
}

const entries = [
  info("Kaiming He", ["He Kaiming"], "people/kaiming-he.md"),
  info("ImageNet"),
  info("Masked Autoencoders", ["MAE"]),
  info("Contrastive Learning"),
  info("Geoffrey Hinton"),
  info("Google DeepMind", ["DeepMind"]),
];

const titles = (query: string) => matchEntries(entries, query).map((match) => match.entry.title);

describe("quick open matching", () => {
  it("lists everything by title for an empty query", () => {
    expect(titles("")).toEqual([...entries.map((entry) => entry.title)].sort((a, b) => a.localeCompare(b)));
  });

  it("ranks exact, prefix, word start, substring, then letters in order", () => {
    expect(scoreName("ImageNet", "imagenet")).toBeGreaterThan(scoreName("ImageNet Large", "imagenet"));
    expect(scoreName("Masked Autoencoders", "mask")).toBeGreaterThan(scoreName("Unmasked", "mask"));
    expect(scoreName("Google DeepMind", "deep")).toBeGreaterThan(scoreName("Godeeper", "deep"));
    expect(scoreName("Contrastive Learning", "cl")).toBeGreaterThan(0);
    expect(scoreName("ImageNet", "xyz")).toBeLessThan(0);
  });

  it("finds entries by prefix and by word start", () => {
    expect(titles("ima")[0]).toBe("ImageNet");
    expect(titles("hinton")[0]).toBe("Geoffrey Hinton");
    expect(titles("learn")).toEqual(["Contrastive Learning"]);
  });

  it("finds entries by alias and says which alias matched", () => {
    const [first] = matchEntries(entries, "mae");
    expect(first?.entry.title).toBe("Masked Autoencoders");
    expect(first?.alias).toBe("MAE");
  });

  it("matches letters in order, ignoring case", () => {
    expect(titles("gdm")).toContain("Google DeepMind");
    expect(titles("KMH")).toContain("Kaiming He");
  });

  it("matches nothing for letters that are not there", () => {
    expect(titles("zzz")).toEqual([]);
  });
});
