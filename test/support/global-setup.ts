// Vitest globalSetup: make the migrated template the test files' databases are copied from
// (test/support/template.ts), once per run, before any file starts.
import { preparePgliteTemplate, prepareServerTemplate } from './template.ts';

export default async function setup(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await prepareServerTemplate(serverUrl);
  else await preparePgliteTemplate();
}
