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
  // Background jobs: each runs once now (except the session sweep) and then on its interval.
  const timers: NodeJS.Timeout[] = [];
  const every = async (minutes: number, what: string, job: () => Promise<object | number>, runNow = true) => {
    const run = async () => {
      try {
        const r = await job();
        const did = typeof r === 'number' ? r > 0 : Object.values(r).some((v) => typeof v === 'number' && v > 0);
        if (did) log.info({ result: r }, what);
      } catch (err) {
        log.error({ err }, `${what}: failed`);
      }
    };
    if (runNow) await run();
    const timer = setInterval(run, minutes * 60 * 1000);
    timer.unref();
    timers.push(timer);
  };
  // Expired and idle sessions are refused on use; this removes their rows.
  await every(15, 'expired sessions removed', () => services.auth.sweepExpired(), false);
  // Pending hours nobody answered post (or void) themselves after the timebank's set days.
  await every(5, 'unanswered pending hours resolved', () => services.ledger.resolveDuePending());
  // Members whose pause ("away until") has ended become active again (docs/safeguarding.md).
  await every(60, 'ended pauses resumed', () => services.preferences.resumeEndedPauses());
  // Brokers are told of safeguarding reviews due within 30 days, once per check and date.
  await every(60, 'safeguarding reviews due announced to brokers', () => services.safeguarding.announceReviewsDue());
  // Listings past their last day lapse; owners are reminded before (docs/listings.md).
  await every(60, 'listings lapsed and reminded', () => services.listings.sweep());
  // feat/assetmap: this month's snapshot of the community asset map, refreshed every hour (not
  // at start: on a large network it takes a while; docs/asset-map.md).
  await every(60, 'asset map refreshed', () => services.assetMap.sweep(), false);
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
      for (const timer of timers) clearInterval(timer);
      await notifications.stop();
      await app.close();
      await control?.close();
      await database.close();
    },
  };
}
