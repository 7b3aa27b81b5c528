// Bad input at scale: 100,000 generated requests (tests/unit/server/bad-requests.ts: valid,
// truncated, wrongly typed, huge, deeply nested, wrongly sealed, wrongly credentialled, odd queries,
// odd paths, wrong methods and content types) against every kiosk endpoint through app.inject,
// one after another, on one server over SQLite.
//
// five_xx         answers of 500 or more (target 0)
// unexpected      answers outside the statuses the request's family may get (target 0)
// not_json        answers that were not JSON (target 0)
// heap_growth_mb  heapUsed after a full GC at the end, minus the same after a 2,000-request
//                 warm-up: what 98,000 more requests left behind. The page cache may hold up to
//                 32 MB by design; the fixture's pages are small, so anything near that is a leak.
// rss_*_mb        resident set size at the same two points (includes freed-but-kept memory).
//
// BAD_INPUT_REQUESTS=N runs fewer (a quick look); BAD_INPUT_SEED=S replays another sequence.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { badRequestGenerator, FAMILIES, sendBadRequests, type BadRequestTally } from '../unit/server/bad-requests.js';
import {
  createTestServer,
  makeFeedback,
  makeLawComment,
  makePetition,
  makeSubmission,
} from '../unit/server/helpers.js';
import { report } from './support/report.js';

const N = Number(process.env.BAD_INPUT_REQUESTS ?? 100_000);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20261203);
const WARM_UP = Math.min(2000, Math.floor(N / 10));
const HEAP_TARGET_MB = 16;

// run.ts starts benches without --expose-gc; the flag can still be turned on from inside.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** Heap and RSS after full collections, so the figure is what is still reachable. */
function settledMemory(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed / MB, rss: rss / MB };
}

const server = await createTestServer();
try {
  const valid = await Promise.all([
    makeSubmission(101),
    makePetition(102),
    makeLawComment(103),
    makeFeedback(104),
    makePetition(105),
  ]);
  const next = badRequestGenerator(SEED, { valid });
  const tally: BadRequestTally = await sendBadRequests(server.app, next, WARM_UP);
  const before = settledMemory();
  const started = performance.now();
  await sendBadRequests(server.app, next, N - WARM_UP, tally);
  const seconds = (performance.now() - started) / 1000;
  const after = settledMemory();

  for (const family of FAMILIES) {
    const statuses = Object.entries(tally.statuses[family] ?? {})
      .map(([status, n]) => `${status}:${n}`)
      .join(',');
    console.log(`# ${family} ${statuses}`);
  }
  for (const u of tally.unexpected) console.log(`# unexpected ${JSON.stringify(u)}`);
  report('bad-input', 'req_per_s', (N - WARM_UP) / seconds);
  report('bad-input', 'unexpected', tally.unexpected.length, '0');
  report('bad-input', 'not_json', tally.notJson, '0');
  report('bad-input', 'heap_before_mb', before.heap);
  report('bad-input', 'heap_after_mb', after.heap);
  report('bad-input', 'rss_before_mb', before.rss);
  report('bad-input', 'rss_after_mb', after.rss);
  console.log(
    `BENCH bad-input requests=${tally.requests} five_xx=${tally.fiveXx} ` +
      `heap_growth_mb=${(after.heap - before.heap).toFixed(3)} target=five_xx=0,heap_growth_mb<=${HEAP_TARGET_MB}`,
  );
  if (tally.fiveXx > 0 || tally.unexpected.length > 0 || tally.notJson > 0) process.exitCode = 1;
} finally {
  await server.close();
}
