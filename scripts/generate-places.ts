// Builds assets/demo-content/places.json from the reference list ../shared/data/aimags.json:
// the capital (with its 9 districts) first, then the 21 aimags in Mongolian dictionary order,
// each with the soums the reference lists (an empty list where it has none yet).
// Run: npx tsx scripts/generate-places.ts  (the output is deterministic).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { placeSchema, type Place } from '../src-shared/schemas/content.js';
import type { LocalizedText } from '../src-shared/schemas/localized-text.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.resolve(ROOT, '../shared/data/aimags.json');
const OUT = path.join(ROOT, 'assets/demo-content/places.json');

interface AimagsFile {
  aimags: { nso: string; mn: string; en: string }[];
  capital: { nso: string; mn: string; en: string; districts: { nso: string; mn: string; en: string }[] };
  sample_soums: Record<string, [code: string, mn: string, en: string][]>;
}

/**
 * Kazakh names only where the Kazakh form is well established; every other place keeps its
 * Mongolian name in Kazakh too (the kiosk would fall back to it anyway).
 */
const KAZAKH_NAMES: Record<string, string> = {
  '11': 'Ұланбатыр',
  '84': 'Қобда',
};

const collator = new Intl.Collator('mn');
const byName = (a: { name: LocalizedText }, b: { name: LocalizedText }) => collator.compare(a.name.mn, b.name.mn);

/** Names come with odd spacing now and then: one space, and none around hyphens. */
function clean(name: string): string {
  return name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

function name(code: string, mn: string, en: string): LocalizedText {
  return { mn: clean(mn), kk: KAZAKH_NAMES[code] ?? clean(mn), en: clean(en) };
}

function soums(list: [string, string, string][], aimag: string): Place['soums'] {
  return list
    .map(([code, mn, en]) => {
      if (!code.startsWith(aimag)) throw new Error(`soum ${code} ${mn} is not in aimag ${aimag}`);
      return { id: code, name: name(code, mn, en) };
    })
    .sort(byName);
}

const data = JSON.parse(await readFile(SOURCE, 'utf8')) as AimagsFile;

const capital: Place = {
  id: data.capital.nso,
  name: name(data.capital.nso, data.capital.mn, data.capital.en),
  kind: 'capital',
  soums: soums(
    data.capital.districts.map((d) => [d.nso, d.mn, d.en]),
    data.capital.nso,
  ),
  order: 1,
};

const aimags: Place[] = data.aimags
  .map((a) => ({
    id: a.nso,
    name: name(a.nso, a.mn, a.en),
    kind: 'aimag' as const,
    soums: soums(data.sample_soums[a.nso] ?? [], a.nso),
    order: 0,
  }))
  .sort(byName)
  .map((a, i) => ({ ...a, order: i + 2 }));

const places = [capital, ...aimags].map((p) => placeSchema.parse(p));
const ids = places.map((p) => p.id);
if (new Set(ids).size !== ids.length) throw new Error('duplicate place codes');

const options = (await prettier.resolveConfig(OUT)) ?? {};
await writeFile(OUT, await prettier.format(JSON.stringify(places), { ...options, filepath: OUT }));

const soumCount = places.reduce((n, p) => n + p.soums.length, 0);
const withoutSoums = places.filter((p) => p.soums.length === 0).length;
console.log(
  `Wrote ${path.relative(ROOT, OUT)}: ${places.length} places (1 capital, ${aimags.length} aimags), ` +
    `${soumCount} soums and districts; ${withoutSoums} aimags have no soum list yet.`,
);
