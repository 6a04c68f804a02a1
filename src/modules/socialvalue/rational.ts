// Exact fractions (BigInt numerator / denominator) for the social value engine: every figure
// is computed exactly from its decimal inputs, then rounded once, half away from zero, to whole
// pence. No float error can move a penny, and the same inputs always give the same pence.

export class Q {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint, d = 1n): Q {
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) return Q.of(-n, -d);
    const g = gcd(n < 0n ? -n : n, d);
    return new Q(n / g, d / g);
  }

  /** From an integer or a decimal string/number ("0.035", 0.25, 12): exact, no float error. */
  static dec(v: number | string | bigint): Q {
    if (typeof v === 'bigint') return Q.of(v);
    const s = typeof v === 'number' ? numberText(v) : v.trim();
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) throw new RangeError(`not a decimal: ${s}`);
    const frac = m[3] ?? '';
    const n = BigInt(`${m[2]}${frac}`) * (m[1] ? -1n : 1n);
    return Q.of(n, 10n ** BigInt(frac.length));
  }

  add(o: Q): Q {
    return Q.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return Q.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return Q.of(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return Q.of(this.n * o.d, this.d * o.n);
  }
  pow(k: number): Q {
    return Q.of(this.n ** BigInt(k), this.d ** BigInt(k));
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  cmp(o: Q): number {
    const x = this.n * o.d - o.n * this.d;
    return x < 0n ? -1 : x > 0n ? 1 : 0;
  }

  /** Rounded to a whole number (pence), half away from zero. */
  round(): number {
    const neg = this.n < 0n;
    const a = neg ? -this.n : this.n;
    const r = (2n * a + this.d) / (2n * this.d);
    return Number(neg ? -r : r);
  }

  /** Rounded to `places` decimals, half away from zero, as a number (for ratios and shares). */
  toFixed(places: number): number {
    const scale = 10n ** BigInt(places);
    return Q.of(this.n * scale, this.d).round() / Number(scale);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** A JS number as its shortest decimal text, never in exponent form. */
function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError('not a finite number');
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return v.toFixed(20).replace(/\.?0+$/, '');
}

export const ONE = Q.of(1n);
export const ZERO = Q.of(0n);
