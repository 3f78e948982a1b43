/** A line diff of two rules files (longest common subsequence), for the report's rule history. */

const MAX_LINES = 2_000;

export function lineDiff(before: string, after: string, context = 2, maxOut = 40): string[] {
  const a = before.split('\n').slice(0, MAX_LINES);
  const b = after.split('\n').slice(0, MAX_LINES);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const all: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      all.push(`  ${a[i]}`);
      i += 1;
      j += 1;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      all.push(`+ ${b[j]}`);
      j += 1;
    } else {
      all.push(`- ${a[i]}`);
      i += 1;
    }
  }
  const changed = all.map((line) => !line.startsWith('  '));
  const keep = all.filter((_, k) => changed.slice(Math.max(0, k - context), k + context + 1).some(Boolean));
  return keep.length > maxOut ? [...keep.slice(0, maxOut), `… ${keep.length - maxOut} more lines`] : keep;
}
