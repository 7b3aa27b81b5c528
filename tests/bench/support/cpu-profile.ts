// Summarises V8 CPU profiles (.cpuprofile): self time per function and per file, the biggest first.
// `npx tsx tests/bench/support/cpu-profile.ts <file.cpuprofile> [top]`
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per key, from the sample stream (each sample's delta goes to the node it hit). */
export function selfTime(profile: Profile, keyOf: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

function print(title: string, totals: Map<string, number>, top: number): void {
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title} (${all.toFixed(0)} ms sampled)`);
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((ms / all) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
}

const [file, topArg] = process.argv.slice(2);
if (file) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const top = Number(topArg ?? 25);
  const shortUrl = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src-|tests\/)/, '$1');
  print(
    'self time by function',
    selfTime(
      profile,
      (n) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`,
    ),
    top,
  );
  print(
    'self time by package or file',
    selfTime(profile, (n) => {
      const url = shortUrl(n.callFrame.url);
      const pkg = /^(@[^/]+\/[^/]+|[^/]+)\//.exec(url)?.[1];
      return url === '' ? n.callFrame.functionName : (pkg ?? url);
    }),
    top,
  );
}
