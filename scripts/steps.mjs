// Runs named steps (one command each) and times them, for scripts/test-all.mjs and
// scripts/test-faults.mjs. A group of steps runs in parallel: each step's output is held and
// printed whole when it ends, so two steps never interleave their lines.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

/**
 * @typedef {{ name: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv }} Step
 * @typedef {{ name: string, ok: boolean, exit: number | null, secs: number }} StepResult
 */

function run(step, { buffered }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const env = step.env ? { ...process.env, ...step.env } : process.env;
    const child = spawn(step.cmd, step.args, { env, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const chunks = [];
    if (buffered) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    let done = false;
    const finish = (exit) => {
      if (done) return; // 'error' and then 'close' may both come for a command that never started
      done = true;
      const secs = (Date.now() - started) / 1000;
      if (buffered) {
        console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
        process.stdout.write(Buffer.concat(chunks));
      }
      console.log(`=== ${step.name}: ${exit === 0 ? 'ok' : `FAILED (exit ${exit})`} in ${secs.toFixed(1)}s`);
      resolve({ name: step.name, ok: exit === 0, exit, secs });
    };
    child.on('error', (err) => {
      chunks.push(Buffer.from(`${err.message}\n`));
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

/** Runs the steps one after another, their output straight to the terminal. */
export async function runInOrder(steps) {
  const results = [];
  for (const step of steps) {
    console.log(`\n=== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
    results.push(await run(step, { buffered: false }));
  }
  return results;
}

/** Runs the steps at the same time; each one's output is printed when it ends. */
export async function runTogether(steps) {
  console.log(`\n=== in parallel: ${steps.map((s) => s.name).join(', ')}`);
  const started = Date.now();
  const results = await Promise.all(steps.map((s) => run(s, { buffered: true })));
  console.log(`=== in parallel: ${((Date.now() - started) / 1000).toFixed(1)}s for all of them`);
  return results;
}

/** The time of every step, one line each, and the wall-clock total. */
export function printTimes(results, totalSecs) {
  console.log('\nStep times:');
  const width = Math.max('total'.length, ...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(`  ${r.name.padEnd(width)}  ${r.secs.toFixed(1).padStart(7)}s  ${r.ok ? 'ok' : 'FAILED'}`);
  }
  console.log(`  ${'total'.padEnd(width)}  ${totalSecs.toFixed(1).padStart(7)}s  (wall clock)`);
}
