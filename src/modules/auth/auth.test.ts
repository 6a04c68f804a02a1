import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { ManualClock } from '../../lib/clock.ts';
import { createSecretBox } from '../../lib/secretbox.ts';
import { testConfig } from '../../config.ts';
import { totpCode } from './totp.ts';
import { blockMs, mfaRequired, parseSessionCookie } from './service.ts';

let server: TestServer;
let world: World;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  server = await startTestServer({ clock });
  world = await createWorld(server.database.db, { totpWaived: false });
});
afterAll(async () => {
  await server.close();
});

const client = () => new Client(server.url);

describe('sign-in', () => {
  it('signs a member in with a session cookie that is HttpOnly and SameSite=Lax', async () => {
    const c = client();
    const r = await c.post('/api/v1/auth/sign-in', { email: world.member.email, password: 'correct horse battery' });
    expect(r.status).toBe(200);
    expect(r.body.stage).toBe('ready');
    const cookie = r.headers.getSetCookie().find((h) => h.startsWith('tb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const value = decodeURIComponent(cookie.split(';')[0]!.slice('tb_session='.length));
    const parsed = parseSessionCookie(value)!;
    expect(Buffer.from(parsed.secret, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('marks the cookie Secure behind TLS (a trusted proxy saying https)', async () => {
    const s = await startTestServer({ config: { trustProxy: true } });
    try {
      const w = await createWorld(s.database.db);
      const r = await new Client(s.url).request('POST', '/api/v1/auth/sign-in', { email: w.member.email, password: 'correct horse battery' }, { 'x-forwarded-proto': 'https' });
      expect(r.status).toBe(200);
      expect(r.headers.getSetCookie().find((h) => h.startsWith('tb_session='))).toMatch(/Secure/);
    } finally {
      await s.close();
    }
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await client().post('/api/v1/auth/sign-in', { email: 'nobody@example.test', password: 'whatever-it-is' });
    const wrong = await client().post('/api/v1/auth/sign-in', { email: world.southMember.email, password: 'wrong password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('delays sign-in more after each failure past the free tries', async () => {
    const p = await addPerson(server.database.db, world.networkA, { name: 'Throttled Tom', timebankId: world.north });
    const c = client();
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/api/v1/auth/sign-in', { email: p.email, password: 'nope nope' })).status).toBe(401);
    }
    const blocked = await c.post('/api/v1/auth/sign-in', { email: p.email, password: 'correct horse battery' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    clock.advance(2_000);
    expect((await c.post('/api/v1/auth/sign-in', { email: p.email, password: 'correct horse battery' })).status).toBe(200);
    expect(blockMs(5, 5)).toBe(1000);
    expect(blockMs(7, 5)).toBe(4000);
    expect(blockMs(40, 5)).toBe(15 * 60 * 1000);
  });

  it('refuses a person with no password (registered by a broker)', async () => {
    const p = await addPerson(server.database.db, world.networkA, { name: 'No Password Nell', timebankId: world.north, password: false });
    const r = await client().post('/api/v1/auth/sign-in', { email: p.email, password: 'anything at all' });
    expect(r.status).toBe(401);
  });

  it('refuses unknown fields and a missing password naming the field', async () => {
    const r = await client().post('/api/v1/auth/sign-in', { email: 'a@b.c', extra: 1 });
    expect(r.status).toBe(400);
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/body/extra');
    expect(paths).toContain('/body/password');
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const c = client();
    await c.signIn(world.member.email!);
    clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await c.get('/api/v1/me')).status).toBe(401);
    const c2 = client();
    await c2.signIn(world.member.email!);
    // Active every 25 minutes: still ended 12 hours after sign-in.
    for (let step = 1; step <= 29; step++) {
      clock.advance(25 * 60_000);
      const r = await c2.get('/api/v1/me');
      expect(r.status, `after ${step * 25} minutes`).toBe(step * 25 < 12 * 60 ? 200 : 401);
    }
  });

  it('refuses a forged or malformed cookie', async () => {
    const c = client();
    await c.signIn(world.member.email!);
    const value = c.cookies.get('tb_session')!;
    c.cookies.set('tb_session', `${value.slice(0, -4)}AAAA`);
    expect((await c.get('/api/v1/me')).status).toBe(401);
    c.cookies.set('tb_session', 'garbage');
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('signs out and the cookie no longer works', async () => {
    const c = client();
    await c.signIn(world.member.email!);
    const saved = c.cookies.get('tb_session')!;
    expect((await c.post('/api/v1/auth/sign-out')).status).toBe(204);
    c.cookies.set('tb_session', saved);
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });
});

describe('second factor', () => {
  it('requires brokers to set up TOTP before anything else, then asks for a code at each sign-in', async () => {
    const c = client();
    const r = await c.signIn(world.brokerNorth.email!);
    expect(r.body.stage).toBe('enrol');
    const blocked = await c.get(`/api/v1/timebanks/${world.north}/members`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa_enrolment_required');
    const e = await c.post('/api/v1/auth/totp/enrolment');
    expect(e.status).toBe(200);
    expect(e.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const bad = await c.post('/api/v1/auth/totp/enrolment/confirm', { code: '000000' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/code');
    const ok = await c.post('/api/v1/auth/totp/enrolment/confirm', { code: totpCode(e.body.secret, clock.now()) });
    expect(ok.status).toBe(204);
    expect((await c.get(`/api/v1/timebanks/${world.north}/members`)).status).toBe(200);

    clock.advance(31_000);
    const again = client();
    expect((await again.signIn(world.brokerNorth.email!)).body.stage).toBe('totp');
    expect((await again.get('/api/v1/timebanks')).body.code).toBe('mfa_required');
    const code = totpCode(e.body.secret, clock.now());
    expect((await again.post('/api/v1/auth/totp', { code })).status).toBe(204);
    expect((await again.get('/api/v1/timebanks')).status).toBe(200);
    // The same code cannot be used twice.
    const third = client();
    await third.signIn(world.brokerNorth.email!);
    expect((await third.post('/api/v1/auth/totp', { code })).status).toBe(400);
  });

  it('stores the TOTP seed encrypted', async () => {
    const row = await server.database.db
      .selectFrom('person')
      .where('id', '=', world.brokerNorth.id)
      .select('totp_secret_enc')
      .executeTakeFirstOrThrow();
    const box = createSecretBox(testConfig().secretKey);
    expect(box.open(row.totp_secret_enc!)).toMatch(/^[A-Z2-7]+$/);
  });

  it('lets a timebank waive the second factor and lets members go without it', () => {
    const grants = [{ role: 'broker' as const, timebankId: 't1' }];
    expect(mfaRequired(grants, [{ id: 't1', totp_waived: false }])).toBe(true);
    expect(mfaRequired(grants, [{ id: 't1', totp_waived: true }])).toBe(false);
    expect(mfaRequired([{ role: 'network_admin', timebankId: null }], [{ id: 't1', totp_waived: true }, { id: 't2', totp_waived: false }])).toBe(true);
    expect(mfaRequired([{ role: 'commissioner', timebankId: null }], [{ id: 't1', totp_waived: false }])).toBe(false);
    expect(mfaRequired([], [{ id: 't1', totp_waived: false }])).toBe(false);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token, and a cross-site origin', async () => {
    const c = client();
    await c.signIn(world.member.email!);
    const noToken = await c.request('POST', '/api/v1/auth/sign-out', undefined, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_invalid');
    const cross = await c.request('POST', '/api/v1/auth/sign-in', { email: 'x@y.z', password: 'pw' }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await c.get('/api/v1/me')).status).toBe(200);
  });
});
