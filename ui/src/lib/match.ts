// Quick-open matching: entries by title, alias or id, fuzzy-ish. An exact
// name beats a prefix, a prefix beats a word start, a word start beats a
// substring, and any of them beats letters merely in order.

import type { EntryInfo } from "../ipc";

export interface EntryMatch {
  entry: EntryInfo;
  score: number;
  /** The alias that matched, when it was not the title. */
  alias: string | null;
}

function isWordStart(text: string, index: number): boolean {
  return index === 0 || /[^\p{L}\p{N}]/u.test(text[index - 1] ?? " ");
}

/** How well `query` (lower-cased, trimmed) matches `name`; negative for no match. */
export function scoreName(name: string, query: string): number {
  const text = name.toLowerCase();
  if (query === "") return 1;
  if (text === query) return 1000;
  if (text.startsWith(query)) return 900 - Math.min(text.length, 99);
  let index = text.indexOf(query);
  while (index > 0 && !isWordStart(text, index)) index = text.indexOf(query, index + 1);
  if (index > 0) return 700 - Math.min(index, 99);
  const anywhere = text.indexOf(query);
  if (anywhere >= 0) return 500 - Math.min(anywhere, 99);
  // Letters in order: reward consecutive runs and word starts, punish gaps.
  let score = 300;
  let position = 0;
  let previous = -2;
  for (const character of query) {
    if (character === " ") continue;
    const found = text.indexOf(character, position);
    if (found < 0) return -1;
    if (found === previous + 1) score += 6;
    else score -= Math.min(found - position, 20);
    if (isWordStart(text, found)) score += 8;
    previous = found;
    position = found + 1;
  }
  return Math.max(score, 2);
}

/** Entries matching `query`, best first (ties by title); all entries when the query is empty. */
export function matchEntries(entries: readonly EntryInfo[], query: string, limit = 60): EntryMatch[] {
  const wanted = query.trim().toLowerCase();
  const matches: EntryMatch[] = [];
  for (const entry of entries) {
    let best = scoreName(entry.title, wanted);
    let alias: string | null = null;
    for (const name of entry.aliases) {
      const score = scoreName(name, wanted) - 5;
      if (score > best) {
        best = score;
        alias = name;
      }
    }
    const byId = scoreName(entry.id, wanted) - 50;
    if (byId > best) {
      best = byId;
      alias = null;
    }
    if (best > 0) matches.push({ entry, score: best, alias });
  }
  matches.sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title));
  return matches.slice(0, limit);
}
