// The authorization matrix (issue 4): every route of the app x every role x own timebank /
// other timebank / other network, each cell asserted allowed or denied. The routes come from
// the app's own route table, so a route added without a line in expectations.ts fails here.
// Denied: 401, 403, 404, or a page redirecting to sign-in. Allowed: anything else, except a
// refusal of the request's shape (the probe must pass validation, so what answers is the
// policy). MATRIX_PRINT=1 prints what each route allows, in the form expectations.ts uses.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/log.ts';
import { createLedger } from '../../src/modules/ledger/service.ts';
import type { Client } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/http.ts';
import { EXPECTED, FRESH_SESSION, RUN_LAST } from './expectations.ts';
import { MATRIX_SCRIPT, pathOf, PROBES } from './probes.ts';
import { CELLS, type Cell, clientFor, createMatrixWorld, type Matrix } from './subjects.ts';

const CLIENT_BUILD = fileURLToPath(new URL('../../dist/client', import.meta.url));

let server: TestServer;
let matrix: Matrix;
const clients = new Map<Cell, Client>();

beforeAll(async () => {
  server = await startTestServer({ config: { trustProxy: true } });
  const ledger = createLedger({ db: server.database.db, clock: systemClock, log: silentLogger });
  matrix = await createMatrixWorld(server.database.db, ledger, server.url);
  mkdirSync(CLIENT_BUILD, { recursive: true });
  writeFileSync(path.join(CLIENT_BUILD, MATRIX_SCRIPT), '// served to every cell\n');
  for (const cell of CELLS) clients.set(cell, await clientFor(server.url, matrix, cell));
}, 120_000);
afterAll(async () => {
  rmSync(path.join(CLIENT_BUILD, MATRIX_SCRIPT), { force: true });
  await server?.close();
});

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

interface Outcome {
  allowed: boolean;
  status: number;
  note: string;
}

async function call(key: string, cell: Cell): Promise<Outcome> {
  const [method, url] = key.split(' ') as [string, string];
  const probe = PROBES[key];
  const client = FRESH_SESSION.has(key) ? await clientFor(server.url, matrix, cell) : clients.get(cell)!;
  const path = pathOf(url, probe, matrix.targets);
  const r = probe?.form
    ? await client.request(method, path, new URLSearchParams(probe.form(matrix.targets)).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      })
    : await client.request(method, path, probe?.body?.(matrix.targets) ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
  const location = r.headers.get('location') ?? '';
  const code = (r.body as { code?: string } | undefined)?.code ?? '';
  // A JSON 403 is a denial only as `forbidden`: others (mfa_enrolment_required...) are refusals
  // of a request the policy let through. A page answers with its error page.
  const forbidden = r.status === 403 && (!code || code === 'forbidden' || code === 'csrf_invalid');
  const toSignIn = r.status >= 300 && r.status < 400 && location.startsWith('/sign-in?');
  const denied = r.status === 401 || r.status === 404 || forbidden || toSignIn;
  return { allowed: !denied, status: r.status, note: code || location };
}

describe('the authorization matrix', () => {
  it('has an expectation for every route of the app, and none for a route that is gone', () => {
    const routes = new Set(server.app.routeTable.map(keyOf));
    expect([...routes].filter((k) => !(k in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !routes.has(k))).toEqual([]);
    expect(Object.keys(PROBES).filter((k) => !routes.has(k))).toEqual([]);
  });

  it('allows and denies each route to each role, in each timebank and network, as expected', async () => {
    const wrong: string[] = [];
    const printed: string[] = [];
    const routes = [
      ...server.app.routeTable.filter((r) => !RUN_LAST.has(keyOf(r))),
      ...server.app.routeTable.filter((r) => RUN_LAST.has(keyOf(r))),
    ];
    for (const route of routes) {
      const key = keyOf(route);
      const allowedCells: Cell[] = [];
      const statuses: string[] = [];
      // The cells of one route are called at once (each has its own client and address); the
      // routes one after another, RUN_LAST at the end, so a route's probes see the state the
      // earlier routes left. A probe that changes something is written so that the cells after
      // the first still answer allowed or denied by the policy alone (409 for "already done").
      const outcomes = await Promise.all(CELLS.map((cell) => call(key, cell)));
      for (const [i, cell] of CELLS.entries()) {
        const o = outcomes[i]!;
        statuses.push(`${o.status}${o.note ? `:${o.note}` : ''}`);
        if (o.allowed) allowedCells.push(cell);
        if (o.status >= 500) wrong.push(`${key} as ${cell}: the server failed (${o.status} ${o.note}); a probe must get an answer, never an error`);
        if (o.allowed && o.status === 400 && key.includes(' /api/') && ['validation_failed', 'bad_request'].includes(o.note)) {
          wrong.push(`${key} as ${cell}: the probe fails validation (${o.status} ${o.note}); fix it in probes.ts`);
        }
        const expected = EXPECTED[key];
        if (expected && expected.includes(cell) !== o.allowed) {
          wrong.push(`${key} as ${cell}: ${o.allowed ? 'allowed' : 'denied'} (${o.status} ${o.note}), expected ${o.allowed ? 'denied' : 'allowed'}`);
        }
      }
      printed.push(`  '${key}': ${JSON.stringify(allowedCells)},${statuses.join(' ')}`);
    }
    if (process.env.MATRIX_PRINT) console.log(printed.join('\n'));
    expect(wrong).toEqual([]);
  }, 600_000);
});
