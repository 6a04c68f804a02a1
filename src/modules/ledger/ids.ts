// Ids of the extra legs of one request. A cross-timebank transfer, or confirming a pending
// one that has several legs, writes several transfers from the one id the client chose; the
// other legs' ids are derived from it, so replaying the request replays every leg.
import { createHash } from 'node:crypto';

/** Leg 0 is the id itself; leg k > 0 keeps its UUIDv7 time prefix and version, the rest
 * comes from a hash of (id, k), with the RFC 9562 variant bits. */
export function legId(id: string, leg: number): string {
  if (!Number.isInteger(leg) || leg < 0) throw new RangeError(`leg ${leg} is not a whole number`);
  if (leg === 0) return id;
  const hex = id.replace(/-/g, '').toLowerCase();
  const hash = createHash('sha256').update(`${hex}:${leg}`).digest('hex');
  const variant = ((Number.parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16);
  const out = `${hex.slice(0, 13)}${hash.slice(0, 3)}${variant}${hash.slice(4, 19)}`;
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}
