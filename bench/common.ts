// Helpers of the benchmarks: statistics, server databases, pgbench, and where the CPU went.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

export function urlFor(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function recreateDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}

function connArgs(name: string): string[] {
  const u = new URL(urlFor(name));
  const user = decodeURIComponent(u.username || 'postgres');
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', user];
}

/** Runs pgbench on a database of the server and returns its tps. */
export async function pgbench(name: string, args: string[]): Promise<number> {
  const { stdout } = await run('pgbench', [...connArgs(name), ...args, name], {
    maxBuffer: 1 << 24,
  });
  const m = /tps = ([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(m[1]);
}

/** pgbench -i: the TPC-B-like tables at this scale. */
export async function pgbenchInit(name: string, scale: number): Promise<void> {
  await run('pgbench', [...connArgs(name), '-i', '-q', '-s', String(scale), name], {
    maxBuffer: 1 << 24,
  });
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, from /proc; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / CLOCK_TICKS_PER_SECOND, total: total / CLOCK_TICKS_PER_SECOND };
}

async function backendCpu(database: string | undefined): Promise<Map<number, number>> {
  if (!database) return new Map();
  const rows = await admin((c) =>
    c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]),
  );
  return new Map(rows.rows.map((r) => [r.pid, processCpuSeconds(r.pid)]));
}

/** Where the CPU went during a run, in CPU seconds. */
export interface CpuUse {
  /** The app server process. */
  app: number;
  /** PostgreSQL backends connected to the measured database (none on PGlite: it runs inside
   * the app process). */
  postgres: number;
  /** This process: the load generator. */
  loadGenerator: number;
  /** Every core of the machine, busy; what the three above do not explain is someone else. */
  machineBusy: number;
  machineTotal: number;
}

/** Starts measuring; the returned function stops and gives the CPU used in between. */
export async function cpuProbe(
  appPid: number | undefined,
  database: string | undefined,
): Promise<() => Promise<CpuUse>> {
  const app0 = appPid ? processCpuSeconds(appPid) : 0;
  const own0 = process.cpuUsage();
  const backends0 = await backendCpu(database);
  const m0 = machineCpu();
  return async () => {
    const m1 = machineCpu();
    const own = process.cpuUsage(own0);
    const backends1 = await backendCpu(database);
    let postgres = 0;
    for (const [pid, cpu] of backends1) postgres += cpu - (backends0.get(pid) ?? 0);
    return {
      app: appPid ? processCpuSeconds(appPid) - app0 : 0,
      postgres,
      loadGenerator: (own.user + own.system) / 1e6,
      machineBusy: m1.busy - m0.busy,
      machineTotal: m1.total - m0.total,
    };
  };
}

/** CPU milliseconds per operation, per part and for the whole machine (everything busy,
 * divided by the operations: the all-in cost, load generator included, and anyone else's
 * work at the same time), and how busy the machine was. */
export function cpuPerOperation(cpu: CpuUse, operations: number) {
  const per = (s: number) => (operations > 0 ? Math.round((s * 100_000) / operations) / 100 : 0);
  return {
    appMs: per(cpu.app),
    postgresMs: per(cpu.postgres),
    loadGeneratorMs: per(cpu.loadGenerator),
    machineMs: per(cpu.machineBusy),
    /** What the machine did besides the three parts: other processes (someone else's work
     * on a shared machine; for pgbench, pgbench and its backends). */
    othersMs: per(Math.max(0, cpu.machineBusy - cpu.app - cpu.postgres - cpu.loadGenerator)),
    machineBusyShare: Math.round((cpu.machineBusy / cpu.machineTotal) * 100) / 100,
  };
}

export type CpuPerOperation = ReturnType<typeof cpuPerOperation>;
