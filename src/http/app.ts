// The app factory: everything wired here, nothing listens. Only server.ts calls listen().
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/log.ts';
import { createSecretBox } from '../lib/secretbox.ts';
import { activityCalendar } from '../modules/activities/calendar.ts';
import { activityRoutes } from '../modules/activities/routes.ts';
import { createActivities } from '../modules/activities/service.ts';
import { calendarRoutes } from '../modules/calendar/routes.ts';
import { createCalendar } from '../modules/calendar/service.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { createAuth } from '../modules/auth/service.ts';
import { agreementRoutes } from '../modules/agreements/routes.ts';
import { createAgreements } from '../modules/agreements/service.ts';
import { categoryRoutes } from '../modules/categories/routes.ts';
import { createCategories } from '../modules/categories/service.ts';
import { directoryRoutes } from '../modules/directory/routes.ts';
// exchanges (feat/exchanges)
import { exchangeRoutes } from '../modules/exchanges/routes.ts';
import { exchangeCalendar } from '../modules/exchanges/calendar.ts';
import { createExchanges } from '../modules/exchanges/service.ts';
import { exchangePages } from '../web/exchanges/routes.tsx';
import { createDirectory } from '../modules/directory/service.ts';
import { createLedgerAccess } from '../modules/ledger/access.ts';
import { joiningRoutes } from '../modules/joining/routes.ts';
import { createJoining } from '../modules/joining/service.ts';
import { ledgerRoutes } from '../modules/ledger/routes.ts';
import { createLedger } from '../modules/ledger/service.ts';
import { notificationRoutes } from '../modules/notifications/routes.ts';
import { createNotifications } from '../modules/notifications/service.ts';
import { organisationRoutes } from '../modules/organisations/routes.ts';
import { createOrganisations } from '../modules/organisations/service.ts';
import { peopleRoutes } from '../modules/people/routes.ts';
import { preferenceRoutes } from '../modules/preferences/routes.ts';
import { createPreferences } from '../modules/preferences/service.ts';
import { createPeople } from '../modules/people/service.ts';
import { referenceRoutes } from '../modules/references/routes.ts';
import { createReferences } from '../modules/references/service.ts';
import { profileRoutes } from '../modules/profiles/routes.ts';
import { createProfiles } from '../modules/profiles/service.ts';
import { reportRoutes } from '../modules/reports/routes.ts';
import { createReports } from '../modules/reports/service.ts';
// feat/reports
import { createReportSettings } from '../modules/reports/settings.ts';
import { openDataRoutes } from '../modules/opendata/routes.ts';
import { createOpenData } from '../modules/opendata/service.ts';
import { reportPageRoutes } from '../web/reports/routes.tsx';
// my record, broker notes, data rights (feat/record)
import { recordRoutes } from '../modules/record/routes.ts';
import { createRecord } from '../modules/record/service.ts';
import { dataRightsRoutes } from '../modules/datarights/routes.ts';
import { createDataRights } from '../modules/datarights/service.ts';
import { safeguardingRoutes } from '../modules/safeguarding/routes.ts';
import { createSafeguarding } from '../modules/safeguarding/service.ts';
import { tenancyRoutes } from '../modules/tenancy/routes.ts';
// listings and search (docs/listings.md)
import { listingRoutes } from '../modules/listings/routes.ts';
import { createListings } from '../modules/listings/service.ts';
import { createSubscriptions } from '../modules/listings/subscriptions.ts';
import { searchRoutes } from '../modules/search/routes.ts';
import { createSearch } from '../modules/search/service.ts';
import { listingPages } from '../web/listings/routes.tsx';
// broker matching (feat/matching, docs/matching.md)
import { createCalls } from '../modules/matching/calls.ts';
import { matchingRoutes } from '../modules/matching/routes.ts';
import { createMatching } from '../modules/matching/service.ts';
import { matchingPages } from '../web/matching/routes.tsx';
import { createTenancy } from '../modules/tenancy/service.ts';
// capability conversations and the community asset map (feat/assetmap)
import { assetRoutes } from '../modules/assets/routes.ts';
import { createAssets } from '../modules/assets/service.ts';
import { assetMapRoutes } from '../modules/assetmap/routes.ts';
import { createAssetMap } from '../modules/assetmap/service.ts';
import { capabilityRoutes } from '../modules/capabilities/routes.ts';
import { createCapabilities } from '../modules/capabilities/service.ts';
import { assetMapPages } from '../web/assetmap/routes.tsx';
import { activityPages } from '../web/activities/routes.tsx';
import { availabilityPages } from '../web/availability/routes.tsx';
import { hoursRoutes } from '../web/hours/routes.tsx';
import { ledgerAdminRoutes } from '../web/ledger-admin/routes.tsx';
import { joiningPages } from '../web/joining/routes.tsx';
import { notificationPages } from '../web/notifications/routes.tsx';
import { profilePages } from '../web/profile/routes.tsx';
import { renderErrorPage, webRoutes } from '../web/routes.tsx';
// feat/arguments
import { argumentRoutes } from '../modules/arguments/routes.ts';
import { createArguments } from '../modules/arguments/service.ts';
import { fishbowlRoutes } from '../modules/fishbowl/routes.ts';
import { createFishbowl } from '../modules/fishbowl/service.ts';
import { argumentPages } from '../web/arguments/routes.tsx';
import { fishbowlPages } from '../web/fishbowl/routes.tsx';
import { safeguardingPages } from '../web/safeguarding/routes.tsx';
import { recordPages } from '../web/record/routes.tsx';
import { organisationPages } from '../web/organisations/routes.tsx';
import { editCheckPages } from '../web/safeguarding/edit-check.tsx';
// feat/outcomes (docs/outcomes.md)
import { createProjects } from '../modules/outcomes/projects.ts';
import { createOutcomeReports } from '../modules/outcomes/report.ts';
import { outcomeRoutes } from '../modules/outcomes/routes.ts';
import { createOutcomes } from '../modules/outcomes/service.ts';
import { outcomePages } from '../web/outcomes/routes.tsx';
// wellbeing check-ins and social value (feat/wellbeing)
import { socialValueRoutes } from '../modules/socialvalue/routes.ts';
import { createSocialValue } from '../modules/socialvalue/service.ts';
import { wellbeingRoutes } from '../modules/wellbeing/routes.ts';
import { createWellbeing } from '../modules/wellbeing/service.ts';
import { socialValuePages } from '../web/socialvalue/routes.tsx';
import { wellbeingPages } from '../web/wellbeing/routes.tsx';
import { registerMetrics } from './metrics.ts';
import { problem, sendProblem, toProblem } from './problem.ts';
import { registerSecurity } from './security.ts';

export interface RouteEntry {
  method: string;
  url: string;
  access: 'public' | 'partial' | 'private';
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  log: Logger;
}

export const BODY_LIMIT_BYTES = 256 * 1024;

export function createServices(deps: AppDeps) {
  const { database, clock, log, config } = deps;
  const db = database.db;
  const secretBox = createSecretBox(config.secretKey);
  const auth = createAuth({
    db,
    clock,
    log: log.child({ module: 'auth' }),
    secretBox,
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
  });
  const people = createPeople({ db, clock, log: log.child({ module: 'people' }) });
  const ledger = createLedger({ db, clock, log });
  const tenancy = createTenancy({ db, openLedger: (actor, timebankId) => ledger.openTimebank(actor, { timebankId }) });
  const organisations = createOrganisations({ db });
  const reports = createReports({ db, clock });
  // feat/reports: thresholds and open-data choices
  const reportSettings = createReportSettings({ db, clock });
  const openData = createOpenData({ db, clock, config });
  const ledgerAccess = createLedgerAccess({ db, ledger });
  const joining = createJoining({ db, clock, log: log.child({ module: 'joining' }) });
  const references = createReferences({ db, clock, secretKey: config.secretKey });
  const agreements = createAgreements({ db, clock });
  const safeguarding = createSafeguarding({ db, clock, secretBox });
  const preferences = createPreferences({ db, clock, log: log.child({ module: 'preferences' }), people });
  const notifications = createNotifications({ db, clock, config });
  const categories = createCategories({ db });
  const profiles = createProfiles({ db });
  const directory = createDirectory({ db, clock });
  // feat/arguments
  const args = createArguments({ db, clock });
  const fishbowl = createFishbowl({ db, clock, log: log.child({ module: 'fishbowl' }) });
  // Activities and the calendar feed (docs/activities.md, docs/calendar.md). Each module that has
  // events for a person's calendar adds its provider to this list, one line each.
  const activities = createActivities({ db, clock, ledger, log: log.child({ module: 'activities' }) });
  const calendarProviders = [activityCalendar(db), exchangeCalendar(db)];
  const calendar = createCalendar({ db, clock, config, log: log.child({ module: 'calendar' }), providers: calendarProviders });
  // exchanges (feat/exchanges)
  const exchanges = createExchanges({ db, clock, log: log.child({ module: 'exchanges' }), ledger });
  // my record, broker notes, data rights (feat/record)
  const record = createRecord({ db, clock, safeguarding });
  const dataRights = createDataRights({ db, clock, record });
  // listings and search (docs/listings.md)
  const listings = createListings({ db, clock, log: log.child({ module: 'listings' }) });
  const subscriptions = createSubscriptions({ db, clock });
  const search = createSearch({ db, clock });
  // feat/outcomes (docs/outcomes.md)
  const outcomes = createOutcomes({ db, clock });
  const outcomeProjects = createProjects({ db, clock });
  const outcomeReports = createOutcomeReports({ db });
  // broker matching (feat/matching, docs/matching.md)
  const matching = createMatching({ db, clock, safeguarding });
  const matchingCalls = createCalls({ db, clock, matching, exchanges });
  // wellbeing check-ins and social value (feat/wellbeing)
  const wellbeing = createWellbeing({ db, clock });
  const socialValue = createSocialValue({ db, clock, wellbeing, ledger });
  // capability conversations and the community asset map (feat/assetmap)
  const capabilities = createCapabilities({ db, clock });
  const assets = createAssets({ db, clock });
  const assetMap = createAssetMap({ db, clock, log: log.child({ module: 'assetmap' }), activities });
  return {
    auth,
    people,
    tenancy,
    organisations,
    reports,
    // feat/reports
    reportSettings,
    openData,
    ledger,
    ledgerAccess,
    joining,
    references,
    agreements,
    safeguarding,
    preferences,
    notifications,
    categories,
    profiles,
    directory,
    // feat/arguments
    arguments: args,
    fishbowl,
    activities,
    calendar,
    // exchanges (feat/exchanges)
    exchanges,
    record,
    dataRights,
    listings,
    subscriptions,
    search,
    // feat/outcomes
    outcomes,
    outcomeProjects,
    outcomeReports,
    // broker matching (feat/matching)
    matching,
    matchingCalls,
    // feat/wellbeing
    wellbeing,
    socialValue,
    // feat/assetmap
    capabilities,
    assets,
    assetMap,
  };
}
export type Services = ReturnType<typeof createServices>;

export async function buildApp(deps: AppDeps, services: Services = createServices(deps)): Promise<FastifyInstance> {
  const { config, database, log } = deps;
  const base = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    genReqId: () => newId(),
    requestIdHeader: 'x-request-id',
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = base.withTypeProvider<ZodTypeProvider>();
  // Every route, as registered: the authorization matrix test walks this table, so a new route
  // cannot escape it.
  const routeTable: RouteEntry[] = [];
  base.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    const access = (r.config as { access?: RouteEntry['access'] } | undefined)?.access ?? 'private';
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: r.url, access });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
  });
  const isPage = (url: string) => !/^\/(api|healthz|readyz|metrics)(\/|$|\?)/.test(url);
  app.setErrorHandler(async (err, req, reply) => {
    const p = toProblem(err, req);
    const retry = (p as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry) reply.header('retry-after', String(retry));
    if (isPage(req.url) && p.status < 500 && !reply.sent) return renderErrorPage(req, reply, services, p);
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const p = problem(req, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    if (isPage(req.url)) return renderErrorPage(req, reply, services, { ...p, detail: 'This page does not exist.' });
    return sendProblem(reply, p);
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Timebank API', version: '1', description: 'Community timebanking: people, hours, brokers.' },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tb_session' } },
      },
      security: [{ session: [] }],
    },
    transform: createJsonSchemaTransform({ zodToJsonConfig: { target: 'draft-2020-12' } }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: false } });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerSecurity(base, services.auth);
  registerMetrics(base);
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  await app.register(authRoutes, { prefix: '/api/v1', services });
  await app.register(tenancyRoutes, { prefix: '/api/v1', services });
  await app.register(peopleRoutes, { prefix: '/api/v1', services });
  await app.register(organisationRoutes, { prefix: '/api/v1', services });
  await app.register(reportRoutes, { prefix: '/api/v1', services });
  // feat/reports: public open data
  await app.register(openDataRoutes, { prefix: '/api/v1', services });
  await app.register(ledgerRoutes, { prefix: '/api/v1', services });
  await app.register(joiningRoutes, { prefix: '/api/v1', services });
  await app.register(referenceRoutes, { prefix: '/api/v1', services });
  await app.register(agreementRoutes, { prefix: '/api/v1', services });
  await app.register(safeguardingRoutes, { prefix: '/api/v1', services });
  await app.register(preferenceRoutes, { prefix: '/api/v1', services });
  await app.register(notificationRoutes, { prefix: '/api/v1', services });
  await app.register(categoryRoutes, { prefix: '/api/v1', services });
  await app.register(profileRoutes, { prefix: '/api/v1', services });
  await app.register(directoryRoutes, { prefix: '/api/v1', services });
  // feat/arguments
  await app.register(argumentRoutes, { prefix: '/api/v1', services });
  await app.register(fishbowlRoutes, { prefix: '/api/v1', services });
  await app.register(activityRoutes, { prefix: '/api/v1', services });
  await app.register(calendarRoutes, { services });
  // exchanges (feat/exchanges)
  await app.register(exchangeRoutes, { prefix: '/api/v1', services });
  await app.register(recordRoutes, { prefix: '/api/v1', services });
  await app.register(dataRightsRoutes, { prefix: '/api/v1', services });
  await app.register(listingRoutes, { prefix: '/api/v1', services });
  await app.register(searchRoutes, { prefix: '/api/v1', services });
  await app.register(webRoutes, { services, config, database });
  await app.register(hoursRoutes, { services });
  await app.register(ledgerAdminRoutes, { services });
  // feat/reports: the dashboard and report settings pages
  await app.register(reportPageRoutes, { services });
  await app.register(joiningPages, { services, config });
  await app.register(safeguardingPages, { services });
  await app.register(availabilityPages, { services });
  await app.register(notificationPages, { services });
  await app.register(profilePages, { services });
  // feat/arguments
  await app.register(argumentPages, { services, config });
  await app.register(fishbowlPages, { services });
  await app.register(activityPages, { services });
  // exchanges (feat/exchanges)
  await app.register(exchangePages, { services });
  await app.register(recordPages, { services });
  await app.register(organisationPages, { services });
  await app.register(editCheckPages, { services });
  await app.register(listingPages, { services });
  // feat/outcomes (docs/outcomes.md)
  await app.register(outcomeRoutes, { prefix: '/api/v1', services });
  await app.register(outcomePages, { services });
  // broker matching (feat/matching)
  await app.register(matchingRoutes, { prefix: '/api/v1', services });
  await app.register(matchingPages, { services });
  // wellbeing check-ins and social value (feat/wellbeing)
  await app.register(wellbeingRoutes, { prefix: '/api/v1', services });
  await app.register(socialValueRoutes, { prefix: '/api/v1', services });
  await app.register(wellbeingPages, { services });
  await app.register(socialValuePages, { services });
  // capability conversations and the community asset map (feat/assetmap)
  await app.register(capabilityRoutes, { prefix: '/api/v1', services });
  await app.register(assetRoutes, { prefix: '/api/v1', services });
  await app.register(assetMapRoutes, { prefix: '/api/v1', services });
  await app.register(assetMapPages, { services, config });
  return base;
}
