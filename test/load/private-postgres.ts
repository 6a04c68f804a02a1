// A throwaway PostgreSQL cluster of our own (initdb in a temporary directory, its own port
// and socket directory), so that a test may kill -9 the database server without touching
// the shared server other people's tests and benchmarks are using. Needs the PostgreSQL
// server binaries (pg_config --bindir); as root, the cluster runs as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.ts';

function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'the PostgreSQL server binaries are needed: set PG_BINDIR or put pg_config on PATH',
    );
  }
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
function pgRun(bin: string, args: string[]): string {
  const exe = path.join(binDir(), bin);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return execFileSync(cmd, argv as string[], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Still in the process table, zombies included: PostgreSQL refuses to start while the
 * pid in its lock file exists, so a killed postmaster must also have been reaped. */
const exists = (pid: number) => existsSync(`/proc/${pid}`);

/** Children of a process, read from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export interface PrivateCluster {
  readonly url: string;
  readonly port: number;
  /** SIGKILL to the postmaster and every process it started, at once, as a crash would. */
  kill9(): Promise<void>;
  /** Starts the cluster (after a kill: crash recovery from the WAL) and waits for it. */
  start(): void;
  /** Stops it and removes its directory. */
  dispose(): void;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'timebank-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c fsync=on',
    '-c synchronous_commit=on',
    '-c shared_buffers=32MB',
    '-c max_connections=40',
  ].join(' ');
  const start = () => {
    pgRun('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async kill9() {
      const pidFile = path.join(data, 'postmaster.pid');
      const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      const all = [postmaster, ...childrenOf(postmaster)];
      for (const pid of all) process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (all.some(exists)) {
        if (Date.now() > deadline) throw new Error('the killed PostgreSQL processes did not end');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    start,
    dispose() {
      if (existsSync(path.join(data, 'postmaster.pid'))) {
        try {
          pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // already down
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
