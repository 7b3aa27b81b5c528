import { createNodeKiosk } from '../../support/node-kiosk.js';
import { createTestServer, DEMO_PUBLIC_KEY, countRows } from '../../unit/server/helpers.js';
import { submitToOutbox } from '../../../src-renderer/sync/submit.js';

const server = await createTestServer();
await server.app.listen({ port: 0, host: '127.0.0.1' });
const port = (server.app.server.address() as { port: number }).port;
const kiosk = createNodeKiosk({ serverUrl: `http://127.0.0.1:${port}`, contentPublicKey: DEMO_PUBLIC_KEY });
const info = await kiosk.bridge.call('kiosk.info', {});
const ctx = { db: kiosk.db, bridge: kiosk.bridge, info };
const N = Number(process.argv[2] ?? 200);
for (let i = 0; i < N; i++) {
  await submitToOutbox(ctx, i % 2 ? {
    lang: 'mn', channel: 'kiosk', title: { mn: 'x' },
    fields: { kind: 'petition', petitionCategory: 'complaint' },
    personal: { subject: `s ${i}`, text: `t ${i}` },
  } : {
    lang: 'mn', channel: 'kiosk', title: { mn: 'x' },
    fields: { kind: 'service_application', serviceId: 'migration-registration', formId: 'migration-registration-request', formVersion: 1 },
    personal: { answers: { registrationNumber: 'УБ99032112', phone: '99112233', moveType: 'within-aimag', newAddress: 'Баян-Өлгий аймаг, Өлгий сум, 5-р баг' } },
  });
}
await kiosk.sync.syncNow(); // content first
const t0 = performance.now();
await kiosk.sync.syncNow();
console.log('drain', (performance.now() - t0).toFixed(0));
const counts: Record<string, number> = {};
for (const r of await kiosk.db.outbox.toArray()) { counts[r.status] = (counts[r.status] ?? 0) + 1; if (r.lastError) counts[r.lastError] = 1; }
console.log(counts, await countRows(server.db, 'submissions'));
const one = await server.db.selectFrom('submissions').select('body').limit(1).executeTakeFirst();
console.log('body bytes', one?.body.length);
await kiosk.close(); await server.close();
