import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../http/app.ts';

export const outcomePages: FastifyPluginAsyncZod<{ services: Services }> = async () => {};
