import { createNodeKiosk } from '../../support/node-kiosk.js';
import { DEMO_PUBLIC_KEY } from '../../unit/server/helpers.js';
import { submitToOutbox } from '../../../src-renderer/sync/submit.js';

const kiosk = createNodeKiosk({ serverUrl: 'http://127.0.0.1:1', contentPublicKey: DEMO_PUBLIC_KEY });
const info = await kiosk.bridge.call('kiosk.info', {});
const ctx = { db: kiosk.db, bridge: kiosk.bridge, info };
const N = Number(process.argv[2] ?? 200);
const t0 = performance.now();
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
  if ((i + 1) % 500 === 0) console.log(i + 1, ((performance.now() - t0) / (i + 1)).toFixed(2), 'ms each');
}
console.log('total', (performance.now() - t0).toFixed(0), 'ms for', N);
await kiosk.close();
