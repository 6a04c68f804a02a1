import pino, { type Logger } from 'pino';

export type { Logger };

/** The root logger; modules take `log.child({ module: 'ledger' })`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'timebank' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.totpCode'],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
