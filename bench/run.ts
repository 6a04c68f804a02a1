// npm run bench -- <target>: runs benchmarks, writes JSON under bench/results/ and prints a
// summary with every figure against its target (issue 3, docs/performance.md).
//
//   ledger   everything about the ledger, in one run: bench/ledger.ts (pgbench against the
//            posting function, the service, PGlite's service against bare SQL), then
//            bench/http.ts (pgbench against the full HTTP API, hot and uncontended, p99 at
//            half the maximum rate, the profile, PGlite's HTTP path against bare SQL)
//   http     bench/http.ts alone
//   search   bench/search.ts: listing search over 300,000 listings, p95 against 50 ms
//   matching bench/matching.ts: ranking a request in a timebank of 100,000 members within a
//            network of 1,000,000, p95 against 50 ms (feat/matching)
//   assetmap bench/assetmap.ts: the asset map's data for 1,000,000 members, against 1 s
//
// Settings (environment): BENCH_SECONDS per measurement (5), BENCH_ROUNDS (3), BENCH_CLIENTS
// (8), BENCH_HISTORY transfers loaded first (40,000), BENCH_DATABASE_URL (the server's
// maintenance database, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_KEEP=1
// keeps the benchmark databases.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HttpBenchResult, runHttpBench } from './http.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const LEDGER_BENCH = path.join(BENCH_DIR, 'ledger.ts');

const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  clients: Number(process.env.BENCH_CLIENTS ?? 8),
  history: Number(process.env.BENCH_HISTORY ?? 40_000),
};

const say = (line: string) => console.log(line);
const round = (x: number) => Math.round(x);

/** The subset of bench/ledger.ts's JSON the summary reads. */
interface LedgerBenchResult {
  server: {
    medians: Record<string, number>;
    ratios: {
      functionColdVsPgbench: number;
      serviceColdVsPgbench: number;
      functionHotVsCold: number;
      serviceHotVsCold: number;
    };
    violations: number;
  };
  pglite: Record<string, { bareSqlTps: number; serviceTps: number }>;
}

/** Runs bench/ledger.ts in its own process (it runs when loaded) and reads the JSON it wrote. */
function runLedgerBench(): Promise<{ file: string; result: LedgerBenchResult }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, LEDGER_BENCH], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_SECONDS: String(settings.seconds) },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const m = /written (\S+\.json)/.exec(out);
      if (code !== 0 || !m) {
        reject(new Error(`bench/ledger.ts exited with ${code}`));
        return;
      }
      resolve({ file: m[1]!, result: JSON.parse(readFileSync(m[1]!, 'utf8')) });
    });
  });
}

interface Target {
  figure: string;
  value: number | null;
  target: string;
  met: boolean | null;
  source: string;
}

function target(
  figure: string,
  value: number | undefined,
  op: '>=' | '<=',
  bound: number,
  source: string,
): Target {
  if (value === undefined || Number.isNaN(value)) {
    return { figure, value: null, target: `${op} ${bound}`, met: null, source };
  }
  return {
    figure,
    value,
    target: `${op} ${bound}`,
    met: op === '>=' ? value >= bound : value <= bound,
    source,
  };
}

function targets(ledger: LedgerBenchResult | undefined, http: HttpBenchResult | undefined) {
  const s = http?.server;
  return [
    target('HTTP path / pgbench TPC-B', s?.ratios.httpVsPgbench, '>=', 0.5, 'http.ts'),
    target(
      'posting function alone / pgbench TPC-B',
      ledger?.server.ratios.functionColdVsPgbench,
      '>=',
      1.0,
      'ledger.ts',
    ),
    target('10 hot / 10,000 accounts, HTTP', s?.ratios.httpHotVsCold, '>=', 0.7, 'http.ts'),
    target(
      '10 hot / 10,000 accounts, posting function',
      ledger?.server.ratios.functionHotVsCold,
      '>=',
      0.7,
      'ledger.ts',
    ),
    target(
      'p99 ms at half the max rate, HTTP, 10,000 accounts',
      s?.halfRate.cold.p99Ms,
      '<=',
      25,
      'http.ts',
    ),
    target('p99 ms at half the max rate, HTTP, 10 hot', s?.halfRate.hot.p99Ms, '<=', 25, 'http.ts'),
    target(
      'PGlite HTTP / bare SQL loop (sync)',
      http?.pglite.sync.httpVsBare,
      '>=',
      0.7,
      'http.ts',
    ),
    target(
      'PGlite HTTP / bare SQL loop (relaxed)',
      http?.pglite.relaxed.httpVsBare,
      '>=',
      0.7,
      'http.ts',
    ),
  ];
}

function printSummary(
  ledger: LedgerBenchResult | undefined,
  http: HttpBenchResult | undefined,
  list: Target[],
) {
  say('\n== summary (transfers/s, medians)');
  if (ledger) {
    const m = ledger.server.medians;
    say(
      `ledger.ts: pgbench ${m.pgbenchTpcbTps}; ledger_post via pgbench: 10,000 accounts ${m.functionColdTps}, 10 hot ${m.functionHotTps}; service from Node ${m.serviceColdTps} / hot ${m.serviceHotTps}`,
    );
  }
  if (http) {
    const m = http.server.medians;
    say(
      `http.ts: pgbench ${m.pgbenchTps}; HTTP 10,000 accounts ${m.httpColdTps} (p50 ${m.httpColdP50Ms} ms, p99 ${m.httpColdP99Ms} ms), 10 hot ${m.httpHotTps} (p99 ${m.httpHotP99Ms} ms)`,
    );
    say(
      `  CPU per transfer, whole machine: HTTP ${m.httpColdMachineCpuMs} ms (app ${m.httpColdAppCpuMs}, PostgreSQL ${m.httpColdPostgresCpuMs}, load generator ${m.httpColdLoadGeneratorCpuMs}); pgbench transaction ${m.pgbenchMachineCpuMs} ms`,
    );
    const p = http.server.profile;
    const r = http.server.ratios;
    say(
      `  statements per request ${p.statements.statementsPerRequest}: ${JSON.stringify(p.statements.byTarget)}`,
    );
    say(
      `  profile, interleaved: served (info) ${p.logLevelInfo.tps}/s; log level warn ${p.logLevelWarn.tps}/s (${r.logLevelWarnVsInfo} x); what-if, lookups in memory ${p.whatIfLookupsInMemory.tps}/s (${r.whatIfVsServed} x served, ${r.whatIfVsPgbench} x pgbench), p99 at half its rate ${p.whatIfLookupsInMemory.halfRate.p99Ms} ms`,
    );
    for (const mode of ['sync', 'relaxed'] as const) {
      const g = http.pglite[mode];
      say(
        `  PGlite ${mode}: bare SQL ${g.bareSqlTps}, HTTP ${g.httpTps} (p99 ${g.httpP99Ms} ms), what-if ${round(g.whatIfLookupsInMemory.tps)} = ${g.whatIfVsBare} x bare`,
      );
    }
  }
  say('\n== targets');
  for (const t of list) {
    const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED';
    say(`${verdict.padEnd(12)} ${t.figure}: ${t.value ?? '-'} (target ${t.target}; ${t.source})`);
  }
}

async function main(): Promise<void> {
  const what = process.argv[2] ?? 'ledger';
  // search: the listing search over 300,000 listings (bench/search.ts, docs/performance.md).
  if (what === 'search') {
    await import('./search.ts');
    return;
  }
  // matching: ranking a request's candidates (bench/matching.ts, docs/performance.md; feat/matching).
  if (what === 'matching') {
    await import('./matching.ts');
    return;
  }
  // feat/assetmap: the community asset map's data for 1,000,000 members (bench/assetmap.ts).
  if (what === 'assetmap') {
    await import('./assetmap.ts');
    return;
  }
  if (what !== 'ledger' && what !== 'http') {
    console.error('usage: npm run bench -- ledger|http|search|matching|assetmap');
    process.exit(2);
  }
  const startedAt = new Date().toISOString();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() };
  say(`bench ${what}: ${JSON.stringify(settings)}, load average ${loadavg()[0]!.toFixed(2)}`);
  const failures: string[] = [];
  let ledger: { file: string; result: LedgerBenchResult } | undefined;
  if (what === 'ledger') {
    if (existsSync(LEDGER_BENCH)) {
      say('\n== bench/ledger.ts');
      ledger = await runLedgerBench().catch((err: Error) => {
        failures.push(err.message);
        return undefined;
      });
    } else {
      failures.push('bench/ledger.ts is missing: the posting-function figures are not measured');
    }
  }
  say('\n== bench/http.ts');
  const http = await runHttpBench({ ...settings, say }).catch((err: Error) => {
    failures.push(`bench/http.ts: ${err.stack ?? err.message}`);
    return undefined;
  });
  const list = targets(ledger?.result, http);
  const result = {
    startedAt,
    machine,
    loadAverageAtEnd: loadavg(),
    settings,
    ledgerResultFile: ledger?.file ?? null,
    ledger: ledger?.result ?? null,
    http: http ?? null,
    targets: list,
    failures,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${what}-run-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printSummary(ledger?.result, http, list);
  for (const f of failures) console.error(`failed: ${f}`);
  say(`\nwritten ${file}`);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
