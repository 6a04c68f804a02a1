// /api/v1/auth/* and /api/v1/session/*: thin handlers over the auth service.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, SESSION_COOKIE } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import type { Services } from '../../http/app.ts';
import { PASSWORD_MAX_LENGTH } from './password.ts';
import type { Principal } from './principal.ts';

const Stage = z.enum(['totp', 'enrol', 'ready']);
const Code = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') });

export const MeSchema = z.object({
  personId: z.string(),
  networkId: z.string(),
  displayName: z.string(),
  locale: z.string(),
  stage: Stage,
  csrfToken: z.string(),
  totpEnabled: z.boolean(),
  currentTimebankId: z.string().nullable(),
  actingFor: z.object({ personId: z.string(), displayName: z.string() }).nullable(),
  memberships: z.array(z.object({ memberId: z.string(), timebankId: z.string(), status: z.string() })),
  roles: z.array(z.object({ role: z.string(), timebankId: z.string().nullable() })),
});

export function meOf(p: Principal): z.infer<typeof MeSchema> {
  return {
    personId: p.personId,
    networkId: p.networkId,
    displayName: p.displayName,
    locale: p.locale,
    stage: p.stage,
    csrfToken: p.csrfToken,
    totpEnabled: p.totpEnabled,
    currentTimebankId: p.currentTimebankId,
    actingFor: p.actingFor,
    memberships: p.memberships,
    roles: p.grants.map((g) => ({ role: g.role, timebankId: g.timebankId })),
  };
}

/** HttpOnly, SameSite=Lax; Secure whenever the request came over TLS (directly or via a trusted proxy). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, value: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export const authRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { auth } = services;

  app.post(
    '/auth/sign-in',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: z.strictObject({
          email: z.string().trim().min(3).max(320),
          password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
        }),
        response: { 200: z.object({ stage: Stage, expiresAt: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const s = await auth.signIn({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(req, reply, s.cookie, s.expiresAt);
      return { stage: s.stage, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/totp',
    {
      config: { access: 'partial', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Give the second factor', body: Code, response: { 204: z.null(), ...problemResponses } },
    },
    async (req, reply) => {
      await auth.verifySecondFactor(principalOf(req), req.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/totp/enrolment',
    {
      config: { access: 'partial' },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app',
        response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() }), ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return auth.beginEnrolment(p, p.displayName);
    },
  );

  app.post(
    '/auth/totp/enrolment/confirm',
    {
      config: { access: 'partial' },
      schema: { tags: ['auth'], summary: 'Finish setting up with a current code', body: Code, response: { 204: z.null(), ...problemResponses } },
    },
    async (req, reply) => {
      await auth.confirmEnrolment(principalOf(req), req.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out',
    { config: { access: 'partial' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.signOut(principalOf(req));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { config: { access: 'partial' }, schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: MeSchema, ...problemResponses } } },
    async (req) => meOf(principalOf(req)),
  );

  app.put(
    '/session/acting-for',
    {
      schema: {
        tags: ['auth'],
        summary: 'Act for a member (brokers and coordinators of their timebank)',
        body: z.strictObject({ personId: Uuid }),
        response: { 200: z.object({ personId: z.string(), displayName: z.string() }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await auth.actFor(principalOf(req), req.body.personId, String(req.id));
      return { personId: req.body.personId, displayName: r.displayName };
    },
  );

  app.delete(
    '/session/acting-for',
    { schema: { tags: ['auth'], summary: 'Stop acting for a member', response: { 204: z.null(), ...problemResponses } } },
    async (req, reply) => {
      await auth.stopActing(principalOf(req), String(req.id));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/session/timebank',
    {
      schema: {
        tags: ['auth'],
        summary: 'Switch the current timebank',
        body: z.strictObject({ timebankId: Uuid }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await auth.switchTimebank(principalOf(req), req.body.timebankId);
      return reply.code(204).send(null);
    },
  );
};
