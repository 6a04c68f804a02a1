// Sessions from the cookie, the second-factor gate, and CSRF protection for cookie writes.
import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../lib/errors.ts';
import type { Auth } from '../modules/auth/service.ts';
import { SESSION_COOKIE } from './context.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes registered by plugins we do not configure route by route (API docs, static files). */
const PUBLIC_PREFIXES = ['/api/docs', '/assets/'];

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A cross-site form or fetch carries another Origin; refuse it even before a session exists. */
function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new DomainError('csrf_invalid', 'the Origin header is not a URL');
  }
  if (host !== req.host) throw new DomainError('csrf_invalid', 'cross-site request refused');
}

export function registerSecurity(app: FastifyInstance, auth: Auth): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (req) => {
    req.principal = await auth.resolve(req.cookies[SESSION_COOKIE]);
    const access = req.routeOptions.config.access;
    const url = req.routeOptions.url;
    if (access === 'public' || !url || PUBLIC_PREFIXES.some((prefix) => url.startsWith(prefix))) return;
    if (!req.principal) throw new DomainError('unauthenticated', 'sign in first');
    if (req.principal.stage !== 'ready' && access !== 'partial') {
      throw new DomainError(
        req.principal.stage === 'totp' ? 'mfa_required' : 'mfa_enrolment_required',
        req.principal.stage === 'totp' ? 'give the code from your authenticator app' : 'set up an authenticator app first',
      );
    }
  });

  // Cookie-authenticated writes need the session's CSRF token (header, or _csrf in a form).
  app.addHook('preValidation', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    checkOrigin(req);
    if (!req.principal) return;
    const body = req.body as Record<string, unknown> | undefined;
    const fromForm = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
    if (fromForm !== undefined && body) delete body._csrf;
    const header = req.headers['x-csrf-token'];
    const token = typeof header === 'string' ? header : fromForm;
    if (!sameToken(token, req.principal.csrfToken)) {
      throw new DomainError('csrf_invalid', 'the form has expired or did not come from this site: reload and try again');
    }
  });
}
