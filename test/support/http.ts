// A real HTTP server on a free port over a fresh database, and a client that keeps cookies.
import type { FastifyInstance } from 'fastify';
import { testConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { type Clock, systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/log.ts';
import { freshDatabase, type TestDatabase } from './db.ts';
import { PASSWORD } from './fixtures.ts';

export interface TestServer {
  app: FastifyInstance;
  database: TestDatabase;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(opts: { clock?: Clock; config?: Parameters<typeof testConfig>[0] } = {}): Promise<TestServer> {
  const database = await freshDatabase();
  const config = testConfig(opts.config);
  const app = await buildApp({ config, database, clock: opts.clock ?? systemClock, log: silentLogger });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    database,
    url,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface Response<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** An HTTP client with a cookie jar and the session's CSRF token. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | undefined;
  /** `headers` go with every request (a test may set x-forwarded-for, say). */
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      if (typeof body === 'string') payload = body;
      else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(new URL(path, this.base), { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  /** Signs in through the API and picks up the CSRF token from /me. */
  async signIn(email: string, password = PASSWORD): Promise<Response<{ stage: string; code?: string }>> {
    const r = await this.post('/api/v1/auth/sign-in', { email, password });
    if (r.status === 200) {
      const me = await this.get<{ csrfToken: string }>('/api/v1/me');
      this.csrf = me.body.csrfToken;
    }
    return r;
  }
}
