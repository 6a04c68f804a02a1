// /api/v1: the member agreement of a timebank, its versions and signatures.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';

export const AGREEMENT_MAX = 20_000;
const Body = z.string().trim().min(1).max(AGREEMENT_MAX);
export const PublishBody = z.strictObject({ bodyEn: Body.optional(), bodyPl: Body.optional() });
export const PaperSignatureBody = z.strictObject({ versionId: Uuid, signedOn: z.iso.date({ message: 'must be a real date, YYYY-MM-DD' }) });

const Version = z.object({ id: z.string(), version: z.number(), bodyEn: z.string().nullable(), bodyPl: z.string().nullable(), publishedAt: z.string() });
type VersionRow = NonNullable<Awaited<ReturnType<Services['agreements']['current']>>['version']>;
export const versionOut = (v: VersionRow): z.infer<typeof Version> => ({
  id: v.id,
  version: v.version,
  bodyEn: v.body_en,
  bodyPl: v.body_pl,
  publishedAt: v.published_at.toISOString(),
});
const Signature = z.object({ id: z.string(), versionId: z.string(), method: z.enum(['online', 'paper']), signedOn: z.string() });

export const agreementRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { agreements } = services;

  app.get(
    '/timebanks/:timebankId/agreement',
    {
      schema: {
        tags: ['agreement'],
        summary: 'The current version of the member agreement (null before the first), the default text, and whether I signed it',
        params: TimebankParams,
        response: {
          200: z.object({
            current: Version.nullable(),
            defaultText: z.object({ en: z.string(), pl: z.string() }),
            mySignature: z.object({ method: z.enum(['online', 'paper']), signedOn: z.string() }).nullable(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const r = await agreements.current(p, req.params.timebankId);
      const mine = await agreements.myStatus(p, req.params.timebankId);
      return {
        current: r.version ? versionOut(r.version) : null,
        defaultText: r.defaultText,
        mySignature: mine.signature ? { method: mine.signature.method, signedOn: mine.signature.signed_on } : null,
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/agreement/versions',
    {
      schema: {
        tags: ['agreement'],
        summary: 'Publish a new version (coordinators); everyone is asked to sign again',
        params: TimebankParams,
        body: PublishBody,
        response: { 201: z.object({ id: z.string(), version: z.number() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await agreements.publish(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.post(
    '/timebanks/:timebankId/agreement/signatures',
    {
      schema: {
        tags: ['agreement'],
        summary: 'Sign the current version online, for myself',
        params: TimebankParams,
        body: z.strictObject({ versionId: Uuid }),
        response: { 201: Signature, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await agreements.signOnline(principalOf(req), actorFor(req), req.params.timebankId, req.body.versionId)),
  );

  app.post(
    '/timebanks/:timebankId/members/:memberId/agreement/paper-signature',
    {
      schema: {
        tags: ['agreement'],
        summary: 'Record a member’s paper signature of the current version (brokers, coordinators)',
        params: z.strictObject({ timebankId: Uuid, memberId: Uuid }),
        body: PaperSignatureBody,
        response: { 201: Signature, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await agreements.recordPaper(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.get(
    '/timebanks/:timebankId/agreement/unsigned',
    {
      schema: {
        tags: ['agreement'],
        summary: 'Active members who have not signed the current version (brokers, coordinators)',
        params: TimebankParams,
        response: {
          200: z.object({
            current: Version.nullable(),
            items: z.array(z.object({ memberId: z.string(), personId: z.string(), displayName: z.string(), phone: z.string().nullable() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await agreements.unsigned(principalOf(req), req.params.timebankId);
      return {
        current: r.version ? versionOut(r.version) : null,
        items: r.members.map((m) => ({ memberId: m.member_id, personId: m.person_id, displayName: m.display_name, phone: m.phone })),
      };
    },
  );
};
