// Model-based property test: random sequences of transfers, gifts, donations, pending hours
// with confirm and decline, reversals, cross-timebank transfers, replays and bad input run
// against the ledger and against a small in-memory model; after every step the database's
// totals equal the model's and verifyLedger finds nothing.
//
// Replay a failure: FC_SEED=<seed printed> [FC_PATH=<path printed>] npx vitest run model
// Run longer: FC_RUNS=200 FC_MAX_COMMANDS=60 npx vitest run model
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { legId } from './ids.ts';
import type { Ledger } from './service.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';
import { type LedgerHarness, ledgerHarness } from './test-helpers.ts';
import type { AccountOwnerKind, NewTransferKind, PostResult, TransferInput } from './types.ts';
import { verifyLedger } from './verify.ts';

const RUNS = Number(process.env.FC_RUNS ?? 16);
const MAX_COMMANDS = Number(process.env.FC_MAX_COMMANDS ?? 50);
const SEED = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const CLEARING_LIMIT = 240;

interface MAccount {
  id: string;
  timebank: number;
  ownerKind: AccountOwnerKind;
  dp: number;
  cp: number;
  dpe: number;
  cpe: number;
  min: number | null;
  max: number | null;
}
interface Leg {
  id: string;
  debit: string;
  credit: string;
  minutes: number;
}
interface Booked {
  legs: Leg[];
  reversal: boolean;
  reversed: boolean;
}
interface Pending {
  legs: Leg[];
  resolved: boolean;
}
interface Sent {
  input: TransferInput;
  how: 'transfer' | 'pending' | 'cross' | 'crossPending';
}
interface Model {
  accounts: Map<string, MAccount>;
  booked: Booked[];
  pendings: Pending[];
  sent: Sent[];
}
interface World {
  ledger: Ledger;
  w: LedgerWorld;
  /** Per timebank: accounts to choose from (members, organisation, pot). */
  choices: string[][];
  members: string[][];
  clearing: Map<string, string>;
}

// ------------------------------------------------------------------ the model's rules

function kindAllowed(kind: string, d: AccountOwnerKind, c: AccountOwnerKind): boolean {
  const bothClearing = d === 'clearing' && c === 'clearing';
  if (kind === 'gift')
    return (
      ['member', 'clearing'].includes(d) && ['member', 'clearing'].includes(c) && !bothClearing
    );
  if (kind === 'donation') {
    return (
      ['member', 'organisation', 'clearing'].includes(d) &&
      ['organisation', 'community_pot', 'clearing'].includes(c) &&
      !bothClearing
    );
  }
  return true;
}

type Phase = 'posted' | 'pending' | 'post_pending' | 'void_pending';

function deltas(phase: Phase, m: number): { posted: number; pending: number } {
  if (phase === 'posted') return { posted: m, pending: 0 };
  if (phase === 'pending') return { posted: 0, pending: m };
  if (phase === 'post_pending') return { posted: m, pending: -m };
  return { posted: 0, pending: -m };
}

/** Applies legs in order on copies of the accounts; the first refusal's code, or the new
 * account states. */
function simulate(
  model: Model,
  legs: Leg[],
  phase: Phase,
  kind: string | null,
): { code: string } | { accounts: Map<string, MAccount> } {
  const next = new Map<string, MAccount>();
  const get = (id: string) => next.get(id) ?? { ...model.accounts.get(id)! };
  for (const leg of legs) {
    const d = get(leg.debit);
    const c = get(leg.credit);
    const { posted, pending } = deltas(phase, leg.minutes);
    d.dp += posted;
    d.dpe += pending;
    c.cp += posted;
    c.cpe += pending;
    if (kind && !kindAllowed(kind, d.ownerKind, c.ownerKind)) return { code: 'kind_not_allowed' };
    if (posted + pending > 0) {
      if (d.min !== null && d.cp - d.dp - d.dpe < d.min) {
        return { code: d.ownerKind === 'clearing' ? 'clearing_limit' : 'overdraft_limit' };
      }
      if (c.max !== null && c.cp + c.cpe - c.dp > c.max) {
        return { code: c.ownerKind === 'clearing' ? 'clearing_limit' : 'ceiling_limit' };
      }
    }
    next.set(d.id, d);
    next.set(c.id, c);
  }
  return { accounts: next };
}

function commit(model: Model, accounts: Map<string, MAccount>): void {
  for (const [id, a] of accounts) model.accounts.set(id, a);
}

// ------------------------------------------------------------------ running and comparing

async function outcome(
  call: () => Promise<PostResult>,
): Promise<{ code: string | null; result?: PostResult }> {
  try {
    return { code: null, result: await call() };
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code };
    throw err;
  }
}

function expectOutcome(label: string, got: string | null, want: string | null): void {
  if (got !== want)
    throw new Error(`${label}: expected ${want ?? 'success'}, got ${got ?? 'success'}`);
}

let steps = 0;

async function compare(model: Model, world: World): Promise<void> {
  steps++;
  const rows = await sql<{ id: string; dp: number; cp: number; dpe: number; cpe: number }>`
    select id, debits_posted as dp, credits_posted as cp, debits_pending as dpe, credits_pending as cpe
    from account where network_id = ${world.w.networkId}`.execute(db());
  for (const r of rows.rows) {
    const m = model.accounts.get(r.id)!;
    if (m.dp !== r.dp || m.cp !== r.cp || m.dpe !== r.dpe || m.cpe !== r.cpe) {
      throw new Error(
        `account ${r.id}: database ${JSON.stringify(r)} but model ${JSON.stringify(m)}`,
      );
    }
  }
  const violations = await verifyLedger(db());
  if (violations.length > 0) throw new Error(`verify: ${JSON.stringify(violations)}`);
}

let h: LedgerHarness;
const db = () => h.database.db;

// ------------------------------------------------------------------ commands

type Cmd = fc.AsyncCommand<Model, World>;

function input(
  debit: string,
  credit: string,
  minutes: number,
  kind: NewTransferKind,
): TransferInput {
  return {
    id: newId(),
    debitAccountId: debit,
    creditAccountId: credit,
    minutes,
    kind,
    category: 'model',
    reason: kind === 'adjustment' || minutes > 1440 ? 'model run' : null,
  };
}

class PostCmd implements Cmd {
  constructor(
    readonly timebank: number,
    readonly di: number,
    readonly ci: number,
    readonly minutes: number,
    readonly kind: NewTransferKind,
    readonly pending: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: World): Promise<void> {
    const list = r.choices[this.timebank]!;
    const t = input(
      list[this.di % list.length]!,
      list[this.ci % list.length]!,
      this.minutes,
      this.kind,
    );
    const legs = [
      { id: t.id, debit: t.debitAccountId, credit: t.creditAccountId, minutes: t.minutes },
    ];
    const phase = this.pending ? 'pending' : 'posted';
    const sim =
      t.debitAccountId === t.creditAccountId
        ? { code: 'same_account' }
        : simulate(m, legs, phase, t.kind);
    const got = await outcome(() =>
      this.pending ? r.ledger.recordPending(r.w.admin, t) : r.ledger.transfer(r.w.admin, t),
    );
    expectOutcome(this.toString(), got.code, 'code' in sim ? sim.code : null);
    if ('accounts' in sim)
      record(m, sim.accounts, legs, this.pending, {
        input: t,
        how: this.pending ? 'pending' : 'transfer',
      });
    await compare(m, r);
  }
  toString = () =>
    `${this.pending ? 'pending' : 'post'}(${this.kind} tb${this.timebank} ${this.di}->${this.ci} ${this.minutes})`;
}

function record(
  m: Model,
  accounts: Map<string, MAccount>,
  legs: Leg[],
  pending: boolean,
  sent: Sent,
): void {
  commit(m, accounts);
  if (pending) m.pendings.push({ legs, resolved: false });
  else m.booked.push({ legs, reversal: false, reversed: false });
  m.sent.push(sent);
}

class CrossCmd implements Cmd {
  constructor(
    readonly fromTimebank: number,
    readonly pi: number,
    readonly qi: number,
    readonly minutes: number,
    readonly pending: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: World): Promise<void> {
    const [x, y] = [this.fromTimebank, 1 - this.fromTimebank];
    const payer = r.members[x]![this.pi % r.members[x]!.length]!;
    const payee = r.members[y]![this.qi % r.members[y]!.length]!;
    const t = input(payer, payee, this.minutes, 'exchange');
    const legs = [
      { id: t.id, debit: payer, credit: r.clearing.get(`${x}-${y}`)!, minutes: t.minutes },
      {
        id: legId(t.id, 1),
        debit: r.clearing.get(`${y}-${x}`)!,
        credit: payee,
        minutes: t.minutes,
      },
    ];
    const sim = simulate(m, legs, this.pending ? 'pending' : 'posted', 'exchange');
    const got = await outcome(() =>
      r.ledger.crossTimebank(r.w.admin, { ...t, pending: this.pending }),
    );
    expectOutcome(this.toString(), got.code, 'code' in sim ? sim.code : null);
    if ('accounts' in sim) {
      expect(got.result!.transfers.map((x) => x.id)).toEqual(legs.map((l) => l.id));
      record(m, sim.accounts, legs, this.pending, {
        input: t,
        how: this.pending ? 'crossPending' : 'cross',
      });
    }
    await compare(m, r);
  }
  toString = () =>
    `cross${this.pending ? 'Pending' : ''}(tb${this.fromTimebank} ${this.pi}->${this.qi} ${this.minutes})`;
}

const byId = (a: Leg, b: Leg) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class ResolveCmd implements Cmd {
  constructor(
    readonly index: number,
    readonly confirm: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.pendings.length > 0;
  async run(m: Model, r: World): Promise<void> {
    const p = m.pendings[this.index % m.pendings.length]!;
    const id = newId();
    const sorted = [...p.legs].sort(byId);
    const legs = sorted.map((l, k) => ({ ...l, id: legId(id, k) }));
    const phase = this.confirm ? 'post_pending' : 'void_pending';
    const sim = p.resolved ? { code: 'already_resolved' } : simulate(m, legs, phase, null);
    const req = { id, pendingId: p.legs[p.legs.length - 1]!.id };
    const got = await outcome(() =>
      this.confirm
        ? r.ledger.confirmPending(r.w.admin, req)
        : r.ledger.declinePending(r.w.admin, req),
    );
    expectOutcome(this.toString(), got.code, 'code' in sim ? sim.code : null);
    if ('accounts' in sim) {
      commit(m, sim.accounts);
      p.resolved = true;
      if (this.confirm) m.booked.push({ legs, reversal: false, reversed: false });
    }
    await compare(m, r);
  }
  toString = () => `${this.confirm ? 'confirm' : 'decline'}(#${this.index})`;
}

class ReverseCmd implements Cmd {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.booked.length > 0;
  async run(m: Model, r: World): Promise<void> {
    const b = m.booked[this.index % m.booked.length]!;
    const id = newId();
    const legs = [...b.legs]
      .sort(byId)
      .map((l, k) => ({ id: legId(id, k), debit: l.credit, credit: l.debit, minutes: l.minutes }));
    const refused = b.reversal ? 'not_reversible' : b.reversed ? 'already_reversed' : null;
    const sim = refused ? { code: refused } : simulate(m, legs, 'posted', null);
    const target = b.legs[0]!.id;
    const got = await outcome(() =>
      r.ledger.reverse(r.w.admin, { id, transferId: target, reason: 'model' }),
    );
    expectOutcome(this.toString(), got.code, 'code' in sim ? sim.code : null);
    if ('accounts' in sim) {
      commit(m, sim.accounts);
      b.reversed = true;
      m.booked.push({ legs, reversal: true, reversed: false });
    }
    await compare(m, r);
  }
  toString = () => `reverse(#${this.index})`;
}

class ReplayCmd implements Cmd {
  constructor(
    readonly index: number,
    readonly changed: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.sent.length > 0;
  async run(m: Model, r: World): Promise<void> {
    const s = m.sent[this.index % m.sent.length]!;
    const t = this.changed ? { ...s.input, minutes: s.input.minutes + 1 } : s.input;
    const got = await outcome(() => {
      if (s.how === 'cross' || s.how === 'crossPending') {
        return r.ledger.crossTimebank(r.w.admin, { ...t, pending: s.how === 'crossPending' });
      }
      return s.how === 'pending'
        ? r.ledger.recordPending(r.w.admin, t)
        : r.ledger.transfer(r.w.admin, t);
    });
    expectOutcome(this.toString(), got.code, this.changed ? 'idempotency_conflict' : null);
    if (!this.changed) expect(got.result!.hit).toBe(true);
    await compare(m, r);
  }
  toString = () => `replay(#${this.index}${this.changed ? ', changed' : ''})`;
}

class BadMinutesCmd implements Cmd {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(m: Model, r: World): Promise<void> {
    const [a, b] = r.members[0] as [string, string];
    const got = await outcome(() =>
      r.ledger.transfer(r.w.admin, input(a, b, this.minutes, 'exchange')),
    );
    expectOutcome(this.toString(), got.code, 'minutes_invalid');
    await compare(m, r);
  }
  toString = () => `badMinutes(${this.minutes})`;
}

const KINDS: NewTransferKind[] = ['exchange', 'gift', 'donation', 'activity', 'adjustment'];

const commandArbs = [
  fc
    .tuple(
      fc.nat(1),
      fc.nat(5),
      fc.nat(5),
      fc.integer({ min: 1, max: 400 }),
      fc.constantFrom(...KINDS),
      fc.boolean(),
    )
    .map(
      ([tb, d, c, m, k, p]) => new PostCmd(tb, d, c, m, k, p && (k === 'exchange' || k === 'gift')),
    ),
  fc
    .tuple(fc.nat(1), fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 200 }), fc.boolean())
    .map(([tb, p, q, m, pending]) => new CrossCmd(tb, p, q, m, pending)),
  fc.tuple(fc.nat(50), fc.boolean()).map(([i, c]) => new ResolveCmd(i, c)),
  fc.nat(50).map((i) => new ReverseCmd(i)),
  fc.tuple(fc.nat(50), fc.boolean()).map(([i, c]) => new ReplayCmd(i, c)),
  fc.constantFrom(0, -30, 1.5, Number.NaN).map((x) => new BadMinutesCmd(x)),
];

// ------------------------------------------------------------------ setting up

let world: World;

async function buildWorld(): Promise<World> {
  const w = await seedLedger(db(), h.ledger, {
    timebanks: 2,
    membersPerTimebank: 4,
    organisationsPerTimebank: 1,
  });
  const [x, y] = w.timebanks.map((t) => t.id) as [string, string];
  const link = await h.ledger.linkTimebanks(w.admin, {
    timebankIds: [x, y],
    clearingLimitMinutes: CLEARING_LIMIT,
  });
  const capped = w.accounts[0]!.memberIds[3]!;
  await h.ledger.setAccountLimits(w.admin, {
    accountId: capped,
    balanceMinutesMin: -200,
    balanceMinutesMax: 300,
    reason: 'model: a member with a ceiling',
  });
  const choices = w.accounts.map((a) => [...a.memberIds, ...a.organisationIds, a.potId]);
  const clearing = new Map([
    ['0-1', link.clearingAccountIds[0]],
    ['1-0', link.clearingAccountIds[1]],
  ]);
  return { ledger: h.ledger, w, choices, members: w.accounts.map((a) => a.memberIds), clearing };
}

async function snapshot(): Promise<Model> {
  const rows = await sql<MAccount & { timebank_id: string; owner_kind: AccountOwnerKind }>`
    select id, timebank_id, owner_kind, debits_posted as dp, credits_posted as cp,
      debits_pending as dpe, credits_pending as cpe, balance_minutes_min as min, balance_minutes_max as max
    from account where network_id = ${world.w.networkId}`.execute(db());
  const tb = world.w.timebanks.map((t) => t.id);
  const accounts = new Map(
    rows.rows.map((a) => [
      a.id,
      { ...a, ownerKind: a.owner_kind, timebank: tb.indexOf(a.timebank_id) },
    ]),
  );
  return { accounts, booked: [], pendings: [], sent: [] };
}

beforeAll(async () => {
  h = await ledgerHarness();
  world = await buildWorld();
});
afterAll(async () => {
  await h.database.close();
});

describe('the ledger against a model', () => {
  it('agrees with the model and keeps every invariant after every step of random sequences', async () => {
    console.log(`ledger model: FC_SEED=${SEED} runs=${RUNS} maxCommands=${MAX_COMMANDS}`);
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbs, { maxCommands: MAX_COMMANDS, size: 'max' }),
        async (cmds) => {
          const model = await snapshot();
          await fc.asyncModelRun(() => ({ model, real: world }), cmds);
        },
      ),
      { seed: SEED, numRuns: RUNS, path: process.env.FC_PATH, endOnFailure: true, verbose: 1 },
    );
    console.log(`ledger model: ${steps} commands checked`);
    expect(steps).toBeGreaterThan(RUNS);
    expect(await verifyLedger(db())).toEqual([]);
  }, 600_000);
});
