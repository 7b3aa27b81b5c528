import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { exportContentBundle } from '../../../src-server/content/bundle.js';
import { PROTOCOL_HEADER, type ProtocolVersion } from '../../../src-shared/protocol.js';
import {
  createTestServer,
  DEMO_CREDENTIAL,
  DEMO_KEY,
  DEMO_PUBLIC_KEY,
  FIXTURE_CHANGE_COUNT,
  REPO_ROOT,
  type TestServer,
} from './helpers.js';

/**
 * "The previous release's kiosk code against the current server" (issue 18).
 *
 * No build of an older kiosk is published as a package, so this test takes the older kiosk's
 * code from this repository's own history: `git archive` of the commit below writes its
 * src-shared, its renderer's data and sync code and its host's server transport into a temp
 * folder (with this checkout's node_modules linked in), and the test runs that code, unchanged,
 * in plain Node against the current server listening on loopback. The commit is the last one
 * whose kiosk spoke protocol 1: closed page schemas that refuse unknown types and drop unknown
 * members before verifying (the next commit, 0ec00a4, opened them). It needs the full history:
 * CI runs on a full clone; a shallow clone fails here saying so, rather than passing unseen.
 */
const PREVIOUS_RELEASE = '94aa2e233990965351d607fee05da42588ec5054';
const OLD_PATHS = [
  'tsconfig.base.json',
  'src-shared',
  'src-renderer/data',
  'src-renderer/sync',
  'src-main/transport',
  'src-main/bridge',
  'src-main/logger.ts',
];

interface OldTransport {
  health(): Promise<{ online: boolean }>;
  statusChanges(after: number, limit: number): Promise<{ changes: unknown[]; more: boolean }>;
  contentChanges(after: number, limit: number, maxBytes?: number): Promise<{ signed: unknown; bytes: number }>;
}
interface OldModules {
  openDatabase(name: string): { close(): void; delete(): Promise<void>; services: { count(): Promise<number> } };
  pullContent(
    db: unknown,
    source: (after: number) => Promise<unknown>,
    key: string,
    onPage: () => void,
  ): Promise<{ items: number }>;
  contentCursor(db: unknown): Promise<number>;
  createServerTransport(options: {
    url: string;
    credential: string;
    timeoutMs: number;
    fetchImpl?: typeof fetch;
  }): OldTransport;
}

let dir: string;
let old: OldModules;
let server: TestServer;
let url: string;

beforeAll(async () => {
  try {
    execFileSync('git', ['cat-file', '-e', `${PREVIOUS_RELEASE}^{commit}`], { cwd: REPO_ROOT, stdio: 'ignore' });
  } catch {
    throw new Error(`commit ${PREVIOUS_RELEASE} is not in this clone: fetch the full history (git fetch --unshallow)`);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'tsonkh-previous-kiosk-'));
  const tar = execFileSync('git', ['archive', '--format=tar', PREVIOUS_RELEASE, ...OLD_PATHS], {
    cwd: REPO_ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const load = (file: string) => import(/* @vite-ignore */ pathToFileURL(path.join(dir, file)).href);
  const [db, sync, repo, transport] = await Promise.all([
    load('src-renderer/data/db.ts'),
    load('src-renderer/sync/content-sync.ts'),
    load('src-renderer/data/content-repo.ts'),
    load('src-main/transport/server-transport.ts'),
  ]);
  old = { ...db, ...sync, ...repo, ...transport } as OldModules;

  server = await createTestServer();
  // A content type newer than that kiosk, as `law-comment-counts` once was for the one before.
  await server.db
    .insertInto('content_changes')
    .values({
      type: 'noise-map',
      entity_id: 'ulaanbaatar',
      op: 'put',
      data: JSON.stringify({ id: 'ulaanbaatar', decibels: 61 }),
      created_at: new Date().toISOString(),
    })
    .execute();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type OldSource = (after: number) => Promise<unknown>;

async function syncWith(transport: OldTransport | OldSource, name: string) {
  const db = old.openDatabase(name);
  try {
    const source =
      typeof transport === 'function' ? transport : (after: number) => transport.contentChanges(after, 500);
    const outcome = await old
      .pullContent(db, source, DEMO_PUBLIC_KEY, () => {})
      .then(
        (p) => ({ ok: true as const, items: p.items }),
        (e: unknown) => ({ ok: false as const, reason: (e as { reason?: string }).reason ?? String(e) }),
      );
    return { outcome, cursor: await old.contentCursor(db), services: await db.services.count() };
  } finally {
    db.close();
    await db.delete();
  }
}

describe(`the kiosk of ${PREVIOUS_RELEASE.slice(0, 7)} (protocol 1) against the current server`, () => {
  it('syncs every change it knows, past a type it does not, to the end of the log', async () => {
    const transport = old.createServerTransport({ url, credential: DEMO_CREDENTIAL, timeoutMs: 20_000 });
    const result = await syncWith(transport, 'previous-kiosk-v1');
    expect(result.outcome).toEqual({ ok: true, items: FIXTURE_CHANGE_COUNT });
    expect(result.cursor).toBe(FIXTURE_CHANGE_COUNT + 1);
    expect(result.services).toBeGreaterThan(0);
  });

  it('would stop at the first page if the server answered it in the current protocol (why version 1 is kept)', async () => {
    const current: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), [PROTOCOL_HEADER]: '2' } });
    const transport = old.createServerTransport({
      url,
      credential: DEMO_CREDENTIAL,
      timeoutMs: 20_000,
      fetchImpl: current,
    });
    const result = await syncWith(transport, 'previous-kiosk-v2');
    expect(result.outcome.ok).toBe(false);
    expect(result.cursor).toBe(0);
  });

  it('imports a USB bundle written for protocol 1, and not one written for protocol 2', async () => {
    const bundle = async (protocol: ProtocolVersion): Promise<OldSource> => {
      const out = path.join(dir, `bundle-v${protocol}`);
      const manifest = await exportContentBundle(server.db, DEMO_KEY, out, { maxBytes: 8192, protocol });
      // As the old kiosk's USB import reads a bundle: the page that continues from its cursor.
      return async (after) => {
        const entry = manifest.pages.find((p) => p.after === after);
        if (!entry) return null;
        const text = await readFile(path.join(out, entry.file), 'utf8');
        return { signed: JSON.parse(text) as unknown, bytes: text.length };
      };
    };
    const v1 = await syncWith(await bundle(1), 'previous-kiosk-usb-v1');
    expect(v1.outcome).toEqual({ ok: true, items: FIXTURE_CHANGE_COUNT });
    const v2 = await syncWith(await bundle(2), 'previous-kiosk-usb-v2');
    expect(v2.outcome.ok).toBe(false);
  });

  it('still finds the server healthy and reads its status changes', async () => {
    const transport = old.createServerTransport({ url, credential: DEMO_CREDENTIAL, timeoutMs: 20_000 });
    expect(await transport.health()).toMatchObject({ online: true });
    await expect(transport.statusChanges(0, 50)).resolves.toMatchObject({ changes: [], more: false });
  });
});
