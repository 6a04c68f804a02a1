// The profile's "what if": the real app, built by buildApp over createServices exactly as
// `timebank serve` builds it (same config from the environment, same logger, hooks, schemas
// and routes), with the two per-request lookups a transfer pays for served from memory:
//   - the session's principal (session + person, memberships, grants: 3 statements), kept
//     for PRINCIPAL_TTL_MS per cookie;
//   - who holds the two accounts (account, then member: 2 statements each), which never
//     changes once an account is open.
// POST /api/v1/transfers then sends one statement, ledger_post(). Only the case the benchmark
// sends takes the cached path (a transfer within one timebank, posted, that the principal
// may pay); anything else goes to the app's own code. bench/http.ts starts it with
// `node --import tsx bench/what-if-server.ts`; it measures what the fix would give, and is
// not a way to run the app.
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp, createServices } from '../src/http/app.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/log.ts';
import type { Principal } from '../src/modules/auth/principal.ts';
import { subjectPersonId } from '../src/modules/auth/principal.ts';
import { accountWithHolders } from '../src/modules/ledger/holders.ts';
import { can, type Resource } from '../src/modules/policy/policy.ts';

const PRINCIPAL_TTL_MS = 5_000;

const config = readConfig();
const log = createLogger(config.logLevel);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolMax: config.databasePoolMax,
  durability: config.durability,
  log,
});
await migrate(database);
const deps = { config, database, clock: systemClock, log };
const services = createServices(deps);

const principals = new Map<string, { until: number; principal: Promise<Principal | null> }>();
const resolve = services.auth.resolve;
services.auth = {
  ...services.auth,
  resolve(cookie) {
    if (!cookie) return resolve(cookie);
    const now = Date.now();
    const hit = principals.get(cookie);
    if (hit && hit.until > now) return hit.principal;
    const principal = resolve(cookie);
    principals.set(cookie, { until: now + PRINCIPAL_TTL_MS, principal });
    return principal;
  },
};

type Holding = NonNullable<Awaited<ReturnType<typeof accountWithHolders>>>;
const holdings = new Map<string, Holding>();
async function holding(networkId: string, accountId: string): Promise<Holding | undefined> {
  const key = `${networkId}/${accountId}`;
  const known = holdings.get(key);
  if (known) return known;
  const found = await accountWithHolders(database.db, networkId, accountId);
  if (found) holdings.set(key, found);
  return found;
}

const access = services.ledgerAccess;
services.ledgerAccess = {
  ...access,
  async transfer(p, actor, input) {
    const [debit, credit] = await Promise.all([
      holding(p.networkId, input.debitAccountId),
      holding(p.networkId, input.creditAccountId),
    ]);
    const simple =
      debit &&
      credit &&
      !input.pending &&
      debit.id !== credit.id &&
      debit.timebank_id === credit.timebank_id &&
      (input.kind === 'exchange' || input.kind === 'gift');
    if (simple) {
      const resource: Resource = {
        type: 'account',
        networkId: p.networkId,
        timebankId: debit.timebank_id,
        ownerKind: debit.owner_kind,
        holderPersonIds: debit.holderPersonIds,
      };
      const subject = p.actingFor ? { ...p, personId: subjectPersonId(p) } : p;
      if (can(subject, 'account.spend', resource) || can(p, 'account.spend', resource)) {
        const { pending: _pending, ...t } = input;
        return services.ledger.transfer(actor, t);
      }
    }
    return access.transfer(p, actor, input);
  },
};

const app = await buildApp(deps, services);
const address = await app.listen({ port: config.port, host: config.host });
log.info({ address }, 'what-if server listening');
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
