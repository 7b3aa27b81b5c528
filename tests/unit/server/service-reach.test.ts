import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackResponseSchema } from '../../../src-shared/protocol.js';
import { pointsAtThisKiosk, serviceReachProblem } from '../../../src-shared/rules/service-reach.js';
import { serviceSchema } from '../../../src-shared/schemas/content.js';
import {
  checkContentFolder,
  formatContentProblem,
  type ContentProblem,
} from '../../../src-server/content/content-folder.js';
import { DEMO_CONTENT_DIR, seedDemoContent } from '../../../src-server/content/demo-seed.js';
import { ContentRejectedError, publishChanges } from '../../../src-server/content/publish.js';
import { copyFixtureContent, type ContentFolderCopy } from './content-fixture.js';
import {
  countRows,
  createTestServer,
  FIXTURE_CONTENT_DIR,
  makeLawComment,
  makeSubmission,
  openTestDatabase,
  postBatch,
  type TestDatabase,
  type TestServer,
} from './helpers.js';

const AT_THIS_MACHINE = { mn: 'Энэ ТҮЦ машин дээр', kk: 'Осы ТҮЦ машинасында', en: 'At this kiosk' };
const IN_PERSON = {
  mn: 'Сумын иргэний бүртгэгч дээр биечлэн очно',
  kk: 'Сұмның азаматтық тіркеушісіне өзіңіз барасыз',
  en: 'Go in person to the soum civil registrar',
};

describe('pointsAtThisKiosk: words that send the citizen to the machine they stand at', () => {
  it('finds them in each language', () => {
    for (const text of [
      { mn: 'Энэ ТҮЦ машин дээр' },
      { mn: 'Хүсэлтээ энэ машин дээр гаргана' },
      { mn: 'ТҮЦ машин дээр шууд хэвлэнэ' },
      { mn: 'Энд хүснэ' },
      { mn: 'Сумын төвд', kk: 'Осы ТҮЦ машинасында' },
      { mn: 'Сумын төвд', kk: 'Мұнда басылады' },
      { mn: 'Сумын төвд', en: 'At this machine' },
      { mn: 'Сумын төвд', en: 'Printed here at once' },
    ])
      expect(pointsAtThisKiosk(text), JSON.stringify(text)).toBe(true);
  });

  it('leaves words that say where else to go', () => {
    for (const text of [
      IN_PERSON,
      { mn: 'Хүсэлтээ ТҮЦ машинаас гаргана. Лавлагааг сумын төвд өгнө.', en: 'At a Public Service Machine' },
      { mn: 'Эндэргэ' },
      { mn: 'Шууд хэвлэнэ', en: 'Where you live: there' },
    ])
      expect(pointsAtThisKiosk(text), JSON.stringify(text)).toBe(false);
  });

  it('allows "at this machine" only to a service with a form', () => {
    const base = { id: 'x', whereToApply: AT_THIS_MACHINE, processingTime: { mn: '1 өдөр' } };
    expect(serviceReachProblem({ ...base, formId: 'reference-request' })).toBeNull();
    expect(serviceReachProblem(base)).toMatchObject({
      field: 'whereToApply',
      message: expect.stringContaining('has no form'),
    });
    expect(serviceReachProblem({ ...base, whereToApply: IN_PERSON })).toBeNull();
    expect(
      serviceReachProblem({ ...base, whereToApply: IN_PERSON, processingTime: { mn: 'Энэ ТҮЦ машин дээр хэвлэнэ' } }),
    ).toMatchObject({ field: 'processingTime' });
  });
});

describe('the demo catalogue has no dead end', async () => {
  const { entities, problems } = await checkContentFolder(DEMO_CONTENT_DIR);
  const services = entities.filter((e) => e.type === 'service').map((e) => serviceSchema.parse(e.data));

  it('passes the loader, and every service is requestable here or says where else to go', () => {
    expect(problems.map(formatContentProblem)).toEqual([]);
    expect(services).toHaveLength(33);
    for (const s of services) expect(serviceReachProblem(s), s.id).toBeNull();
  });

  it('gives every reference («…лавлагаа») a request form', () => {
    const references = services.filter((s) => /лавлагаа$/.test(s.title.mn));
    expect(references.length).toBeGreaterThanOrEqual(20);
    for (const s of references) expect(s.formId, s.id).toBeDefined();
    const form = entities.find((e) => e.type === 'form' && e.id === 'reference-request')?.data as {
      fields: { id: string; type: string }[];
    };
    expect(form.fields.map((f) => [f.id, f.type])).toEqual(
      expect.arrayContaining([
        ['registrationNumber', 'registration_number'],
        ['purpose', 'radio'],
        ['delivery', 'radio'],
      ]),
    );
  });
});

describe('the content folder refuses a service done "at this machine" without a form', () => {
  let copy: ContentFolderCopy;
  beforeEach(async () => {
    copy = await copyFixtureContent();
  });
  afterEach(async () => {
    await copy.cleanup();
  });

  it('names the file, the line, the field and why', async () => {
    await copy.editJson<Array<Record<string, unknown>>>('services.json', (services) => {
      delete services[0]!.formId;
      services[0]!.whereToApply = AT_THIS_MACHINE;
    });
    const { problems } = await checkContentFolder(copy.dir);
    const line = (await copy.read('services.json')).split('\n').findIndex((l) => l.includes('"whereToApply"')) + 1;
    expect(problems).toEqual<ContentProblem[]>([
      {
        file: 'services.json',
        line,
        path: '[0].whereToApply',
        message: expect.stringMatching(
          /service "birth-registration-reference" says it is done at this machine .*has no form/,
        ),
      },
    ]);
  });

  it('takes the same service once it says where to go instead', async () => {
    await copy.editJson<Array<Record<string, unknown>>>('services.json', (services) => {
      delete services[0]!.formId;
      services[0]!.whereToApply = IN_PERSON;
    });
    expect((await checkContentFolder(copy.dir)).problems).toEqual([]);
  });
});

describe('publishChanges refuses it too', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
    await seedDemoContent(t.db, FIXTURE_CONTENT_DIR);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('rolls back the whole batch with a worded reason', async () => {
    const title = { mn: 'Туршилт', kk: 'Сынақ', en: 'Test' };
    const before = await countRows(t.db, 'content_changes');
    const service = {
      id: 'test-reference',
      category: 'civil-registration',
      agency: title,
      title,
      description: title,
      feeMnt: 0,
      processingTime: title,
      whereToApply: AT_THIS_MACHINE,
    };
    const attempt = publishChanges(t.db, [{ op: 'put', type: 'service', data: service }]);
    await expect(attempt).rejects.toBeInstanceOf(ContentRejectedError);
    await expect(attempt).rejects.toThrow(/whereToApply: service "test-reference" says it is done at this machine/);
    expect(await countRows(t.db, 'content_changes')).toBe(before);
    // With a form it is published.
    await publishChanges(t.db, [{ op: 'put', type: 'service', data: { ...service, formId: 'reference-request' } }]);
    expect(await countRows(t.db, 'content_changes')).toBe(before + 1);
  });
});

describe('the public tracker says what a receipt is about', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('the service of an application, the law and article of a comment; nothing personal', async () => {
    const application = await makeSubmission(31);
    const comment = await makeLawComment(32);
    const whole = await makeLawComment(33, { articleNumber: null });
    expect((await postBatch(server.app, [application, comment, whole])).statusCode).toBe(200);
    const track = async (no: string) =>
      trackResponseSchema.parse(
        (await server.app.inject({ method: 'GET', url: `/api/v1/track/${no}` })).json<Record<string, unknown>>(),
      );
    expect(await track(application.trackingNo)).toMatchObject({
      kind: 'service_application',
      serviceId: 'residence-address-reference',
    });
    expect(await track(comment.trackingNo)).toMatchObject({ kind: 'law_comment', lawId: 'test-law', articleNumber: 3 });
    const wholeLaw = await track(whole.trackingNo);
    expect(wholeLaw).toMatchObject({ kind: 'law_comment', lawId: 'test-law', articleNumber: null });
    expect(wholeLaw).not.toHaveProperty('serviceId');
  });
});
