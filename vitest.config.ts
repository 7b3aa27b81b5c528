import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm test` runs tests/unit; `npm run test:faults` runs tests/faults (slow on purpose).
    include: ['tests/unit/**/*.test.ts', 'tests/faults/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One file per core (Vitest's default leaves one core idle): most files wait on a database,
    // a child process or a socket, so on a 2-core machine two at a time nearly halve the run.
    maxWorkers: availableParallelism(),
  },
});
