// A small seeded random source (sfc32, seeded through splitmix32) so that the demo network is
// the same for the same seed on every machine. Not for anything secret.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, chosen in proportion to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A new array in random order; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
}

export function createRandom(seed: number): Random {
  const mix = splitmix32(seed);
  const next = sfc32(mix(), mix(), mix(), mix());
  for (let i = 0; i < 15; i++) next();
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick(items) {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted(items) {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let r = next() * total;
      for (const [item, weight] of items) {
        r -= weight;
        if (r < 0) return item;
      }
      return items.at(-1)![0];
    },
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
  return random;
}

/**
 * UUIDv7-shaped ids derived from the seed: the timestamp field counts up from baseMs, one
 * millisecond per id (so they sort in the order they were made), the rest comes from random.
 */
export function createIdSource(random: Random, baseMs: number): () => string {
  let count = 0;
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');
  const bits16 = () => Math.floor(random.next() * 0x10000);
  return () => {
    const ms = hex(baseMs + count++, 12);
    const randA = hex(0x7000 | (bits16() & 0x0fff), 4);
    const variant = hex(0x8000 | (bits16() & 0x3fff), 4);
    return `${ms.slice(0, 8)}-${ms.slice(8)}-${randA}-${variant}-${hex(bits16(), 4)}${hex(bits16(), 4)}${hex(bits16(), 4)}`;
  };
}
