// Starts the HTTP server: opens the database, migrates, creates the demo network when the
// database is empty (and TIMEBANK_DEMO allows), then listens.
import type { Config } from './config.ts';
import { serveControl } from './db/control.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildApp, createServices } from './http/app.ts';
import { systemClock } from './lib/clock.ts';
import type { Logger } from './lib/log.ts';
import { createNotificationWorker, createSmtpTransport } from './modules/notifications/worker.ts';

export interface StartOptions {
  log: Logger;
}

export async function startServer(
  config: Config,
  opts: StartOptions,
): Promise<{ url: string; database: string; close(): Promise<void> }> {
  const { log } = opts;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    durability: config.durability,
    log,
    purpose: 'timebank serve',
  });
  log.info({ database: database.describe(), durability: database.durability }, 'database open');
  const result = await migrate(database, (name) => log.info({ migration: name }, 'applying migration'));
  log.info({ applied: result.applied.length, version: result.current }, 'database migrated');
  const deps = { config, database, clock: systemClock, log };
  const services = createServices(deps);
  const app = await buildApp(deps, services);
  const address = await app.listen({ port: config.port, host: config.host });
  // `timebank backup` asks the server for a snapshot while it holds the embedded database.
  const control = database.snapshot
    ? await serveControl(config.dataDir, database.snapshot, log)
    : undefined;
  // Expired and idle sessions are refused on use; this removes their rows.
  const sweep = setInterval(() => {
    services.auth
      .sweepExpired()
      .then((n) => log.debug({ removed: n }, 'expired sessions removed'))
      .catch((err: unknown) => log.error({ err }, 'session sweep failed'));
  }, 15 * 60 * 1000);
  sweep.unref();
  // Pending hours nobody answered post (or void) themselves after the timebank's set days.
  const resolvePending = async () => {
    try {
      const r = await services.ledger.resolveDuePending();
      if (r.posted || r.voided) log.info(r, 'unanswered pending hours resolved');
    } catch (err) {
      log.error({ err }, 'resolving unanswered pending hours failed');
    }
  };
  await resolvePending();
  const pendingTimer = setInterval(resolvePending, 5 * 60 * 1000);
  pendingTimer.unref();
  // Members whose pause ("away until") has ended become active again (docs/safeguarding.md).
  const resumePauses = async () => {
    try {
      const n = await services.preferences.resumeEndedPauses();
      if (n) log.info({ resumed: n }, 'ended pauses resumed');
    } catch (err) {
      log.error({ err }, 'resuming ended pauses failed');
    }
  };
  await resumePauses();
  const pauseTimer = setInterval(resumePauses, 60 * 60 * 1000);
  pauseTimer.unref();
  // Brokers are told of safeguarding reviews due within 30 days, once per check and date.
  const announceReviews = async () => {
    try {
      const n = await services.safeguarding.announceReviewsDue();
      if (n) log.info({ announced: n }, 'safeguarding reviews due announced to brokers');
    } catch (err) {
      log.error({ err }, 'announcing safeguarding reviews due failed');
    }
  };
  await announceReviews();
  const reviewTimer = setInterval(announceReviews, 60 * 60 * 1000);
  reviewTimer.unref();
  // Listings past their last day lapse; owners are reminded before (docs/listings.md).
  const sweepListings = async () => {
    try {
      const r = await services.listings.sweep();
      if (r.lapsed || r.reminded) log.info(r, 'listings lapsed and reminded');
    } catch (err) {
      log.error({ err }, 'the listing sweep failed');
    }
  };
  await sweepListings();
  const listingTimer = setInterval(sweepListings, 60 * 60 * 1000);
  listingTimer.unref();
  // feat/assetmap: the community asset map's snapshot of this month, refreshed every hour
  // (not awaited at start: on a large network it takes a while; docs/asset-map.md).
  const refreshAssetMap = async () => {
    try {
      const r = await services.assetMap.sweep();
      log.debug(r, 'asset map refreshed');
    } catch (err) {
      log.error({ err }, 'refreshing the asset map failed');
    }
  };
  const assetMapTimer = setInterval(refreshAssetMap, 60 * 60 * 1000);
  assetMapTimer.unref();
  // The notification outbox: routes, digests and sends mail (docs/notifications.md).
  const notifications = createNotificationWorker({
    db: database.db,
    clock: systemClock,
    log: log.child({ module: 'notifications' }),
    config,
    transport: config.smtp ? createSmtpTransport(config.smtp) : null,
  });
  if (!config.smtp) log.warn('mail is not configured (TIMEBANK_SMTP_HOST): notifications wait in the outbox');
  notifications.start();
  let closed = false;
  return {
    url: address,
    database: database.describe(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      clearInterval(pendingTimer);
      clearInterval(pauseTimer);
      clearInterval(reviewTimer);
      clearInterval(listingTimer);
      clearInterval(assetMapTimer);
      await notifications.stop();
      await app.close();
      await control?.close();
      await database.close();
    },
  };
}
