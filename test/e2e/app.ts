// The app the browser tests drive: the real server, listening on a free port of 127.0.0.1, over
// a fresh database (an in-memory PGlite, or a new server database with TEST_DATABASE_URL)
// holding the demo network at 5% scale. Started once for the whole run by vitest's global
// setup (vitest.e2e.config.ts): the files only add to it, and every test signs in with its own
// browser context, so they share it safely and the run stays short.
import type { TestProject } from 'vitest/node';
import { createDemoNetwork } from '../../src/demo/create.ts';
import { startTestServer } from '../support/http.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The app's base URL, like http://127.0.0.1:41234 (no trailing slash). */
    appUrl: string;
  }
}

export default async function startApp(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  await createDemoNetwork(server.database, { scale: 0.05 });
  project.provide('appUrl', server.url.replace(/\/$/, ''));
  return () => server.close();
}
