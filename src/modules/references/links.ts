// The referee's one-time link. Its secret is derived from the installation key and the
// reference's id (HMAC-SHA256 under a key of its own), so nothing that opens the link is
// stored: the database keeps only the secret's SHA-256, and the mail that carries the link
// to the referee is rendered from the reference's id when it is sent.
import { createHmac } from 'node:crypto';

export interface ReferenceLinks {
  /** The token `<networkId>.<secret>` of a reference: 43 base64url characters of secret. */
  tokenFor(networkId: string, referenceId: string): { token: string; secret: string };
}

/** The path of the referee's page for a token. */
export const referencePath = (token: string) => `/references/answer/${token}`;

export function createReferenceLinks(secretKey: Buffer): ReferenceLinks {
  if (secretKey.length !== 32) throw new RangeError('the secret key must be 32 bytes');
  // A key of its own, so a link's secret can never stand for anything else.
  const key = createHmac('sha256', secretKey).update('timebank reference link v1').digest();
  return {
    tokenFor(networkId, referenceId) {
      const secret = createHmac('sha256', key).update(`${networkId}:${referenceId}`).digest('base64url');
      return { token: `${networkId}.${secret}`, secret };
    },
  };
}
