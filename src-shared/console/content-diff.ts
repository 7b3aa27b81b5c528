import { MAX_DIFF_LINES, type DiffLine } from './publish-api.js';

/**
 * A content entity as readable lines, one per value: `title.mn: Төрсний гэрчилгээ`,
 * `fields.0.required: true`. Compared line by line, two versions of an entity show exactly
 * the values that changed, each with the field it belongs to.
 */
export function entityLines(data: unknown): string[] {
  const lines: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${at}: []`);
      value.forEach((v, i) => walk(v, at === '' ? String(i) : `${at}.${i}`));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) lines.push(`${at}: {}`);
      for (const [k, v] of entries) walk(v, at === '' ? k : `${at}.${k}`);
    } else {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      lines.push(`${at}: ${text}`);
    }
  };
  walk(data, '');
  return lines;
}

/** Above this many cells the longest-common-subsequence table is not built: every line counts as changed. */
const MAX_LCS_CELLS = 4_000_000;

/**
 * The lines removed from `before` and added in `after`, in reading order (a longest common
 * subsequence; unchanged lines are left out), and whether the list was cut at `max`.
 */
export function diffLines(
  before: readonly string[],
  after: readonly string[],
  max = MAX_DIFF_LINES,
): { lines: DiffLine[]; truncated: boolean } {
  const out: DiffLine[] = [];
  const n = before.length;
  const m = after.length;
  if (n * m > MAX_LCS_CELLS) {
    for (const text of before) out.push({ op: 'removed', text });
    for (const text of after) out.push({ op: 'added', text });
  } else {
    // lcs[i][j]: the longest common subsequence of before[i..] and after[j..], in one flat array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          before[i] === after[j]
            ? lcs[(i + 1) * width + j + 1]! + 1
            : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && before[i] === after[j]) {
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        out.push({ op: 'removed', text: before[i++]! });
      } else {
        out.push({ op: 'added', text: after[j++]! });
      }
    }
  }
  return { lines: out.slice(0, max), truncated: out.length > max };
}

/** An entity's Mongolian title or name, else its id. */
export function entityLabel(data: unknown, id: string): string {
  if (data !== null && typeof data === 'object') {
    for (const key of ['title', 'name'] as const) {
      const value = (data as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object') {
        const mn = (value as Record<string, unknown>).mn;
        if (typeof mn === 'string' && mn.trim() !== '') return mn;
      }
    }
  }
  return id;
}
