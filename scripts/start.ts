// `npm start`: the whole demo on one machine — the central server with demo content and a kiosk.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { launchKiosk } from './launch-kiosk.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

if (process.env.TSONKH_SKIP_BUILD !== '1') {
  console.log('Building the kiosk and the operator console…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src-server/main.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
  // Quiet by default so the two URLs below stay readable; LOG_LEVEL=info shows every request.
  env: { TSONKH_DEMO: '1', LOG_LEVEL: 'warn', ...process.env, PORT: String(port), HOST: host },
});
server.on('exit', (code) => {
  console.log(`Central server stopped (exit ${code}).`);
  process.exit(code ?? 1);
});

const healthUrl = `http://${host}:${port}/api/v1/health`;
const deadline = Date.now() + 30_000;
for (;;) {
  try {
    if ((await fetch(healthUrl)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error(`The central server did not answer at ${healthUrl} within 30 s.`);
    server.kill('SIGTERM');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`Central server: http://${host}:${port}/api/v1/health`);
console.log(
  `Operator console: http://${host}:${port}/console/  (first administrator: npm run operator -- add <login> --role admin)`,
);

process.env.TSONKH_SERVER_URL ??= `http://${host}:${port}`;
const kiosk = await launchKiosk();
const stop = async () => {
  await kiosk.close();
  server.kill('SIGTERM');
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
