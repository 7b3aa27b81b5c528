// Builds assets/demo-open-data/: the action plan's open datasets for two aimags, Bayan-Ölgii (83)
// and Dornogovi (44, the reference data's other full soum list), plus a national summary, in the
// formats the importers read (OCDS JSON, CSV, GeoJSON, IATI XML). Made for the project: every
// person, company and figure is invented; only the places and the shapes are real. Deterministic.
// Run: npx tsx scripts/generate-open-data.ts
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { placeSchema } from '../src-shared/schemas/content.js';
import { cells, outline, wiggle, type Point } from './boundary-shapes.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'assets/demo-open-data');

/** mulberry32: a small seeded generator, so the files are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(19);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
const round = (n: number, step: number) => Math.round(n / step) * step;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const csv = (rows: readonly (readonly (string | number)[])[]) =>
  rows
    .map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(','))
    .join('\n') + '\n';

interface Aimag {
  code: string;
  name: string;
  centre: string;
  /** Rough bounding box [west, south, east, north]. */
  box: [number, number, number, number];
  given: string[];
  fathers: string[];
  companies: string[];
  commodities: string[][];
  protectedAreas: [string, string, number][];
}

const AIMAGS: Aimag[] = [
  {
    code: '83',
    name: 'Баян-Өлгий',
    centre: 'Өлгий',
    box: [87.8, 47.9, 91.4, 50.2],
    given: [
      'Айдос',
      'Ержан',
      'Бакыт',
      'Серик',
      'Гүлнар',
      'Айгүл',
      'Асхат',
      'Дана',
      'Нурлан',
      'Сауле',
      'Марат',
      'Жанар',
    ],
    fathers: ['Б', 'С', 'Т', 'А', 'К', 'М', 'Н', 'Е', 'Ж', 'Д'],
    companies: [
      'Алтай Зам',
      'Цэнгэл Майнинг',
      'Көк Төбе',
      'Хөх Сэрх Трейд',
      'Бугат Барилга',
      'Ақ Бұлақ',
      'Толбо Нуур Ресурс',
      'Сагсай Сүүн',
    ],
    commodities: [['алт'], ['гянтболд'], ['вольфрам', 'молибден'], ['зэс'], ['нүүрс'], ['барилгын материал']],
    protectedAreas: [
      ['Алтай Таван Богд', 'national-park', 636_161],
      ['Цамбагарав уул', 'national-park', 111_000],
      ['Сийлхэмийн нуруу', 'national-park', 140_080],
      ['Дэвэлийн арал', 'nature-reserve', 10_000],
    ],
  },
  {
    code: '44',
    name: 'Дорноговь',
    centre: 'Сайншанд',
    box: [108.0, 42.6, 112.4, 45.4],
    given: [
      'Батбаяр',
      'Оюунчимэг',
      'Ганбаатар',
      'Сарантуяа',
      'Мөнхбат',
      'Энхтуяа',
      'Төмөрбаатар',
      'Нарантуяа',
      'Болд',
      'Цэцэг',
      'Эрдэнэ',
      'Алтанцэцэг',
    ],
    fathers: ['Б', 'Д', 'Г', 'Ц', 'Н', 'О', 'Э', 'Ч', 'Ж', 'Л'],
    companies: [
      'Говийн Зам',
      'Замын-Үүд Логистик',
      'Сайншанд Барилга',
      'Зүүнбаян Ойл',
      'Хөвсгөл Уран',
      'Говь Ус Шийдэл',
      'Эрдэнэ Цахилгаан',
      'Тал Нутаг',
    ],
    commodities: [['уран'], ['флюорит'], ['нүүрс'], ['газрын тос'], ['зэс', 'алт'], ['барилгын материал']],
    protectedAreas: [
      ['Их Нарт', 'nature-reserve', 66_000],
      ['Говийн бага', 'strict', 1_839_176],
      ['Шамбалын бүс', 'local', 8_000],
    ],
  },
];

const ECONOMIC: [string, string][] = [
  ['2.1.1', 'Цалин хөлс'],
  ['2.1.2', 'Бараа, үйлчилгээ'],
  ['2.1.3', 'Тэтгэмж, урамшуулал'],
  ['2.1.4', 'Нийгмийн даатгалын шимтгэл'],
  ['2.1.5', 'Гэрэл, цахилгаан, түлш'],
  ['2.2.1', 'Урсгал шилжүүлэг'],
  ['2.3.1', 'Засвар, үйлчилгээ'],
  ['3.1.1', 'Барилга байгууламж'],
  ['3.1.2', 'Тоног төхөөрөмж'],
  ['3.1.3', 'Зам, гүүр'],
];
const CRIMES = [
  'Хулгай',
  'Залилан',
  'Танхайрах',
  'Гэмт хэргийн шинжтэй хүчирхийлэл',
  'Мал хулгай',
  'Замын хөдөлгөөний осол',
];
const POSITIONS = [
  'Засаг дарга',
  'Засаг даргын орлогч',
  'ИТХ-ын дарга',
  'Тамгын газрын дарга',
  'Сургуулийн захирал',
  'Эрүүл мэндийн төвийн эрхлэгч',
  'Байцаагч',
  'Мэргэжилтэн',
];
const WORKS = [
  'Сургуулийн барилгын их засвар',
  'Цэцэрлэгийн өргөтгөл',
  'Сумын төвийн авто зам',
  'Гүний худаг гаргах',
  'Эрүүл мэндийн төвийн тоног төхөөрөмж',
  'Соёлын төвийн дулаалга',
  'Малын эмнэлгийн барилга',
  'Хог хаягдлын цэг',
  'Гудамжны гэрэлтүүлэг',
  'Спорт заал',
];

async function soumsOf(code: string): Promise<{ id: string; mn: string }[]> {
  const places = placeSchema
    .array()
    .parse(JSON.parse(await readFile(path.join(ROOT, 'assets/demo-content/places.json'), 'utf8')));
  const aimag = places.find((p) => p.id === code);
  if (!aimag) throw new Error(`no aimag ${code} in places.json`);
  return aimag.soums.map((s) => ({ id: s.id, mn: s.name.mn }));
}

/** A soum's invented centre: spread over the aimag's box on a jittered grid (no real coordinates are in the reference data). */
function centres(aimag: Aimag, soums: { id: string }[]): Map<string, [number, number]> {
  const [w, s, e, n] = aimag.box;
  const cols = Math.ceil(Math.sqrt(soums.length));
  const rows = Math.ceil(soums.length / cols);
  return new Map(
    soums.map((soum, i) => {
      const x = w + ((i % cols) + 0.5 + between(-0.25, 0.25)) * ((e - w) / cols);
      const y = s + (Math.floor(i / cols) + 0.5 + between(-0.25, 0.25)) * ((n - s) / rows);
      return [soum.id, [Number(x.toFixed(4)), Number(y.toFixed(4))]];
    }),
  );
}

/** An irregular quadrilateral of about `ha` hectares around a point (1° of latitude ≈ 111 km). */
function area([x, y]: [number, number], ha: number): { type: 'Polygon'; coordinates: [number, number][][] } {
  const side = Math.sqrt(ha * 10_000);
  const dy = side / 111_000;
  const dx = side / (111_000 * Math.cos((y * Math.PI) / 180));
  const j = () => between(0.85, 1.15);
  const p = (ax: number, ay: number): [number, number] => [Number((x + ax).toFixed(5)), Number((y + ay).toFixed(5))];
  const first = p((-dx / 2) * j(), (-dy / 2) * j());
  return {
    type: 'Polygon',
    coordinates: [
      [
        first,
        p((dx / 2) * j(), (-dy / 2) * j()),
        p((dx / 2) * j(), (dy / 2) * j()),
        p((-dx / 2) * j(), (dy / 2) * j()),
        first,
      ],
    ],
  };
}

const date = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(Math.min(day, 28))}`;

/** What the borders are drawn around: the soums, their centres and every licence and protected-area corner. */
interface AimagShape {
  aimag: Aimag;
  soums: { id: string; mn: string }[];
  centre: Map<string, [number, number]>;
  corners: [number, number][];
}

async function writeAimag(aimag: Aimag): Promise<AimagShape> {
  const soums = await soumsOf(aimag.code);
  const centre = centres(aimag, soums);
  const dir = path.join(OUT, aimag.code);
  await mkdir(dir, { recursive: true });
  const person = () => `${pick(aimag.fathers)}. ${pick(aimag.given)}`;
  const office = (soum: { mn: string } | null) => (soum ? `${soum.mn} сумын ЗДТГ` : `${aimag.name} аймгийн ЗДТГ`);

  // Procurement: releases over a tender's life, 140 procedures, about a third below the threshold.
  const releases: unknown[] = [];
  for (let i = 1; i <= 140; i++) {
    const soum = rnd() < 0.3 ? null : pick(soums);
    const ocid = `ocds-tsonkh-${aimag.code}-2026-${pad(i, 4)}`;
    const buyer = { id: `buyer-${soum?.id ?? aimag.code}`, name: office(soum) };
    const supplier = { id: `sup-${i}`, name: `${pick(aimag.companies)} ХХК` };
    const value = rnd() < 0.35 ? round(between(10e6, 79e6), 100_000) : round(between(80e6, 2.4e9), 1_000_000);
    const month = 1 + Math.floor(rnd() * 9);
    const parties = [
      { ...buyer, roles: ['buyer'], address: { region: aimag.code, ...(soum ? { locality: soum.id } : {}) } },
      { ...supplier, roles: ['supplier'] },
    ];
    const tender = {
      id: `${ocid}-t`,
      title: `${pick(WORKS)} (${soum?.mn ?? aimag.centre})`,
      procurementMethod: rnd() < 0.8 ? 'open' : 'direct',
      status: 'complete',
      tenderPeriod: { startDate: date(2026, month, 3), endDate: date(2026, month, 24) },
      value: { amount: value, currency: 'MNT' },
      milestones: [],
    };
    releases.push({
      ocid,
      id: `${ocid}-1`,
      date: `${date(2026, month, 3)}T09:00:00+08:00`,
      tag: ['tender'],
      initiationType: 'tender',
      buyer,
      parties,
      tender,
    });
    if (rnd() < 0.85) {
      const paid = Math.floor(rnd() * 4);
      const transactions = Array.from({ length: paid }, (_, k) => ({
        id: `${ocid}-p${k + 1}`,
        date: date(2026, Math.min(month + 2 + k * 2, 12), 10 + k),
        value: { amount: round(value / 4, 1000), currency: 'MNT' },
      }));
      releases.push({
        ocid,
        id: `${ocid}-2`,
        date: `${date(2026, Math.min(month + 1, 12), 2)}T10:00:00+08:00`,
        tag: ['award', 'contract', ...(paid > 0 ? ['implementation'] : [])],
        buyer,
        parties,
        awards: [
          {
            id: `${ocid}-a`,
            date: date(2026, Math.min(month + 1, 12), 2),
            status: 'active',
            value: { amount: value, currency: 'MNT' },
            suppliers: [supplier],
          },
        ],
        contracts: [
          {
            id: `${ocid}-c`,
            awardID: `${ocid}-a`,
            dateSigned: date(2026, Math.min(month + 1, 12), 12),
            status: 'active',
            value: { amount: value, currency: 'MNT' },
            milestones: [
              { id: 'm1', title: 'Ажил эхлэх', dueDate: date(2026, Math.min(month + 2, 12), 1), status: 'met' },
              {
                id: 'm2',
                title: 'Ажил хүлээлгэн өгөх',
                dueDate: date(2026, Math.min(month + 6, 12), 25),
                status: 'scheduled',
              },
            ],
            ...(paid > 0 ? { implementation: { transactions } } : {}),
          },
        ],
      });
    }
  }
  await writeFile(
    path.join(dir, 'procurement.ocds.json'),
    JSON.stringify(
      {
        uri: `https://opendata.example.mn/ocds/${aimag.code}.json`,
        version: '1.1',
        publishedDate: '2026-11-20T00:00:00+08:00',
        releases,
      },
      null,
      1,
    ),
  );

  // Budget 2026: every soum and the aimag, every economic line.
  const budget: (string | number)[][] = [
    ['year', 'aimag', 'soum', 'organisation', 'economic_code', 'economic_name', 'approved', 'executed'],
  ];
  for (const soum of [null, ...soums]) {
    const scale = soum ? 1 : 12;
    for (const [code, name] of ECONOMIC) {
      const approved = round(between(20e6, 900e6) * scale * (code === '2.1.1' ? 3 : 1), 100_000);
      budget.push([
        2026,
        aimag.code,
        soum?.id ?? '',
        office(soum),
        code,
        name,
        approved,
        round(approved * between(0.45, 0.95), 100_000),
      ]);
    }
  }
  await writeFile(path.join(dir, 'budget-2026.csv'), csv(budget));

  // Transparent Account: payments of the year, salaries and small ones among them (the importer leaves those out).
  const account: (string | number)[][] = [
    ['id', 'date', 'aimag', 'soum', 'organisation', 'payee', 'purpose', 'economic_code', 'amount'],
  ];
  for (let i = 1; i <= 480; i++) {
    const soum = rnd() < 0.25 ? null : pick(soums);
    const [code, name] = pick(ECONOMIC);
    const amount =
      code === '2.1.1'
        ? round(between(20e6, 90e6), 1000)
        : rnd() < 0.4
          ? round(between(0.5e6, 5e6), 1000)
          : round(between(5.1e6, 300e6), 1000);
    account.push([
      `ta-${aimag.code}-${pad(i, 5)}`,
      date(2026, 1 + Math.floor(rnd() * 11), 1 + Math.floor(rnd() * 28)),
      aimag.code,
      soum?.id ?? '',
      office(soum),
      code === '2.1.1' ? 'Ажилтнууд' : `${pick(aimag.companies)} ХХК`,
      name,
      code,
      amount,
    ]);
  }
  await writeFile(path.join(dir, 'transparent-account-2026.csv'), csv(account));

  // Licences with their areas, near the soum they are in.
  const licences = Array.from({ length: 64 }, (_, i) => {
    const soum = pick(soums);
    const oil = aimag.code === '44' && rnd() < 0.15;
    const ha = round(between(80, 25_000), 0.5);
    const kind = oil ? pick(['oil-exploration', 'oil-production']) : rnd() < 0.6 ? 'exploration' : 'mining';
    const granted = date(2008 + Math.floor(rnd() * 18), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28));
    const [cx, cy] = centre.get(soum.id)!;
    const number = `${kind === 'mining' ? 'MV' : kind.startsWith('oil') ? 'PSC' : 'XV'}-${pad(20_000 + i * 37 + Number(aimag.code), 6)}`;
    return {
      type: 'Feature',
      geometry: area([cx + between(-0.3, 0.3), cy + between(-0.2, 0.2)], ha),
      properties: {
        id: number,
        licence_number: number,
        holder: `${pick(aimag.companies)} ХХК`,
        kind,
        status: pick(['active', 'active', 'active', 'suspended', 'expired', 'applied']),
        commodities: oil ? ['газрын тос'] : pick(aimag.commodities),
        area_ha: ha,
        granted,
        expires: `${Number(granted.slice(0, 4)) + (kind === 'mining' ? 30 : 12)}${granted.slice(4)}`,
        aimag: aimag.code,
        soums: [soum.id],
      },
    };
  });
  await writeFile(
    path.join(dir, 'licences.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: licences }),
  );

  const protectedAreas = aimag.protectedAreas.map(([name, category, ha], i) => {
    const soum = pick(soums);
    return {
      type: 'Feature',
      geometry: area(centre.get(soum.id)!, ha / 6),
      properties: {
        id: `pa-${aimag.code}-${i + 1}`,
        name,
        category,
        area_ha: ha,
        established: date(1996 + i * 4, 6, 1),
        aimag: aimag.code,
        soum: soum.id,
      },
    };
  });
  await writeFile(
    path.join(dir, 'protected-areas.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: protectedAreas }),
  );

  const notices = Array.from({ length: 16 }, (_, i) => {
    const soum = pick(soums);
    const published = date(2026, 1 + Math.floor(rnd() * 11), 1 + Math.floor(rnd() * 28));
    return {
      type: 'Feature',
      geometry: rnd() < 0.6 ? area(centre.get(soum.id)!, between(50, 3000)) : null,
      properties: {
        id: `env-${aimag.code}-${pad(i + 1, 3)}`,
        aimag: aimag.code,
        soum: soum.id,
        title: `${pick(['Уурхайн', 'Замын', 'Барилгын', 'Усан сангийн'])} төслийн байгаль орчны нөлөөллийн үнэлгээ`,
        proponent: `${pick(aimag.companies)} ХХК`,
        kind: pick(['assessment', 'assessment', 'permit', 'warning']),
        published,
        comments_until: `${published.slice(0, 5)}${pad(Math.min(Number(published.slice(5, 7)) + 1, 12))}${published.slice(7)}`,
        summary:
          'Төслийн талбайд хөрс, ус, ургамлын бүрхэвчид үзүүлэх нөлөөг үнэлж, нөхөн сэргээх арга хэмжээг тусгасан.',
      },
    };
  });
  await writeFile(
    path.join(dir, 'environment-notices.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: notices }),
  );

  // Crime counts, 12 months, every soum and kind: many small counts, suppressed on import.
  const crime: (string | number)[][] = [['aimag', 'soum', 'month', 'crime', 'count']];
  for (let m = 1; m <= 11; m++) {
    for (const soum of soums) {
      for (const kind of CRIMES) {
        const big = soum.mn === aimag.centre ? 6 : 1;
        crime.push([aimag.code, soum.id, `2026-${pad(m)}`, kind, Math.floor(rnd() * rnd() * 9 * big)]);
      }
    }
  }
  await writeFile(path.join(dir, 'crime-2026.csv'), csv(crime));

  // Declarations, with the private columns a source file might carry (the importer drops them).
  const declarations: (string | number)[][] = [
    [
      'id',
      'name',
      'register',
      'position',
      'organisation',
      'year',
      'income',
      'real_estate_count',
      'real_estate_value',
      'vehicle_count',
      'vehicle_value',
      'home_address',
      'aimag',
      'soum',
    ],
  ];
  for (let i = 0; i < 150; i++) {
    const soum = rnd() < 0.3 ? null : pick(soums);
    const homes = Math.floor(rnd() * 3);
    const cars = Math.floor(rnd() * 3);
    declarations.push([
      `decl-2025-${aimag.code}-${pad(i + 1, 4)}`,
      person(),
      `ЖШ${pad(Math.floor(rnd() * 1e8), 8)}`,
      pick(POSITIONS),
      office(soum),
      2025,
      round(between(18e6, 96e6), 1000),
      homes,
      homes * round(between(40e6, 300e6), 1e6),
      cars,
      cars * round(between(8e6, 90e6), 1e6),
      `${soum?.mn ?? aimag.centre}, ${1 + Math.floor(rnd() * 9)}-р баг`,
      aimag.code,
      soum?.id ?? '',
    ]);
  }
  await writeFile(path.join(dir, 'declarations-2025.csv'), csv(declarations));

  const hearings: (string | number)[][] = [
    ['id', 'aimag', 'soum', 'organiser', 'topic', 'starts_at', 'place', 'how_to_take_part', 'result'],
  ];
  for (let i = 1; i <= 20; i++) {
    const soum = pick(soums);
    const past = i <= 8;
    const when = past ? date(2026, 3 + i, 12) : date(i < 15 ? 2026 : 2027, i < 15 ? 12 : 1 + (i - 15), 5 + i);
    hearings.push([
      `hearing-${aimag.code}-${pad(i, 3)}`,
      aimag.code,
      soum.id,
      `${soum.mn} сумын ИТХ`,
      pick([
        'Ирэх оны төсвийн төсөл',
        'Орон нутгийн хөгжлийн сангийн төслүүд',
        'Бэлчээрийн ашиглалтын төлөвлөгөө',
        'Уурхайн нөхөн сэргээлтийн тайлан',
        'Сумын газар зохион байгуулалтын төлөвлөгөө',
      ]),
      `${when}T${pick(['10:00', '14:00', '15:00'])}:00`,
      `${soum.mn} сумын соёлын төв`,
      'Биечлэн ирэх, эсвэл ТҮЦ-ээр оролцох хүсэлтээ бүртгүүлэх',
      past ? pick(['Төслийг 3 өөрчлөлттэй баталсан', 'Иргэдийн 12 санал тусгагдсан', 'Дахин хэлэлцэхээр шийдсэн']) : '',
    ]);
  }
  await writeFile(path.join(dir, 'hearings.csv'), csv(hearings));

  // Foreign-loan projects and resource agreements (IATI 2.03).
  const activities = Array.from({ length: 10 }, (_, i) => {
    const soum = pick(soums);
    const loan = i < 6;
    const id = loan ? `XM-DAC-46004-TS${aimag.code}${pad(i, 3)}` : `MN-MOM-RA-${aimag.code}${pad(i, 3)}`;
    const start = 2019 + Math.floor(rnd() * 6);
    return `  <iati-activity default-currency="${loan ? 'USD' : 'MNT'}" last-updated-datetime="2026-11-01T00:00:00+08:00">
    <iati-identifier>${id}</iati-identifier>
    <reporting-org ref="${loan ? 'XM-DAC-46004' : 'MN-MOM'}" type="${loan ? 40 : 10}"><narrative xml:lang="mn">${loan ? 'Азийн хөгжлийн банк' : 'Уул уурхай, хүнд үйлдвэрийн яам'}</narrative></reporting-org>
    <title><narrative xml:lang="mn">${loan ? `${soum.mn} сумын ${pick(['авто зам', 'цэвэр усны хангамж', 'эрчим хүчний шугам', 'эмнэлгийн барилга'])} төсөл` : `${pick(aimag.companies)} ХХК-тай байгуулсан орон нутгийн хамтын ажиллагааны гэрээ`}</narrative></title>
    <description><narrative xml:lang="mn">${loan ? 'Гадаадын зээлийн хөрөнгөөр хэрэгжих дэд бүтцийн төсөл.' : 'Ашигт малтмалын ордын ашиглалттай холбоотой орон нутагт олгох дэмжлэг, ажлын байрны амлалт.'}</narrative></description>
    <participating-org role="4" type="10"><narrative xml:lang="mn">${office(soum)}</narrative></participating-org>
    <activity-status code="${pick(['2', '2', '3', '4'])}"/>
    <activity-date type="2" iso-date="${date(start, 1 + i, 15)}"/>
    <activity-date type="3" iso-date="${date(start + 4 + (i % 3), 12, 31)}"/>
    <recipient-country code="MN" percentage="100"/>
    <location><administrative vocabulary="99" level="1" code="${aimag.code}"/><administrative vocabulary="99" level="2" code="${soum.id}"/></location>
    ${loan ? '<default-finance-type code="410"/>' : '<tag vocabulary="99" code="resource-agreement"><narrative>Орон нутгийн хамтын ажиллагааны гэрээ</narrative></tag>'}
    <budget type="1" status="2"><period-start iso-date="${start}-01-01"/><period-end iso-date="${start + 4}-12-31"/><value currency="${loan ? 'USD' : 'MNT'}" value-date="${start}-01-01">${loan ? round(between(2e6, 45e6), 10_000) : round(between(200e6, 4e9), 1e6)}</value></budget>
  </iati-activity>`;
  });
  await writeFile(
    path.join(dir, 'projects.iati.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-11-20T00:00:00+08:00">\n${activities.join('\n')}\n</iati-activities>\n`,
  );
  const corners = [...licences, ...protectedAreas].flatMap((f) => f.geometry.coordinates[0]!);
  return { aimag, soums, centre, corners };
}

/** The aimag's outline and its soums' borders (GeoJSON), drawn around the soum centres (see boundary-shapes.ts). */
async function writeBoundaries({ aimag, soums, centre, corners }: AimagShape): Promise<void> {
  const seed = Number(aimag.code);
  const ring = outline(aimag.box, [...centre.values(), ...corners], random(1900 + seed));
  const soumCells = cells(ring, centre);
  const centreSoum = soums.find((s) => s.mn === aimag.centre) ?? soums[0]!;
  const feature = (id: string, soum: string, name: string, at: Point, border: Point[]) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [wiggle(border, seed)] },
    properties: { id, aimag: aimag.code, soum, name, centre: at },
  });
  const features = [
    feature(`aimag-${aimag.code}`, '', aimag.name, centre.get(centreSoum.id)!, ring),
    ...soums.map((s) => feature(`soum-${s.id}`, s.id, s.mn, centre.get(s.id)!, soumCells.get(s.id)!)),
  ];
  await writeFile(
    path.join(OUT, aimag.code, 'boundaries.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features }),
  );
}

async function main(): Promise<void> {
  const shapes: AimagShape[] = [];
  for (const aimag of AIMAGS) shapes.push(await writeAimag(aimag));
  // Borders last, with their own seed, so that adding them changed none of the files above.
  for (const shape of shapes) await writeBoundaries(shape);
  // The national summary every kiosk carries: the year's crime by kind, for the whole country.
  const national: (string | number)[][] = [['aimag', 'soum', 'month', 'crime', 'count']];
  for (let m = 1; m <= 11; m++)
    for (const kind of CRIMES) national.push(['00', '', `2026-${pad(m)}`, kind, Math.floor(between(150, 1400))]);
  await mkdir(path.join(OUT, '00'), { recursive: true });
  await writeFile(path.join(OUT, '00', 'crime-2026.csv'), csv(national));
}

await main();
