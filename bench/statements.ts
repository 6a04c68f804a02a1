// Counts the SQL statements one POST /api/v1/transfers sends to the database: the app is
// built in this process exactly as `timebank serve` builds it (buildApp, createServices) and
// pg's Client.query is wrapped to record each statement while the requests run.
import pg from 'pg';
import { testConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/lib/clock.ts';
import { newId } from '../src/lib/ids.ts';
import { silentLogger } from '../src/lib/log.ts';
import { Client } from '../test/support/http.ts';

export interface StatementProfile {
  requests: number;
  statementsPerRequest: number;
  /** Statements per request by what they touch: a table, ledger_post, or begin/commit. */
  byTarget: Record<string, number>;
}

function targetOf(text: string): string {
  if (/ledger_post\s*\(/i.test(text)) return 'ledger_post()';
  if (/^\s*(begin|commit|rollback)/i.test(text)) return text.trim().split(/\s/)[0]!.toLowerCase();
  const m = /\b(?:from|update|into)\s+"?(\w+)"?/i.exec(text);
  return m ? m[1]! : text.trim().slice(0, 30);
}

export async function profileStatements(
  databaseUrl: string,
  w: { brokerEmail: string; accounts: string[] },
  requests: number,
): Promise<StatementProfile> {
  const database = await openDatabase({ databaseUrl, dataDir: '', poolMax: 10 });
  const app = await buildApp({
    config: testConfig({ databaseUrl }),
    database,
    clock: systemClock,
    log: silentLogger,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const seen: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  try {
    const client = new Client(url);
    await client.signIn(w.brokerEmail);
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0];
      seen.push(typeof q === 'string' ? q : String((q as { text?: string }).text ?? ''));
      return original.apply(this, args);
    };
    for (let i = 0; i < requests; i++) {
      const r = await client.post('/api/v1/transfers', {
        id: newId(),
        debitAccountId: w.accounts[i % w.accounts.length],
        creditAccountId: w.accounts[(i + 1) % w.accounts.length],
        minutes: 5,
        kind: 'exchange',
        category: 'bench',
      });
      if (r.status !== 201) throw new Error(`profile transfer: ${r.status} ${r.text}`);
    }
  } finally {
    proto.query = original;
    await app.close();
    await database.close();
  }
  const byTarget: Record<string, number> = {};
  for (const text of seen) {
    const t = targetOf(text);
    byTarget[t] = (byTarget[t] ?? 0) + 1;
  }
  for (const k of Object.keys(byTarget))
    byTarget[k] = Math.round((byTarget[k]! / requests) * 100) / 100;
  return {
    requests,
    statementsPerRequest: Math.round((seen.length / requests) * 100) / 100,
    byTarget,
  };
}
