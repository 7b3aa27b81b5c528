import { describe, expect, it } from 'vitest';
import type { AccountPayment, BudgetLine, Contract, Declaration } from '../../../src-shared/schemas/open-data.js';
import {
  barScale,
  budgetView,
  compareCodes,
  distinctSources,
  executedPercent,
  publishedPayments,
} from '../../../src-renderer/core/open-data/budget.js';
import { contractStory, indexContracts, searchContracts } from '../../../src-renderer/core/open-data/contracts.js';
import { indexDeclarations, searchDeclarations } from '../../../src-renderer/core/open-data/declarations.js';
import { openDataPrintRequest } from '../../../src-renderer/core/open-data/print.js';
import { printTextRequestSchema } from '../../../src-shared/bridge-contract.js';

const source = { url: 'https://shilendans.gov.mn/', takenOn: '2026-11-20' };
const place = { aimag: '83', soum: '8301', source };

function line(over: Partial<BudgetLine>): BudgetLine {
  return {
    id: `b-${Math.random()}`,
    ...place,
    year: 2026,
    organisation: 'Өлгий сумын ЗДТГ',
    economicCode: '2.1.1',
    economicName: 'Цалин хөлс',
    approved: 100,
    executed: 50,
    ...over,
  };
}

describe('where the money goes (budget view)', () => {
  it('sums approved and spent of the newest year, by organisation and by economic code', () => {
    const view = budgetView([
      line({ approved: 1_000, executed: 600 }),
      line({ economicCode: '2.1.10', economicName: 'Бусад', approved: 500, executed: 500 }),
      line({ economicCode: '2.1.2', economicName: 'Бараа, үйлчилгээ', approved: 500, executed: 100 }),
      line({ organisation: 'Өлгий сумын сургууль', approved: 3_000, executed: 1_000 }),
      line({ year: 2025, approved: 9_999, executed: 9_999 }),
    ])!;
    expect(view.year).toBe(2026);
    expect(view.approved).toBe(5_000);
    expect(view.executed).toBe(2_200);
    expect(view.percent).toBe(44);
    // Organisations: the largest approved first.
    expect(view.byOrganisation.map((r) => [r.key, r.approved, r.executed, r.percent])).toEqual([
      ['Өлгий сумын сургууль', 3_000, 1_000, 33],
      ['Өлгий сумын ЗДТГ', 2_000, 1_200, 60],
    ]);
    // Economic codes in the budget law's order: 2.1.10 after 2.1.2.
    expect(view.byEconomic.map((r) => r.key)).toEqual(['2.1.1', '2.1.2', '2.1.10']);
    expect(view.byEconomic[0]).toMatchObject({ label: 'Цалин хөлс', approved: 4_000, executed: 1_600, percent: 40 });
  });

  it('a chosen year, no year, nothing approved', () => {
    expect(budgetView([line({ year: 2025 }), line({})], 2025)!.year).toBe(2025);
    expect(budgetView([])).toBeNull();
    expect(budgetView([line({})], 2024)).toBeNull();
    expect(executedPercent(0, 10)).toBeNull();
    expect(executedPercent(3, 2)).toBe(67);
  });

  it('codes compare part by part; bars share one scale', () => {
    expect(['3.1.1', '2.2.1', '2.1.10', '2.1.9'].sort(compareCodes)).toEqual(['2.1.9', '2.1.10', '2.2.1', '3.1.1']);
    const scale = barScale(
      budgetView([line({ approved: 200, executed: 50 }), line({ organisation: 'Б', approved: 100 })])!.byOrganisation,
    );
    expect(scale(200)).toBe(1);
    expect(scale(50)).toBe(0.25);
    expect(barScale([])(10)).toBe(0);
  });

  it('names each source once, the newest first', () => {
    const older = { url: 'https://old.example.mn/', takenOn: '2026-01-01' };
    expect(distinctSources([line({}), line({}), line({ source: older })])).toEqual([source, older]);
  });

  it('the Transparent Account shows payments above 5,000,000 ₮ only, newest and largest first', () => {
    const pay = (id: string, date: string, amount: number): AccountPayment => ({
      id,
      ...place,
      date,
      organisation: 'Өлгий сумын ЗДТГ',
      payee: 'Алтай Зам ХХК',
      purpose: 'Зам',
      amount,
    });
    const shown = publishedPayments([
      pay('a', '2026-05-01', 5_000_000),
      pay('b', '2026-05-01', 9_000_000),
      pay('c', '2026-06-01', 6_000_000),
      pay('d', '2026-05-01', 12_000_000),
    ]);
    expect(shown.map((p) => p.id)).toEqual(['c', 'd', 'b']);
  });
});

function contract(over: Partial<Contract>): Contract {
  return {
    id: 'c1',
    ...place,
    soum: null,
    ocid: 'ocds-1',
    buyer: 'Баян-Өлгий аймгийн ЗДТГ',
    title: 'Өлгий сумын 2-р сургуулийн засвар',
    method: 'open',
    stage: 'implementation',
    status: 'active',
    value: 120_000_000,
    suppliers: ['Алтай Зам ХХК'],
    tenderDate: '2026-03-01',
    awardDate: '2026-04-01',
    contractDate: '2026-04-10',
    payments: [],
    milestones: [],
    ...over,
  };
}

describe('contracts', () => {
  const index = indexContracts([
    contract({}),
    contract({
      id: 'c2',
      title: 'Эмнэлгийн тоног төхөөрөмж',
      buyer: 'Аймгийн нэгдсэн эмнэлэг',
      contractDate: '2026-06-01',
      suppliers: ['Мед Трейд ХХК'],
    }),
    contract({ id: 'c3', title: 'Зам засвар', value: 300_000_000, contractDate: '2026-06-01', suppliers: [] }),
  ]);

  it('lists newest first, then the largest; an empty query lists all', () => {
    expect(searchContracts(index, '').map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
  });

  it('finds by words of the title, the buyer or a supplier, in Cyrillic or Latin', () => {
    expect(searchContracts(index, 'сургууль').map((c) => c.id)).toEqual(['c1']);
    expect(searchContracts(index, 'эмнэлэг').map((c) => c.id)).toEqual(['c2']);
    expect(searchContracts(index, 'мед трейд').map((c) => c.id)).toEqual(['c2']);
    expect(searchContracts(index, 'surguuli').map((c) => c.id)).toEqual(['c1']);
    expect(searchContracts(index, 'засвар').map((c) => c.id)).toEqual(['c3', 'c1']);
    expect(searchContracts(index, 'засвар сургууль').map((c) => c.id)).toEqual(['c1']);
    expect(searchContracts(index, 'тракторын')).toEqual([]);
    // One letter asks for nothing (it would match nearly everything).
    expect(searchContracts(index, 'з')).toEqual([]);
  });

  it('tells the story from tender to payments, with the running total paid', () => {
    const story = contractStory(
      contract({
        payments: [
          { date: '2026-06-10', amount: 40_000_000 },
          { date: '2026-05-10', amount: 20_000_000 },
        ],
        milestones: [
          { title: 'Хүлээлгэн өгөх', dueDate: null, status: 'scheduled' },
          { title: 'Ажил эхлэх', dueDate: '2026-05-10', status: 'met' },
        ],
      }),
    );
    expect(story.steps.map((s) => s.kind)).toEqual([
      'tender',
      'award',
      'contract',
      'milestone',
      'payment',
      'payment',
      'milestone',
    ]);
    expect(story.steps[4]).toEqual({ kind: 'payment', date: '2026-05-10', amount: 20_000_000, paidSoFar: 20_000_000 });
    expect(story.steps[5]).toMatchObject({ paidSoFar: 60_000_000 });
    expect(story.paid).toBe(60_000_000);
    expect(story.paidPercent).toBe(50);
  });

  it('a contract known only at tender has one step and nothing paid', () => {
    const story = contractStory(contract({ stage: 'tender', awardDate: null, contractDate: null, suppliers: [] }));
    expect(story.steps).toEqual([{ kind: 'tender', date: '2026-03-01', method: 'open' }]);
    expect(story.paidPercent).toBe(0);
  });
});

describe('declarations', () => {
  const d = (id: string, name: string, organisation: string, year = 2025): Declaration => ({
    id,
    ...place,
    name,
    position: 'Засаг дарга',
    organisation,
    year,
    income: 50_000_000,
    realEstateCount: 1,
    realEstateValue: 200_000_000,
    vehicleCount: 1,
    vehicleValue: 40_000_000,
  });
  const index = indexDeclarations(
    [
      d('1', 'Б. Нарантуяа', 'Өлгий сумын ЗДТГ'),
      d('2', 'Ж. Асхат', 'Сагсай сумын ЗДТГ'),
      d('3', 'Б. Нарантуяа', 'Өлгий сумын ЗДТГ', 2024),
    ],
    new Intl.Collator('mn'),
  );

  it('finds by name or organisation; nothing before a word is typed', () => {
    expect(searchDeclarations(index, '')).toEqual([]);
    expect(searchDeclarations(index, 'нарантуяа').map((x) => x.id)).toEqual(['1', '3']);
    expect(searchDeclarations(index, 'сагсай').map((x) => x.id)).toEqual(['2']);
    expect(searchDeclarations(index, 'askhat').map((x) => x.id)).toEqual(['2']);
    expect(searchDeclarations(index, 'засаг').length).toBe(3);
  });
});

describe('the printed summary', () => {
  it('is a valid text print: the lines, then the source, with a QR to it', () => {
    const request = openDataPrintRequest(
      {
        section: 'budget',
        title: 'Төсвийн гүйцэтгэл',
        heading: 'Сумын төсөв',
        lines: ['Сумын 2026 оны төсвийн 57 хувь нь зарцуулагдсан.', ''],
        sourceUrl: 'https://shilendans.gov.mn/öлгий',
        sourceLine: 'Эх сурвалж: https://shilendans.gov.mn/',
      },
      'mn',
    );
    expect(request.paragraphs).toEqual([
      'Сумын 2026 оны төсвийн 57 хувь нь зарцуулагдсан.',
      'Эх сурвалж: https://shilendans.gov.mn/',
    ]);
    expect(request.url).toBe('https://shilendans.gov.mn/%C3%B6%D0%BB%D0%B3%D0%B8%D0%B9');
    expect(printTextRequestSchema.safeParse(request).success).toBe(true);
  });
});
