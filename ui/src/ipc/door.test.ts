/// <reference types="vite/client" />
// ipc/ is the one door to the backend: it depends on nothing behind it
// (lib/, features/), so the stores and views can change without the door
// moving, and no cycle runs through it. It once imported lib/trace.ts.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>(["./**/*.ts", "./**/*.svelte", "!./**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The relative modules `text` imports or re-exports, static or dynamic. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.[^"']*)["']/g)) found.push(match[1]!);
  return found;
}

/** Whether `specifier`, imported by the file at `path` (relative to ipc/), leaves ipc/. */
function leavesTheDoor(path: string, specifier: string): boolean {
  const folders = path.replace(/^\.\//, "").split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") {
      if (folders.pop() === undefined) return true;
    } else if (part !== ".") folders.push(part);
  }
  return false;
}

describe("the door", () => {
  it("imports nothing from lib/ or features/", () => {
    const paths = Object.keys(sources);
    expect(paths).toContain("./index.ts");
    const outside = paths.flatMap((path) =>
      relativeImports(sources[path]!)
        .filter((specifier) => leavesTheDoor(path, specifier))
        .map((specifier) => `${path} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it("sees an import that leaves ipc/", () => {
    expect(relativeImports('import { trace } from "../lib/trace";\nimport type { A } from "./bindings/A";')).toEqual(["../lib/trace", "./bindings/A"]);
    expect(leavesTheDoor("./index.ts", "../lib/trace")).toBe(true);
    expect(leavesTheDoor("./bindings/A.ts", "../index")).toBe(false);
    expect(leavesTheDoor("./bindings/A.ts", "../../lib/x")).toBe(true);
    expect(leavesTheDoor("./index.ts", "./trace")).toBe(false);
  });
});
