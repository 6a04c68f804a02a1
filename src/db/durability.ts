// Durability of the embedded database (PGlite 0.5, PostgreSQL in WebAssembly).
//
// What PGlite does on its own (read from its dist/ code): it starts PostgreSQL with -F
// (fsync off); its Node filesystem (Emscripten NODEFS) has no fsync operation, so fsync()
// from PostgreSQL does nothing; and fdatasync() is a no-op in its syscall layer. Writes reach
// the operating system's page cache only: a killed process loses nothing, but an OS crash or a
// power cut can lose transactions that were reported committed.
//
// 'sync' (the default): PostgreSQL runs with fsync on and wal_sync_method=fsync, and NODEFS's
// fsync is wired to the real fsync(2). PostgreSQL's own commit path then flushes the WAL to
// the disk before a commit returns, and checkpoints sync data files, as on a server. When the
// data directory is opened, every file in it is synced once (PGlite's initdb and any relaxed
// run wrote without syncing).
// 'relaxed': PGlite's own behaviour, faster, named so that it is shown at start.
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

export type Durability = 'sync' | 'relaxed';

export const DURABILITY_NOTES: Record<Durability, string> = {
  sync: 'durability sync: each commit is on disk before it is acknowledged',
  relaxed:
    'durability RELAXED: commits are not synced to disk; an OS crash or power cut can lose the latest transfers',
};

/** PGlite 0.5.16's start parameters, used if a later version stops exposing its own. */
const PGLITE_DEFAULT_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
];

/** PGlite's start parameters without -F (fsync off), with the WAL synced by fsync(). */
export function syncStartParams(): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  const params = (defaults ?? PGLITE_DEFAULT_START_PARAMS).filter((p) => p !== '-F');
  return [
    ...params,
    '-c',
    'fsync=on',
    '-c',
    'synchronous_commit=on',
    '-c',
    'wal_sync_method=fsync',
  ];
}

interface NodeFsStream {
  nfd: number;
}
interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: NodeFsStream) => number };
  tryFSOperation?: (f: () => void) => void;
}
type PreRun = (mod: { NODEFS?: EmscriptenNodeFs }) => void;

/** NODEFS with a working fsync. `onFsync` (for tests and metrics) sees each synced fd. */
export class SyncNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly onFsync: (fd: number) => void = () => {},
  ) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const result = await super.init(...args);
    const opts = result.emscriptenOpts as { preRun?: PreRun[] };
    const wire: PreRun = (mod) => {
      const nodefs = mod.NODEFS;
      if (!nodefs) throw new Error('PGlite has no NODEFS: cannot make commits durable');
      nodefs.stream_ops.fsync = (stream) => {
        const sync = () => fsyncSync(stream.nfd);
        if (nodefs.tryFSOperation) nodefs.tryFSOperation(sync);
        else sync();
        this.onFsync(stream.nfd);
        return 0;
      };
    };
    opts.preRun = [wire, ...(opts.preRun ?? [])];
    return result;
  }
}

/** fsync every file and directory under dir (directories after their contents). */
export function fsyncTree(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) count += fsyncTree(full);
    else if (entry.isFile()) count += fsyncPath(full);
  }
  return count + fsyncPath(dir);
}

function fsyncPath(p: string): number {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return 1;
}

/** The PGlite options for a data directory in the given mode. */
export function pgliteStorageOptions(
  pgDir: string,
  mode: Durability,
  onFsync?: (fd: number) => void,
): Pick<PGliteOptions, 'dataDir' | 'fs' | 'startParams'> {
  if (mode === 'relaxed') return { dataDir: pgDir };
  return { dataDir: pgDir, fs: new SyncNodeFS(pgDir, onFsync), startParams: syncStartParams() };
}
