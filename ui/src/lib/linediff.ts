// A line diff for the conflict view: mine beside the disk's version, lines
// that differ marked. Common prefix and suffix are trimmed first, then the
// middle is aligned by longest common subsequence (bounded; a huge middle is
// shown as one changed block).

export type RowKind = "same" | "changed" | "mine" | "theirs";

export interface DiffRow {
  kind: RowKind;
  /** 1-based line in mine and its text, or null where mine has no line. */
  mine: { line: number; text: string } | null;
  theirs: { line: number; text: string } | null;
}

const MAX_CELLS = 4_000_000;

export function lineDiff(mineText: string, theirsText: string): DiffRow[] {
  const mine = mineText.split("\n");
  const theirs = theirsText.split("\n");
  let start = 0;
  while (start < mine.length && start < theirs.length && mine[start] === theirs[start]) start++;
  let endMine = mine.length;
  let endTheirs = theirs.length;
  while (endMine > start && endTheirs > start && mine[endMine - 1] === theirs[endTheirs - 1]) {
    endMine--;
    endTheirs--;
  }
  const rows: DiffRow[] = [];
  const same = (i: number, j: number) =>
    rows.push({ kind: "same", mine: { line: i + 1, text: mine[i] ?? "" }, theirs: { line: j + 1, text: theirs[j] ?? "" } });
  for (let i = 0; i < start; i++) same(i, i);
  middle(mine, theirs, start, endMine, start, endTheirs, rows);
  for (let i = endMine, j = endTheirs; i < mine.length; i++, j++) same(i, j);
  return rows;
}

function middle(mine: string[], theirs: string[], a0: number, a1: number, b0: number, b1: number, rows: DiffRow[]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const pending: { mine: number[]; theirs: number[] } = { mine: [], theirs: [] };
  const flush = () => {
    const count = Math.max(pending.mine.length, pending.theirs.length);
    for (let k = 0; k < count; k++) {
      const i = pending.mine[k];
      const j = pending.theirs[k];
      rows.push({
        kind: i !== undefined && j !== undefined ? "changed" : i !== undefined ? "mine" : "theirs",
        mine: i !== undefined ? { line: i + 1, text: mine[i] ?? "" } : null,
        theirs: j !== undefined ? { line: j + 1, text: theirs[j] ?? "" } : null,
      });
    }
    pending.mine = [];
    pending.theirs = [];
  };
  if (n * m > MAX_CELLS || n === 0 || m === 0) {
    for (let i = a0; i < a1; i++) pending.mine.push(i);
    for (let j = b0; j < b1; j++) pending.theirs.push(j);
    flush();
    return;
  }
  // lengths[i][j]: LCS length of mine[a0+i..a1) and theirs[b0+j..b1).
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        mine[a0 + i] === theirs[b0 + j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && mine[a0 + i] === theirs[b0 + j]) {
      flush();
      rows.push({ kind: "same", mine: { line: a0 + i + 1, text: mine[a0 + i] ?? "" }, theirs: { line: b0 + j + 1, text: theirs[b0 + j] ?? "" } });
      i++;
      j++;
    } else if (j >= m || (i < n && (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))) {
      pending.mine.push(a0 + i);
      i++;
    } else {
      pending.theirs.push(b0 + j);
      j++;
    }
  }
  flush();
}
