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
  // feat/assetmap: map tiles behind the geographic asset map, e.g. https://tile.example.org/{z}/{x}/{y}.png
  TIMEBANK_TILE_URL: z
    .string()
    .regex(/^https:\/\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*$/, 'an https URL with {z}, {x} and {y}')
    .optional(),
  TIMEBANK_SMTP_HOST: z.string().min(1).optional(),
  TIMEBANK_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TIMEBANK_SMTP_TLS: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  TIMEBANK_SMTP_USER: z.string().min(1).optional(),
  TIMEBANK_SMTP_PASSWORD: z.string().min(1).optional(),
  TIMEBANK_MAIL_FROM: z.string().min(3).optional(),
});

/** Mail over SMTP. tls: TLS from the first byte (port 465); starttls: upgrade, required; none: plain (a local relay). */
export interface SmtpConfig {
  host: string;
  port: number;
  tls: 'tls' | 'starttls' | 'none';
  user: string | undefined;
  password: string | undefined;
  /** The From address, e.g. "North Timebank <noreply@example.org>". */
  from: string;
}

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
  /** feat/assetmap: the tile server's URL template ({z}/{x}/{y}); none: the map draws the areas alone. */
  tileUrl?: string | undefined;
  /** null: no mail is sent; notifications wait in the outbox. */
  smtp: SmtpConfig | null;
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
    tileUrl: e.TIMEBANK_TILE_URL,
    smtp: smtpConfig(e),
  };
}

function smtpConfig(e: z.infer<typeof envSchema>): SmtpConfig | null {
  if (!e.TIMEBANK_SMTP_HOST) return null;
  if (!e.TIMEBANK_MAIL_FROM) throw new ConfigError('invalid configuration:\n  TIMEBANK_MAIL_FROM: required when TIMEBANK_SMTP_HOST is set');
  if ((e.TIMEBANK_SMTP_USER === undefined) !== (e.TIMEBANK_SMTP_PASSWORD === undefined)) {
    throw new ConfigError('invalid configuration:\n  TIMEBANK_SMTP_USER, TIMEBANK_SMTP_PASSWORD: give both or neither');
  }
  const defaultPort = { tls: 465, starttls: 587, none: 25 }[e.TIMEBANK_SMTP_TLS];
  return {
    host: e.TIMEBANK_SMTP_HOST,
    port: e.TIMEBANK_SMTP_PORT ?? defaultPort,
    tls: e.TIMEBANK_SMTP_TLS,
    user: e.TIMEBANK_SMTP_USER,
    password: e.TIMEBANK_SMTP_PASSWORD,
    from: e.TIMEBANK_MAIL_FROM,
  };
}

/** The base of links in mail: TIMEBANK_PUBLIC_URL, else the address the server listens on. */
export function publicBaseUrl(config: Config): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/, '');
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
    smtp: null,
    ...overrides,
  };
}
