import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one fewer than the CPUs: one file at a time on a 2-core machine. The
    // files wait on PostgreSQL, HTTP and timers as much as they compute, so run more at once:
    // 2 on PGlite (each file's database runs in its own process), 3 against the server.
    // TEST_WORKERS overrides.
    maxWorkers: Number(process.env.TEST_WORKERS) || (process.env.TEST_DATABASE_URL ? 3 : 2),
    // One migrated template per run, copied for each file's database (test/support/template.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // The long files first (test/support/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
  },
});
