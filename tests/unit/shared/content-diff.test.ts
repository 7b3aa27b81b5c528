import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, entityLabel, entityLines } from '../../../src-shared/console/content-diff.js';

describe('entityLines', () => {
  it('gives one readable line per value, named by its field', () => {
    expect(
      entityLines({ id: 'x', title: { mn: 'Гэрчилгээ', en: 'Certificate' }, fields: [{ required: true }], tags: [] }),
    ).toEqual(['id: x', 'title.mn: Гэрчилгээ', 'title.en: Certificate', 'fields.0.required: true', 'tags: []']);
  });
});

describe('diffLines', () => {
  it('shows a changed value as its old line removed and its new line added, nothing else', () => {
    const before = ['id: x', 'title.mn: Хуучин', 'feeMnt: 0'];
    const after = ['id: x', 'title.mn: Шинэ', 'feeMnt: 0', 'order: 2'];
    expect(diffLines(before, after)).toEqual({
      lines: [
        { op: 'removed', text: 'title.mn: Хуучин' },
        { op: 'added', text: 'title.mn: Шинэ' },
        { op: 'added', text: 'order: 2' },
      ],
      truncated: false,
    });
  });

  it('cuts a long diff and says so', () => {
    const after = Array.from({ length: 10 }, (_, i) => `line ${i}`);
    expect(diffLines([], after, 4)).toEqual({
      lines: after.slice(0, 4).map((text) => ({ op: 'added', text })),
      truncated: true,
    });
  });

  it('removes exactly what is not kept and adds exactly what is new (any two texts)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const { lines } = diffLines(before, after, Infinity);
        const removed = lines.filter((l) => l.op === 'removed').length;
        const added = lines.filter((l) => l.op === 'added').length;
        // The unchanged lines are the same count on both sides: a common subsequence.
        expect(before.length - removed).toBe(after.length - added);
        // What is kept of `before` is what is kept of `after`: the same lines, as a multiset.
        const minus = (all: string[], gone: string[]) => {
          const left = [...all];
          for (const g of gone) {
            const at = left.indexOf(g);
            expect(at).toBeGreaterThanOrEqual(0);
            left.splice(at, 1);
          }
          return left.sort();
        };
        const removedLines = lines.filter((l) => l.op === 'removed').map((l) => l.text);
        const addedLines = lines.filter((l) => l.op === 'added').map((l) => l.text);
        expect(minus(before, removedLines)).toEqual(minus(after, addedLines));
        return true;
      }),
    );
  });
});

describe('entityLabel', () => {
  it('takes the Mongolian title or name, else the id', () => {
    expect(entityLabel({ title: { mn: 'Өргөдөл' } }, 'petition')).toBe('Өргөдөл');
    expect(entityLabel({ name: { mn: 'Архангай' } }, '65')).toBe('Архангай');
    expect(entityLabel({ title: { mn: ' ' } }, 'x')).toBe('x');
  });
});
