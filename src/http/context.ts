// What every request carries after the auth hook, and the helpers routes use to read it.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../lib/errors.ts';
import type { Actor } from '../modules/audit/record.ts';
import { actorOf, type Principal } from '../modules/auth/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** 'public': no session needed. 'partial': a session still owing its second factor may call. */
    access?: 'public' | 'partial';
  }
}

export const SESSION_COOKIE = 'tb_session';

/** The signed-in principal; routes not marked public never run without one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthenticated', 'sign in first');
  return req.principal;
}

export function actorFor(req: FastifyRequest): Actor {
  return actorOf(principalOf(req), String(req.id));
}
