// The real server as a child process (`node bin/timebank.js serve`), for tests and benchmarks
// that must kill it, restart it, or keep it apart from the process generating the load.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO_ROOT, 'bin', 'timebank.js');
const OUTPUT_KEPT_CHARS = 20_000;

/** A TCP port nobody listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** The last lines the server wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown, no flushing; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** Added to a clean environment: TIMEBANK_DATA_DIR or DATABASE_URL, and any other setting. */
  env: Record<string, string>;
  port: number;
  /** How long to wait for /readyz (default 60 s: a loaded machine starts tsx slowly). */
  readyTimeoutMs?: number;
  /** Write the server's output to this file instead of keeping its tail in memory (a
   * benchmark at log level info must not pay for reading every log line back). */
  logFile?: string;
  /** Node arguments instead of `bin/timebank.js serve` (a benchmark's variant of the server). */
  nodeArgs?: string[];
}

/** Environment variables of the parent that must not leak into the server's configuration
 * (with every TIMEBANK_* one: the server runs with the defaults unless `env` says otherwise). */
const DROPPED = [
  'DATABASE_URL',
  'DATABASE_POOL_MAX',
  'TEST_DATABASE_URL',
  'PORT',
  'HOST',
  'NODE_OPTIONS',
];

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `timebank serve` and resolves once /readyz answers 200. */
export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    const dropped = DROPPED.includes(k) || k.startsWith('VITEST') || k.startsWith('TIMEBANK_');
    if (v !== undefined && !dropped) env[k] = v;
  }
  Object.assign(env, {
    TIMEBANK_DEMO: 'off',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    ...opts.env,
  });
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  const child = spawn(process.execPath, opts.nodeArgs ?? [BIN, 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
  });
  if (logFd !== undefined) closeSync(logFd);
  let kept = '';
  const keep = (chunk: Buffer) => {
    kept = (kept + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const out = () =>
    opts.logFile ? readFileSync(opts.logFile, 'utf8').slice(-OUTPUT_KEPT_CHARS) : kept;
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`timebank serve exited (${child.exitCode ?? child.signalCode}):\n${out()}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`timebank serve did not become ready:\n${out()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    output: out,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop(graceMs = 15_000) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited(child);
      clearTimeout(timer);
      return code;
    },
  };
}
