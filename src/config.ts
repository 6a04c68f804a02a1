// The one place that reads process.env. Everything else receives a Config.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  TIMEBANK_DATA_DIR: z.string().min(1).default('./data'),
  TIMEBANK_DURABILITY: z.enum(['sync', 'relaxed']).default('sync'),
  TIMEBANK_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  TIMEBANK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIMEBANK_PUBLIC_URL: z.string().url().optional(),
  TIMEBANK_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  TIMEBANK_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  TIMEBANK_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  TIMEBANK_DEMO: z.enum(['auto', 'off']).default('auto'),
});

export interface Config {
  port: number;
  host: string;
  /** Set: PostgreSQL server with a pool. Unset: embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  /** 'sync': every commit of the embedded database reaches the disk before it is acknowledged. */
  durability: 'sync' | 'relaxed';
  /** 32 bytes for encrypting secrets at rest (TOTP seeds, check numbers). */
  secretKey: Buffer;
  logLevel: string;
  publicUrl: string | undefined;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** 'auto': create the demo network when the database is empty. */
  demo: 'auto' | 'off';
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.TIMEBANK_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir,
    durability: e.TIMEBANK_DURABILITY,
    secretKey: e.TIMEBANK_SECRET_KEY
      ? Buffer.from(e.TIMEBANK_SECRET_KEY, 'hex')
      : loadOrCreateSecretKey(dataDir),
    logLevel: e.TIMEBANK_LOG_LEVEL,
    publicUrl: e.TIMEBANK_PUBLIC_URL,
    trustProxy: e.TIMEBANK_TRUST_PROXY === 'true',
    sessionIdleMinutes: e.TIMEBANK_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.TIMEBANK_SESSION_ABSOLUTE_HOURS,
    demo: e.TIMEBANK_DEMO,
  };
}

/** Without TIMEBANK_SECRET_KEY, a key is generated once and kept beside the data (mode 0600). */
function loadOrCreateSecretKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new ConfigError(`${file} does not hold a 64-hex-character key`);
    return Buffer.from(hex, 'hex');
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  return key;
}

/** A config for tests and tools: defaults plus overrides, no files touched. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    databasePoolMax: 4,
    dataDir: '',
    durability: 'relaxed',
    secretKey: Buffer.alloc(32, 7),
    logLevel: 'silent',
    publicUrl: undefined,
    trustProxy: false,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    demo: 'off',
    ...overrides,
  };
}
