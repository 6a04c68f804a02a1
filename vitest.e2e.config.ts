// Browser tests: Debian's chromium driven by playwright-core against the real app, which the
// global setup starts once for the run (test/e2e/app.ts). One file at a time, in one process,
// with timeouts for a slow machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/app.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    isolate: false,
  },
});
