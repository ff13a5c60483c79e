// Test helpers: an outline computed the way the backend computes it (the
// lead from the end of the front matter, then one part per H2 line), and a
// sample entry. Only tests use this; the app always asks the backend.

import type { Analysis, EntryView, OutlinePart } from "../ipc";

/** The outline of `text`; `anchors` gives the backend's anchor of headings other than plain ASCII words. */
export function outlineOf(text: string, anchors: Record<string, string> = {}): OutlinePart[] {
  const starts: { heading: string | null; from: number; line: number }[] = [];
  let offset = 0;
  let leadFrom = 0;
  const lines = text.split("\n");
  if (lines[0] === "---") {
    let at = lines[0].length + 1;
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index] ?? "";
      at += line.length + 1;
      if (line === "---") {
        leadFrom = at;
        break;
      }
    }
  }
  starts.push({ heading: null, from: leadFrom, line: text.slice(0, leadFrom).split("\n").length });
  lines.forEach((line, index) => {
    if (offset >= leadFrom && line.startsWith("## ")) starts.push({ heading: line.slice(3).trim(), from: offset, line: index + 1 });
    offset += line.length + 1;
  });
  return starts.map((start, index) => {
    const to = starts[index + 1]?.from ?? text.length;
    const headingEnd = text.indexOf("\n", start.from);
    const body = start.heading === null ? bodyOfLead(text, start.from) : headingEnd < 0 ? to : headingEnd + 1;
    return { heading: start.heading, anchor: start.heading === null ? null : (anchors[start.heading] ?? anchorOf(start.heading)), from: start.from, body_from: Math.min(body, to), to, line: start.line };
  });
}

// The backend computes anchors (quire-core's `anchor_slug`); the samples'
// headings are plain ASCII words, whose anchor is the lower-cased words
// joined by `-`. Anything else would need the backend's slug, which the UI
// must not copy.
function anchorOf(heading: string): string {
  if (!/^[A-Za-z0-9 ]+$/.test(heading)) throw new Error(`fixture heading \`${heading}\` is not plain ASCII words: give its anchor`);
  return heading.trim().toLowerCase().split(/ +/).join("-");
}

function bodyOfLead(text: string, from: number): number {
  const h1 = text.indexOf("# ", from);
  if (h1 < 0) return from;
  const end = text.indexOf("\n", h1);
  return end < 0 ? text.length : end + 1;
}

export function analysisOf(text: string, extra: Partial<Analysis> = {}, anchors: Record<string, string> = {}): Analysis {
  const outline = outlineOf(text, anchors);
  return {
    title: /^# (.*)$/m.exec(text)?.[1] ?? null,
    outline,
    problems: [],
    page: outline.map((part, index) => ({
      heading: part.heading,
      line: part.line,
      html: `<p data-line="1">${index}</p>`,
      hash: `${index}:${text.slice(part.from, part.to).length}`,
    })),
    backlinks: [],
    missing_sections: [],
    ...extra,
  };
}

export const SAMPLE = [
  "---",
  "title: Alpha",
  "kind: concept",
  "---",
  "",
  "# Alpha",
  "",
  "Alpha is a test.",
  "",
  "## Snapshot",
  "",
  "- Field: tests",
  "",
  "## Definition",
  "",
  "A definition.",
  "",
  "## Sources",
  "",
  "- A source, 2020.",
  "",
].join("\n");

export function entryView(id: string, text: string, hash: string, anchors: Record<string, string> = {}): EntryView {
  return { id, text, hash, analysis: analysisOf(text, {}, anchors) };
}
