// While `timebank serve` holds the embedded database, other commands cannot open it (lock.ts).
// `timebank backup` still works: the server listens on a Unix socket in the data directory
// (`control.sock`, mode 0600, so only the account that owns the data can connect) and hands
// over a snapshot taken between statements. Nothing else is offered on the socket.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Logger } from '../lib/log.ts';
import { CONTROL_SOCKET } from './lock.ts';

/** Unix socket paths are limited to 107 bytes on Linux. */
const SOCKET_PATH_MAX = 107;

export function controlSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), CONTROL_SOCKET);
}

export interface ControlServer {
  readonly socketPath: string | undefined;
  close(): Promise<void>;
}

/** Serves snapshots on the data directory's control socket; call only while holding its lock. */
export async function serveControl(
  dataDir: string,
  snapshot: () => Promise<Uint8Array>,
  log: Logger,
): Promise<ControlServer> {
  const socketPath = controlSocketPath(dataDir);
  if (Buffer.byteLength(socketPath) > SOCKET_PATH_MAX) {
    log.warn(
      { socketPath },
      'data directory path too long for a control socket: backups need the server stopped',
    );
    return { socketPath: undefined, close: async () => {} };
  }
  // We hold the lock, so a socket file left here is from a process that died.
  if (existsSync(socketPath)) unlinkSync(socketPath);
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/snapshot') {
      res.writeHead(404).end();
      return;
    }
    snapshot().then(
      (bytes) => {
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length });
        res.end(bytes);
        log.info({ bytes: bytes.length }, 'snapshot handed to timebank backup');
      },
      (err: unknown) => {
        log.error({ err }, 'snapshot for timebank backup failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Asks the server holding the data directory for a snapshot. */
export function requestSnapshot(dataDir: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: controlSocketPath(dataDir), path: '/snapshot', method: 'POST' },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          if (res.statusCode !== 200)
            reject(new Error(`the server could not take a snapshot: ${body.toString()}`));
          else resolve(new Uint8Array(body));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function hasControlSocket(dataDir: string): boolean {
  return existsSync(controlSocketPath(dataDir));
}
