/**
 * IEEE 754 half precision for the stored embedding: half the artefact of float32, and an 11-bit
 * significand is far finer than anything the model's decisions depend on. Node 20 has no Float16Array.
 */
const scratch = new DataView(new ArrayBuffer(4));

/** The half-precision bits of a float, rounded to nearest, ties to even (overflow becomes infinity). */
export function toFloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // infinity or NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the significand, with its implicit 1, into place and round.
    if (halfExponent < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const rounded = roundShift(significand, shift);
    return sign | rounded;
  }
  // Rounding may carry into the exponent, which is then still the right encoding.
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

/** value >> shift, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Rounds every value to the nearest half-precision value, in place. */
export function roundToFloat16(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = fromFloat16Bits(toFloat16Bits(values[i]!));
}

export function encodeFloat16(values: Float32Array): Uint16Array {
  return Uint16Array.from(values, toFloat16Bits);
}

export function decodeFloat16(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, fromFloat16Bits);
}
