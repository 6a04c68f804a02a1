// Unsubscribe links: the person (or address) and the kind, signed with HMAC-SHA256 under a
// key derived from the installation key (config.secretKey, as secretbox.ts uses it). A link
// whose signature does not match, or that does not parse, is refused and changes nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../lib/ids.ts';
import { DIGEST, isKind, type NotificationKind } from './kinds.ts';

export type UnsubscribeRecipient = { personId: string } | { email: string };

export interface UnsubscribeClaim {
  networkId: string;
  recipient: UnsubscribeRecipient;
  kind: NotificationKind | typeof DIGEST;
}

export interface UnsubscribeTokens {
  sign(claim: UnsubscribeClaim): string;
  /** The claim of a genuine token, or null for a forged, altered or malformed one. */
  verify(token: string): UnsubscribeClaim | null;
}

export function createUnsubscribeTokens(secretKey: Buffer): UnsubscribeTokens {
  if (secretKey.length !== 32) throw new RangeError('the secret key must be 32 bytes');
  // A key of its own, so an unsubscribe signature can never stand for anything else.
  const key = createHmac('sha256', secretKey)
    .update('timebank notification unsubscribe v1')
    .digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest();
  return {
    sign(claim) {
      const who =
        'personId' in claim.recipient
          ? `p:${claim.recipient.personId}`
          : `e:${claim.recipient.email}`;
      const body = Buffer.from(JSON.stringify([claim.networkId, who, claim.kind]), 'utf8').toString(
        'base64url',
      );
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [body, sig] = parts as [string, string];
      // Compared as text: base64 decoding is lenient, so two spellings could decode alike.
      const given = Buffer.from(sig, 'utf8');
      const expected = Buffer.from(mac(body).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (!Array.isArray(parsed) || parsed.length !== 3) return null;
      const [networkId, who, kind] = parsed as unknown[];
      if (typeof networkId !== 'string' || !isUuid(networkId) || typeof who !== 'string')
        return null;
      if (kind !== DIGEST && !isKind(kind)) return null;
      if (who.startsWith('p:') && isUuid(who.slice(2)))
        return { networkId, recipient: { personId: who.slice(2) }, kind };
      if (who.startsWith('e:') && who.length > 4)
        return { networkId, recipient: { email: who.slice(2) }, kind };
      return null;
    },
  };
}
