import { describe, expect, it } from 'vitest';
import { importOcds, mergeOcds } from '../../../src-server/open-data/ocds.js';
import {
  importAccountPayments,
  importBudgetLines,
  importCrimeCounts,
  importDeclarations,
  importHearings,
} from '../../../src-server/open-data/csv-datasets.js';
import {
  importBoundaries,
  importEnvironmentNotices,
  importLicences,
  importProtectedAreas,
} from '../../../src-server/open-data/geojson-datasets.js';
import { importIati } from '../../../src-server/open-data/iati.js';
import { readCsvRows } from '../../../src-server/util/csv-read.js';

const context = {
  source: { url: 'https://opendata.example.mn/set', takenOn: '2026-11-20' },
  ratesToMnt: { USD: 3400 },
};
const file = (name: string, text: string) => ({ name, text });

describe('CSV reading', () => {
  it('reads quoted commas, quotes and line breaks, a BOM and CRLF', () => {
    const rows = readCsvRows('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['last', ''],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });
  it('refuses an unclosed quote and text after a closing quote', () => {
    expect(() => readCsvRows('a,"b\n')).toThrow(/never closed/);
    expect(() => readCsvRows('a,"b"c\n')).toThrow(/after a closing quote/);
  });
});

const release = (over: Record<string, unknown>) => ({
  ocid: 'ocds-mn-0001',
  id: 'r1',
  date: '2026-02-01T09:00:00+08:00',
  tag: ['tender'],
  buyer: { id: 'b1', name: 'Өлгий сумын Засаг даргын Тамгын газар' },
  parties: [
    {
      id: 'b1',
      name: 'Өлгий сумын Засаг даргын Тамгын газар',
      address: { region: '83', locality: '8301' },
      roles: ['buyer'],
    },
    { id: 's1', name: 'Алтай Зам ХХК', roles: ['supplier'] },
  ],
  tender: {
    id: 't1',
    title: 'Сургуулийн барилгын засвар',
    procurementMethod: 'open',
    tenderPeriod: { startDate: '2026-02-01' },
  },
  ...over,
});

describe('procurement (OCDS)', () => {
  it('merges releases of one ocid in date order, arrays of objects by id', () => {
    expect(mergeOcds({ a: [{ id: 1, x: 1 }], b: 1 }, { a: [{ id: 1, y: 2 }, { id: 2 }], b: null })).toEqual({
      a: [{ id: 1, x: 1, y: 2 }, { id: 2 }],
    });
    const packageJson = {
      releases: [
        release({
          id: 'r3',
          date: '2026-05-01',
          tag: ['contractImplementation'],
          contracts: [
            {
              id: 'c1',
              value: { amount: 120_000_000, currency: 'MNT' },
              implementation: { transactions: [{ id: 'p2', date: '2026-06-01', value: { amount: 40_000_000 } }] },
            },
          ],
        }),
        release({}),
        release({
          id: 'r2',
          date: '2026-03-10',
          tag: ['award', 'contract'],
          awards: [
            {
              id: 'a1',
              date: '2026-03-10',
              value: { amount: 120_000_000, currency: 'MNT' },
              suppliers: [{ id: 's1' }],
            },
          ],
          contracts: [
            {
              id: 'c1',
              dateSigned: '2026-03-20',
              status: 'active',
              value: { amount: 120_000_000, currency: 'MNT' },
              implementation: { transactions: [{ id: 'p1', date: '2026-04-01', value: { amount: 60_000_000 } }] },
              milestones: [{ id: 'm1', title: 'Дээврийн ажил', dueDate: '2026-07-01', status: 'scheduled' }],
            },
          ],
        }),
      ],
    };
    const result = importOcds([file('ocds.json', JSON.stringify(packageJson))], context);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(1);
    const contract = result.records[0]!;
    expect(contract).toMatchObject({
      ocid: 'ocds-mn-0001',
      aimag: '83',
      soum: '8301',
      stage: 'implementation',
      value: 120_000_000,
      suppliers: ['Алтай Зам ХХК'],
      awardDate: '2026-03-10',
      contractDate: '2026-03-20',
      method: 'open',
      source: context.source,
    });
    expect(contract.payments).toEqual([
      { date: '2026-04-01', amount: 60_000_000 },
      { date: '2026-06-01', amount: 40_000_000 },
    ]);
    expect(contract.milestones).toEqual([{ title: 'Дээврийн ажил', dueDate: '2026-07-01', status: 'scheduled' }]);
  });

  it('reads a record package, keeps ≥ 80,000,000 ₮ only, and names every problem', () => {
    const records = {
      records: [
        {
          ocid: 'ocds-mn-small',
          compiledRelease: release({ ocid: 'ocds-mn-small', awards: [{ id: 'a', value: { amount: 79_999_999 } }] }),
        },
        {
          ocid: 'ocds-mn-usd',
          compiledRelease: release({
            ocid: 'ocds-mn-usd',
            awards: [{ id: 'a', value: { amount: 50_000, currency: 'USD' } }],
          }),
        },
        { ocid: 'ocds-mn-nowhere', compiledRelease: release({ ocid: 'ocds-mn-nowhere', parties: [] }) },
        { ocid: 'ocds-mn-linked', releases: [{ url: 'https://x/r.json' }] },
        {
          ocid: 'ocds-mn-big',
          compiledRelease: release({ ocid: 'ocds-mn-big', awards: [{ id: 'a', value: { amount: '80 000 000' } }] }),
        },
      ],
    };
    const result = importOcds([file('records.json', JSON.stringify(records))], context);
    expect(result.records.map((r) => r.id)).toEqual(['ocds-mn-big']);
    expect(result.leftOut).toEqual({ 'below 80,000,000 ₮': 1 });
    expect(result.problems).toEqual([
      { file: 'records.json', record: 'ocds-mn-linked', field: 'releases', message: expect.stringContaining('linked') },
      {
        file: 'records.json',
        record: 'ocds-mn-nowhere',
        field: 'parties.buyer.address.region',
        message: expect.any(String),
      },
      {
        file: 'records.json',
        record: 'ocds-mn-usd',
        field: 'awards[0].value',
        message: expect.stringContaining('USD'),
      },
    ]);
    expect(result.unreadable).toEqual([]);
  });

  it('reports a file that is not JSON or not a package as unreadable', () => {
    const result = importOcds([file('a.json', '{"releases": [}'), file('b.json', '{"data": []}')], context);
    expect(result.unreadable).toEqual(['a.json', 'b.json']);
    expect(result.problems.every((p) => p.record === null)).toBe(true);
  });
});

describe('budget and Transparent Account (CSV)', () => {
  it('reads approved and executed lines and names a bad number by line and field', () => {
    const csv = [
      'year,aimag,soum,organisation,economic_code,economic_name,approved,executed',
      '2026,83,8301,Өлгий сумын ЗДТГ,2.1.2,"Бараа, үйлчилгээ",120 500 000,98 000 000',
      '2026,Баян-Өлгий,,Аймгийн ЗДТГ,3.1,Хөрөнгө оруулалт,"1,200,000,000",0',
      '2026,83,9901,Буруу сум,2.1.2,x,1,1',
      '2026,83,8301,Өлгий сумын ЗДТГ,2.1.3,Шилжүүлэг,арван,5',
    ].join('\n');
    const result = importBudgetLines([file('budget.csv', csv)], context);
    expect(result.records.map((r) => [r.aimag, r.soum, r.approved, r.executed])).toEqual([
      ['83', '8301', 120_500_000, 98_000_000],
      ['83', null, 1_200_000_000, 0],
    ]);
    expect(result.problems).toEqual([
      { file: 'budget.csv', record: 'line 4', field: 'soum', message: expect.any(String) },
      { file: 'budget.csv', record: 'line 5', field: 'approved', message: expect.any(String) },
    ]);
  });

  it('leaves out salaries and payments of 5,000,000 ₮ or less', () => {
    const csv = [
      'id,date,aimag,soum,organisation,payee,purpose,economic_code,amount',
      'ta-1,2026-10-02,83,8301,Өлгий сумын ЗДТГ,Алтай Зам ХХК,Замын засвар,2.1.2,12 000 000',
      'ta-2,2026-10-03,83,8301,Өлгий сумын ЗДТГ,Ажилтнууд,Цалин,2.1.1.1,40 000 000',
      'ta-3,2026-10-04,83,8301,Өлгий сумын ЗДТГ,Дэлгүүр,Бичиг хэрэг,2.1.2,5 000 000',
    ].join('\r\n');
    const result = importAccountPayments([file('account.csv', csv)], context);
    expect(result.records.map((r) => r.id)).toEqual(['ta-1']);
    expect(result.leftOut).toEqual({ 'salaries (2.1.1)': 1, '5,000,000 ₮ or less': 1 });
  });

  it('reports a CSV without its columns or with a row of the wrong width as unreadable', () => {
    const missing = importBudgetLines([file('x.csv', 'year,aimag\n2026,83\n')], context);
    expect(missing.unreadable).toEqual(['x.csv']);
    expect(missing.problems[0]!.message).toMatch(/lacks column/);
    const ragged = importAccountPayments(
      [file('y.csv', 'id,date,aimag,soum,organisation,payee,purpose,economic_code,amount\nta,2026-01-01,83\n')],
      context,
    );
    expect(ragged.unreadable).toEqual(['y.csv']);
    expect(ragged.problems[0]!.message).toMatch(/line 2/);
  });
});

describe('crime counts', () => {
  it('suppresses counts of 1–4 and keeps zero', () => {
    const csv = [
      'aimag,soum,month,crime,count',
      '83,8301,2026-09,Хулгай,12',
      '83,8337,2026-09,Хулгай,3',
      '83,8337,2026-09,Дээрэм,0',
      '83,,2026-13,Хулгай,4',
    ].join('\n');
    const result = importCrimeCounts([file('crime.csv', csv)], context);
    expect(result.records.map((r) => [r.soum, r.crime, r.count])).toEqual([
      ['8301', 'Хулгай', 12],
      ['8337', 'Дээрэм', 0],
      ['8337', 'Хулгай', null],
    ]);
    expect(result.problems).toEqual([
      { file: 'crime.csv', record: 'line 5', field: 'month', message: expect.any(String) },
    ]);
  });
});

describe('officials’ declarations', () => {
  it('keeps only the public fields, and names the columns dropped', () => {
    const csv = [
      'id,name,register,position,organisation,year,income,real_estate_count,real_estate_value,vehicle_count,vehicle_value,home_address,spouse,aimag,soum',
      'd-1,Б. Серик,ББ88010112,Засаг дарга,Өлгий сумын ЗДТГ,2025,36 000 000,1,150 000 000,1,40 000 000,"Өлгий, 3-р баг",Г. Айгүл,83,8301',
    ].join('\n');
    const result = importDeclarations([file('decl.csv', csv)], context);
    expect(result.records).toHaveLength(1);
    const text = JSON.stringify(result.records);
    for (const secret of ['ББ88010112', '3-р баг', 'Айгүл']) expect(text).not.toContain(secret);
    expect(result.droppedFields).toEqual(['home_address', 'register', 'spouse']);
    expect(result.records[0]).toMatchObject({ income: 36_000_000, realEstateCount: 1, vehicleValue: 40_000_000 });
  });
});

describe('public hearings', () => {
  it('reads hearings and refuses a date that is not one', () => {
    const csv = [
      'id,aimag,soum,organiser,topic,starts_at,place,how_to_take_part,result',
      'h-1,83,8301,Сумын ИТХ,Төсвийн төсөл,2026-12-15T10:00:00,Соёлын төв,Биечлэн ирэх эсвэл ТҮЦ-ээр бүртгүүлэх,',
      'h-2,83,8301,Сумын ИТХ,Замын төлөвлөгөө,маргааш,Соёлын төв,Биечлэн,',
    ].join('\n');
    const result = importHearings([file('hearings.csv', csv)], context);
    expect(result.records.map((r) => [r.id, r.result])).toEqual([['h-1', null]]);
    expect(result.problems).toEqual([
      { file: 'hearings.csv', record: 'line 3', field: 'startsAt', message: expect.any(String) },
    ]);
  });
});

const square = (lon: number, lat: number, d = 0.1) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

describe('licences, notices and protected areas (GeoJSON)', () => {
  it('reads licence areas and names a bad geometry or kind', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square(89.9, 48.9),
          properties: {
            id: 'MV-021345',
            licence_number: 'MV-021345',
            holder: 'Алтан Толгой ХХК',
            kind: 'mining',
            status: 'active',
            commodities: 'алт; мөнгө',
            area_ha: 1250.5,
            granted: '2019-05-01',
            expires: '2049-05-01',
            aimag: '83',
            soums: ['8301', '8331'],
          },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [1, 2] },
          properties: {
            id: 'XV-1',
            aimag: '83',
            licence_number: 'XV-1',
            holder: 'x',
            kind: 'mining',
            status: 'active',
            area_ha: 1,
          },
        },
        {
          type: 'Feature',
          geometry: square(90, 49),
          properties: {
            id: 'XV-2',
            aimag: '83',
            licence_number: 'XV-2',
            holder: 'x',
            kind: 'gold',
            status: 'active',
            area_ha: 1,
          },
        },
      ],
    };
    const result = importLicences([file('licences.geojson', JSON.stringify(collection))], context);
    expect(result.records.map((r) => [r.id, r.soum, r.commodities])).toEqual([['MV-021345', '8301', ['алт', 'мөнгө']]]);
    expect(result.problems.map((p) => [p.record, p.field])).toEqual([
      ['XV-1', 'geometry.type'],
      ['XV-2', 'kind'],
    ]);
  });

  it('reads environment notices and protected areas, and refuses what is not a FeatureCollection', () => {
    const notices = importEnvironmentNotices(
      [
        file(
          'notices.geojson',
          JSON.stringify({
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                geometry: null,
                properties: {
                  id: 'n-1',
                  aimag: 'Bayan-Ölgii',
                  soum: '8337',
                  title: 'Цэнгэлийн уурхайн БОНБҮ',
                  proponent: 'Цэнгэл Майнинг',
                  kind: 'assessment',
                  published: '2026-11-01',
                  comments_until: '2026-12-01',
                  summary: 'Нарийвчилсан үнэлгээ',
                },
              },
            ],
          }),
        ),
      ],
      context,
    );
    expect(notices.records.map((r) => [r.aimag, r.soum, r.geometry])).toEqual([['83', '8337', null]]);
    const areas = importProtectedAreas([file('areas.geojson', '{"type":"Feature"}')], context);
    expect(areas.unreadable).toEqual(['areas.geojson']);
  });
});

const activity = (id: string, body: string) =>
  `<iati-activity default-currency="USD"><iati-identifier>${id}</iati-identifier>${body}</iati-activity>`;

describe('aimag outlines and soum borders (GeoJSON)', () => {
  const border = (soum: string, extra: Record<string, unknown> = {}, geometry: unknown = square(89.9, 48.9)) => ({
    type: 'Feature',
    geometry,
    properties: {
      id: soum ? `soum-${soum}` : 'aimag-83',
      aimag: '83',
      soum,
      name: 'Өлгий',
      centre: [89.95, 48.95],
      ...extra,
    },
  });

  it('reads the outline (no soum) and the soums, and a second read gives the same records', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [border(''), border('8301')] });
    const result = importBoundaries([file('boundaries.geojson', text)], context);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.id, r.level, r.soum, r.centre])).toEqual([
      ['aimag-83', 'aimag', null, [89.95, 48.95]],
      ['soum-8301', 'soum', '8301', [89.95, 48.95]],
    ]);
    expect(result.records[1]!.source).toEqual(context.source);
    expect(importBoundaries([file('boundaries.geojson', text)], context).records).toEqual(result.records);
  });

  it('names a soum of another aimag, a missing centre, a point for a border and a bad ring', () => {
    const features = [
      border('4401'),
      border('8304', { centre: undefined }),
      border('8307', {}, { type: 'Point', coordinates: [89, 48] }),
      border(
        '8310',
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [89, 48],
              [90, 48],
              [89, 48],
            ],
          ],
        },
      ),
      border('8313', { centre: [200, 48] }),
    ];
    const result = importBoundaries(
      [file('boundaries.geojson', JSON.stringify({ type: 'FeatureCollection', features }))],
      context,
    );
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => [p.file, p.record, p.field])).toEqual([
      ['boundaries.geojson', 'soum-4401', 'properties.soum'],
      ['boundaries.geojson', 'soum-8304', 'centre'],
      ['boundaries.geojson', 'soum-8307', 'geometry.type'],
      ['boundaries.geojson', 'soum-8310', 'geometry.coordinates.0'],
      ['boundaries.geojson', 'soum-8313', 'centre.0'],
    ]);
  });

  it('publishes nothing from a file that is not a FeatureCollection', () => {
    const result = importBoundaries([file('boundaries.geojson', '[1, 2')], context);
    expect(result.unreadable).toEqual(['boundaries.geojson']);
    expect(result.records).toEqual([]);
  });
});

describe('foreign-loan projects and resource agreements (IATI 2.03 XML)', () => {
  it('reads activities, converts the budget with the given rate, and names problems', () => {
    const xml = `<?xml version="1.0"?><iati-activities version="2.03">
      ${activity(
        'XM-DAC-46004-53001',
        `<reporting-org ref="XM-DAC-46004"><narrative>Азийн хөгжлийн банк</narrative></reporting-org>
        <title><narrative xml:lang="en">Western road</narrative><narrative xml:lang="mn">Баруун бүсийн зам</narrative></title>
        <participating-org role="4"><narrative>Зам, тээврийн хөгжлийн яам</narrative></participating-org>
        <activity-status code="2"/>
        <activity-date type="2" iso-date="2024-03-01"/><activity-date type="3" iso-date="2028-12-31"/>
        <location><administrative vocabulary="99" level="1" code="83"/><administrative vocabulary="99" level="2" code="8328"/></location>
        <default-finance-type code="410"/>
        <budget><value currency="USD" value-date="2024-01-01">30000000</value></budget>
        <budget><value value-date="2025-01-01">20000000</value></budget>`,
      )}
      ${activity('XM-TAG-1', `<title><narrative>Гэрээ</narrative></title><reporting-org><narrative>Уул уурхайн яам</narrative></reporting-org><activity-status code="2"/><tag vocabulary="99" code="resource-agreement"/><location><administrative level="1" code="83"/></location>`)}
      ${activity('XM-NOWHERE', `<title><narrative>Хаана ч биш</narrative></title><reporting-org><narrative>x</narrative></reporting-org><activity-status code="1"/>`)}
      ${activity('XM-BAD', `<title><narrative>Муу</narrative></title><reporting-org><narrative>x</narrative></reporting-org><activity-status code="1"/><location><administrative level="1" code="83"/></location><budget><value>олон</value></budget>`)}
    </iati-activities>`;
    const result = importIati([file('iati.xml', xml)], context);
    expect(result.records.map((r) => [r.id, r.kind, r.title, r.budgetMnt, r.start, r.end, r.soum])).toEqual([
      [
        'XM-DAC-46004-53001',
        'foreign-loan',
        'Баруун бүсийн зам',
        50_000_000 * 3400,
        '2024-03-01',
        '2028-12-31',
        '8328',
      ],
      ['XM-TAG-1', 'resource-agreement', 'Гэрээ', null, null, null, null],
    ]);
    expect(result.problems.map((p) => [p.record, p.field])).toEqual([
      ['XM-NOWHERE', 'location.administrative[@level=1]'],
      ['XM-BAD', 'budget[0].value'],
    ]);
  });

  it('reports XML that is not well formed or not IATI as unreadable', () => {
    const result = importIati(
      [file('a.xml', '<iati-activities><iati-activity></iati-activities>'), file('b.xml', '<rss/>')],
      context,
    );
    expect(result.unreadable).toEqual(['a.xml', 'b.xml']);
  });
});
