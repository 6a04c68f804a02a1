// Templates, unsubscribe tokens and mail configuration: pure functions, no database.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../config.ts';
import { KIND_NAMES } from './kinds.ts';
import {
  escapeHtml,
  renderDigest,
  renderMail,
  TEMPLATE_CATALOGS,
  templateValues,
} from './templates.ts';
import { createUnsubscribeTokens } from './unsubscribe-token.ts';

const frame = {
  recipientName: 'Zoë <script>',
  unsubscribeUrl: 'https://tb.example.org/unsubscribe?token=a.b&x=1',
  kind: 'gift_received' as const,
};

describe('templates', () => {
  it('has a label, subject and body for every kind in English and Polish, and the same keys in both', () => {
    expect(Object.keys(TEMPLATE_CATALOGS.pl).sort()).toEqual(
      Object.keys(TEMPLATE_CATALOGS.en).sort(),
    );
    for (const kind of KIND_NAMES) {
      for (const part of ['subject', 'body'])
        expect(TEMPLATE_CATALOGS.en[`${kind}.${part}`], `${kind}.${part}`).toBeTruthy();
      expect(TEMPLATE_CATALOGS.en[`kind.${kind}`]).toBeTruthy();
    }
  });

  it('escapes every value in the HTML and keeps the plain text as written', () => {
    const values = templateValues(
      'en',
      { minutes: 75, category: 'gardening' },
      { name: 'Ann & "Bob" <b>' },
    );
    const m = renderMail(
      'gift_received',
      'en',
      values,
      'https://tb.example.org/hours?a=1&b=2',
      frame,
    );
    expect(m.subject).toBe('Ann & "Bob" <b> gave you 1 h 15 min');
    expect(m.text).toContain('Ann & "Bob" <b> gave you 1 h 15 min as a gift.');
    expect(m.text).toContain('Hello Zoë <script>,');
    expect(m.html).toContain('Ann &amp; &quot;Bob&quot; &lt;b&gt; gave you 1 h 15 min as a gift.');
    expect(m.html).toContain('Hello Zoë &lt;script&gt;,');
    expect(m.html).toContain('href="https://tb.example.org/hours?a=1&amp;b=2"');
    expect(m.html).toContain('href="https://tb.example.org/unsubscribe?token=a.b&amp;x=1"');
    expect(m.html).not.toMatch(/<script|<b>/);
    expect(m.text).toContain(
      'Stop emails like this: https://tb.example.org/unsubscribe?token=a.b&x=1',
    );
  });

  it('uses the plural forms of each language', () => {
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ subject: `s${i}`, linkUrl: 'https://x.test/' }));
    const pl = (n: number) => renderDigest('pl', items(n), { ...frame, kind: 'digest' }).subject;
    expect([1, 2, 5, 22, 25].map(pl)).toEqual([
      'Twój tydzień: 1 powiadomienie',
      'Twój tydzień: 2 powiadomienia',
      'Twój tydzień: 5 powiadomień',
      'Twój tydzień: 22 powiadomienia',
      'Twój tydzień: 25 powiadomień',
    ]);
    expect(renderDigest('en', items(1), { ...frame, kind: 'digest' }).subject).toBe(
      'Your week: 1 notification',
    );
    const lapse = (daysLeft: number) =>
      renderMail(
        'listing_lapsing',
        'pl',
        templateValues('pl', { listingTitle: 'Pranie', lapsesOn: '2026-02-01', daysLeft }),
        'https://x.test/',
        frame,
      ).subject;
    expect([0, 1, 3, 5].map(lapse)).toEqual([
      'Twoje ogłoszenie „Pranie” wygasa dzisiaj',
      'Twoje ogłoszenie „Pranie” wygasa za 1 dzień',
      'Twoje ogłoszenie „Pranie” wygasa za 3 dni',
      'Twoje ogłoszenie „Pranie” wygasa za 5 dni',
    ]);
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('unsubscribe tokens', () => {
  const key = Buffer.alloc(32, 3);
  const tokens = createUnsubscribeTokens(key);
  const networkId = '01900000-0000-7000-8000-000000000001';
  const personId = '01900000-0000-7000-8000-000000000002';

  it('round-trips a person or an address and a kind', () => {
    expect(
      tokens.verify(tokens.sign({ networkId, recipient: { personId }, kind: 'hours_to_confirm' })),
    ).toEqual({ networkId, recipient: { personId }, kind: 'hours_to_confirm' });
    expect(
      tokens.verify(tokens.sign({ networkId, recipient: { email: 'a@b.test' }, kind: 'digest' })),
    ).toEqual({ networkId, recipient: { email: 'a@b.test' }, kind: 'digest' });
  });

  it('refuses any altered byte, another key, and well-signed nonsense', () => {
    const t = tokens.sign({ networkId, recipient: { personId }, kind: 'gift_received' });
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '.') continue;
      const altered = t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      expect(tokens.verify(altered), `byte ${i}`).toBeNull();
    }
    expect(createUnsubscribeTokens(Buffer.alloc(32, 4)).verify(t)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify('a.b.c')).toBeNull();
    // Correctly signed but not a claim: refused all the same.
    const mac = (body: string) => {
      const k = createHmac('sha256', key).update('timebank notification unsubscribe v1').digest();
      return `${body}.${createHmac('sha256', k).update(body).digest().toString('base64url')}`;
    };
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(tokens.verify(mac(enc([networkId, `p:${personId}`, 'no_such_kind'])))).toBeNull();
    expect(tokens.verify(mac(enc([networkId, 'x:whatever', 'gift_received'])))).toBeNull();
    expect(tokens.verify(mac(enc({ a: 1 })))).toBeNull();
    expect(tokens.verify(mac('not-json'))).toBeNull();
  });
});

describe('mail configuration', () => {
  it('has no mail without TIMEBANK_SMTP_HOST, and needs a From address and both login parts when set', () => {
    const base = { TIMEBANK_SECRET_KEY: '0'.repeat(64) };
    expect(readConfig(base).smtp).toBeNull();
    expect(() => readConfig({ ...base, TIMEBANK_SMTP_HOST: 'smtp.example.org' })).toThrow(
      ConfigError,
    );
    expect(() =>
      readConfig({
        ...base,
        TIMEBANK_SMTP_HOST: 'smtp.example.org',
        TIMEBANK_MAIL_FROM: 'a@b.org',
        TIMEBANK_SMTP_USER: 'u',
      }),
    ).toThrow(/both or neither/);
    expect(() =>
      readConfig({
        ...base,
        TIMEBANK_SMTP_HOST: 'h',
        TIMEBANK_MAIL_FROM: 'a@b.org',
        TIMEBANK_SMTP_TLS: 'ssl',
      }),
    ).toThrow(/TIMEBANK_SMTP_TLS/);
    expect(
      readConfig({ ...base, TIMEBANK_SMTP_HOST: 'h', TIMEBANK_MAIL_FROM: 'a@b.org' }).smtp,
    ).toMatchObject({ port: 587, tls: 'starttls' });
    expect(
      readConfig({
        ...base,
        TIMEBANK_SMTP_HOST: 'h',
        TIMEBANK_MAIL_FROM: 'a@b.org',
        TIMEBANK_SMTP_TLS: 'tls',
      }).smtp?.port,
    ).toBe(465);
    expect(
      readConfig({
        ...base,
        TIMEBANK_SMTP_HOST: 'h',
        TIMEBANK_MAIL_FROM: 'a@b.org',
        TIMEBANK_SMTP_PORT: '2525',
        TIMEBANK_SMTP_USER: 'u',
        TIMEBANK_SMTP_PASSWORD: 'p',
      }).smtp,
    ).toMatchObject({
      port: 2525,
      user: 'u',
      password: 'p',
    });
  });
});
