// Rate limits of the arguments board and fishbowl debates (@fastify/rate-limit, registered with
// global: false in app.ts). Writes are counted per signed-in person, and the API route and the
// page of the same write count together: one limiter (one store) per kind of write per app,
// added to both routes as an onRequest hook (route options' rateLimit would give each route a
// store of its own). Public pages are limited per address.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';

const byPerson = (req: FastifyRequest) => req.principal?.personId ?? req.ip;

export const LIMITS = {
  argument: { max: 20, timeWindow: '1 hour' },
  comment: { max: 30, timeWindow: '10 minutes' },
  report: { max: 20, timeWindow: '1 hour' },
  convinced: { max: 60, timeWindow: '1 minute' },
  contribution: { max: 30, timeWindow: '1 minute' },
  seat: { max: 30, timeWindow: '1 minute' },
  publicPage: { max: 120, timeWindow: '1 minute' },
} as const;
export type WriteKind = Exclude<keyof typeof LIMITS, 'publicPage'>;

/** The limiters of one app, keyed by the app's services (the same object for its API and pages). */
const limiters = new WeakMap<object, Map<WriteKind, onRequestHookHandler>>();

/**
 * The onRequest hook limiting one kind of write per person. Route-level hooks run after the
 * app's own onRequest hook, so the signed-in person is known.
 */
export function writeLimit(app: FastifyInstance, services: object, kind: WriteKind): onRequestHookHandler {
  let forApp = limiters.get(services);
  if (!forApp) {
    forApp = new Map();
    limiters.set(services, forApp);
  }
  let hook = forApp.get(kind);
  if (!hook) {
    hook = app.rateLimit({ ...LIMITS[kind], keyGenerator: byPerson }) as onRequestHookHandler;
    forApp.set(kind, hook);
  }
  return hook;
}

/** A public page or public API read, limited per address. */
export const publicLimit = { access: 'public' as const, rateLimit: { ...LIMITS.publicPage } };
