// The embedded database belongs to one process at a time: PGlite has no server to share it,
// and two processes writing one data directory would corrupt it. Whoever opens the data
// directory holds `timebank.lock` in it (created exclusively; it names the process). A lock
// left by a process that has died (kill -9, power cut) is taken over; a live one is refused.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'timebank.lock';
export const CONTROL_SOCKET = 'control.sock';

export interface LockHolder {
  pid: number;
  /** What the holder is doing: 'serve', 'migrate', 'backup', 'restore'... */
  purpose: string;
  startedAt: string;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.purpose}, since ${holder.startedAt})`,
    );
    this.name = 'DataDirInUse';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Lock files this process holds, removed when it exits. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding the data directory, or undefined when it is free (or stale). */
export function lockHolder(dataDir: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    if (!Number.isInteger(holder.pid)) return undefined;
    const live =
      holder.pid === process.pid ? held.has(path.join(dataDir, LOCK_FILE)) : alive(holder.pid);
    return live ? holder : undefined;
  } catch {
    // Half written by a process that died while creating it.
    return undefined;
  }
}

process.once('exit', () => {
  for (const file of held) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
});

/** Takes the data directory for this process, or throws DataDirInUse naming who has it. */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, purpose, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(dataDir);
      if (holder) throw new DataDirInUse(dataDir, holder);
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        // someone else removed it first; try again
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    held.add(file);
    return {
      file,
      release() {
        if (!held.delete(file)) return;
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new Error(`could not take ${file}`);
}
