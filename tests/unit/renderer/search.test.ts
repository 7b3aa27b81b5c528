import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../../src-shared/rules/search-fold.js';
import { ContentSearch, articleDoc, serviceDoc } from '../../../src-renderer/search/content-search.js';
import type { Service } from '../../../src-shared/schemas/content.js';
import type { LawArticle } from '../../../src-shared/schemas/law.js';

const text = (mn: string, en?: string) => (en ? { mn, en } : { mn });
function service(id: string, title: string, description = 'Лавлагаа авах'): Service {
  return {
    id,
    category: 'civil',
    agency: text('Улсын бүртгэлийн ерөнхий газар'),
    title: text(title),
    description: text(description),
    documents: [],
    feeMnt: 0,
    processingTime: text('Тэр дор нь'),
    whereToApply: text('Сумын ЗДТГ'),
  };
}
function article(lawId: string, number: number, title: string, body: string): LawArticle {
  return {
    id: `${lawId}.${number}`,
    lawId,
    number,
    chapter: 1,
    title: text(title),
    paragraphs: [{ number: `${number}.1`, text: text(body), items: [] }],
    changedInVersion: 1,
    earlier: [],
  };
}

describe('foldTerm', () => {
  it('brings Latin spellings of Mongolian and the Cyrillic together', () => {
    for (const group of [
      ['hovsgol', 'khuvsgul', 'Хөвсгөл', 'Hövsgöl', 'xovsgol'],
      ['ulaanbaatar', 'Улаанбаатар', 'ulanbaatar'],
      ['tsetserleg', 'Цэцэрлэг', 'cecerleg'],
      ['bayan-ulgii', 'Баян-Өлгий', 'bayan-olgii', 'Bayan-Ölgii'],
      ['zhargal', 'jargal', 'Жаргал'],
      ['shiljilt', 'Шилжилт'],
    ]) {
      expect(new Set(group.map(foldTerm)).size, group.join(' / ')).toBe(1);
    }
  });

  it('folds Kazakh letters too', () => {
    expect(foldTerm('Өлгий сұмы')).toBe(foldTerm('Өлгий сумы'));
    expect(foldTerm('Қазақ')).toBe(foldTerm('казак'));
  });
});

describe('ContentSearch', () => {
  function index(): ContentSearch {
    const s = new ContentSearch();
    s.addAll([
      serviceDoc(service('hovsgol-land', 'Хөвсгөл аймгийн газар өмчлөлийн бүртгэл')),
      serviceDoc(service('birth-ref', 'Төрсний бүртгэлийн лавлагаа')),
      serviceDoc(service('migration', 'Шилжилт хөдөлгөөний бүртгэл')),
      articleDoc(
        article(
          'petitions-law',
          12,
          'Өргөдөл, гомдлыг шийдвэрлэх хугацаа',
          'Өргөдөл, гомдлыг 30 хоногийн дотор шийдвэрлэнэ.',
        ),
      ),
      articleDoc(article('pasture-law', 3, 'Бэлчээрийн ашиглалт', 'Малчдын бүлэг бэлчээрийг хамтран ашиглана.')),
    ]);
    return s;
  }

  it('finds Хөвсгөл from Latin spellings, with prefixes and a typo', () => {
    const s = index();
    for (const q of ['hovsgol', 'khuvsgul', 'Хөвсгөл', 'hovsg', 'Хөвсг', 'hovsgul', 'khovsgol']) {
      expect(
        s.search(q).map((h) => h.ref),
        q,
      ).toContain('hovsgol-land');
    }
  });

  it('finds law articles by words in their text, and can keep to one law', () => {
    const s = index();
    expect(s.search('shiidverlene').map((h) => h.ref)).toEqual(['petitions-law.12']);
    expect(s.search('бэлчээр', { kind: 'article' }).map((h) => h.ref)).toEqual(['pasture-law.3']);
    expect(s.search('bulge', { lawId: 'petitions-law' })).toEqual([]);
  });

  it('updates incrementally: replaced and deleted entities', () => {
    const s = index();
    s.apply([{ type: 'service', id: 'birth-ref', op: 'delete' }]);
    expect(s.search('төрсний')).toEqual([]);
    s.apply([{ type: 'service', id: 'migration', op: 'put', entity: service('migration', 'Хаяг солих бүртгэл') }]);
    expect(s.search('шилжилт')).toEqual([]);
    expect(s.search('hayag').map((h) => h.ref)).toEqual(['migration']);
    expect(s.size).toBe(4);
  });

  it('an empty or punctuation-only query finds nothing instead of everything', () => {
    expect(index().search('  ,. ')).toEqual([]);
  });
});
