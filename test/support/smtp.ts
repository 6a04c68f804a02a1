// A real SMTP server inside the tests (smtp-server): it keeps what arrives, can refuse chosen
// recipients with a permanent 550 or every message with a 554, and can be stopped and started
// again on the same port.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SmtpConfig } from '../../src/config.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  subject: string;
  messageId: string;
}

function unfoldHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B|Q?...?=), as nodemailer writes non-ASCII subjects. */
export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_x, h: string) =>
                String.fromCharCode(Number.parseInt(h, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

export class TestSmtp {
  received: ReceivedMail[] = [];
  /** Recipients answered with 550 at RCPT TO. */
  refuseRecipients = new Set<string>();
  /** When set, every message is refused at the end of DATA with this code (e.g. 554). */
  refuseMessages: number | null = null;
  port = 0;
  private server: SMTPServer | null = null;

  private create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (this.refuseRecipients.has(address.address.toLowerCase())) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), {
            responseCode: 550,
          });
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refuseMessages) {
            return cb(
              Object.assign(new Error('5.7.1 message refused'), {
                responseCode: this.refuseMessages,
              }),
            );
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const headers = unfoldHeaders(raw);
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            headers,
            subject: decodeWords(headers.get('subject') ?? ''),
            messageId: headers.get('message-id') ?? '',
          });
          cb();
        });
      },
    });
  }

  async start(): Promise<void> {
    const server = this.create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The server's SMTP settings for the app: plain SMTP on localhost, no login. */
  config(from = 'Timebank <noreply@tb.example.org>'): SmtpConfig {
    return {
      host: '127.0.0.1',
      port: this.port,
      tls: 'none',
      user: undefined,
      password: undefined,
      from,
    };
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}
