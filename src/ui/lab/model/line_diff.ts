/**
 * A line diff between an expected output block and ours, for highlighting. Blocks are small
 * (a directive's output), so a plain longest-common-subsequence table is enough; past a size
 * bound we fall back to comparing line by line, which is still correct, only less tidy.
 */

export type DiffOp =
  | { readonly op: 'same'; readonly text: string }
  /** A line only the expected block has. */
  | { readonly op: 'expected'; readonly text: string }
  /** A line only our output has. */
  | { readonly op: 'actual'; readonly text: string };

const maxTableCells = 1_000_000;

/** Splits a block into lines; the newline ending the last line does not make an extra line. */
export function blockLines(block: string): string[] {
  if (block === '') return [];
  const lines = block.split('\n');
  if (block.endsWith('\n')) lines.pop();
  return lines;
}

export function diffLines(expected: string, actual: string): DiffOp[] {
  const a = blockLines(expected);
  const b = blockLines(actual);
  if (a.length * b.length > maxTableCells) return pairwise(a, b);
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], stored flat.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ai = a[i];
    const bj = b[j];
    if (ai !== undefined && bj !== undefined && ai === bj) {
      ops.push({ op: 'same', text: ai });
      i++;
      j++;
    } else if (
      bj === undefined ||
      (ai !== undefined && (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
    ) {
      ops.push({ op: 'expected', text: ai ?? '' });
      i++;
    } else {
      ops.push({ op: 'actual', text: bj });
      j++;
    }
  }
  return ops;
}

function pairwise(a: readonly string[], b: readonly string[]): DiffOp[] {
  const ops: DiffOp[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ai = a[i];
    const bi = b[i];
    if (ai !== undefined && ai === bi) {
      ops.push({ op: 'same', text: ai });
      continue;
    }
    if (ai !== undefined) ops.push({ op: 'expected', text: ai });
    if (bi !== undefined) ops.push({ op: 'actual', text: bi });
  }
  return ops;
}

/** 0-based index of the first line where the blocks differ, or undefined if they are equal. */
export function firstDifferentLine(expected: string, actual: string): number | undefined {
  if (expected === actual) return undefined;
  const a = blockLines(expected);
  const b = blockLines(actual);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return i;
  }
  return Math.max(a.length, b.length);
}
