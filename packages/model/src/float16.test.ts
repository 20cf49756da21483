import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, roundToFloat16, toFloat16Bits } from './float16';

describe('float16', () => {
  it('encodes exactly representable values to their IEEE 754 half bits', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest half
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [Number.POSITIVE_INFINITY, 0x7c00],
    ];
    for (const [value, bits] of cases) {
      expect(toFloat16Bits(value), String(value)).toBe(bits);
      expect(fromFloat16Bits(bits), String(bits)).toBe(value);
    }
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('rounds to the nearest half, ties to even', () => {
    // Halves near 1 are 2^-10 apart: 1 + 2^-11 is a tie between 1 (even) and 1 + 2^-10.
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11))).toBe(1);
    expect(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 * 2 ** -10);
    expect(fromFloat16Bits(toFloat16Bits(1 + 0.6 * 2 ** -10))).toBe(1 + 2 ** -10);
    // Rounding up the largest significand carries into the exponent.
    expect(fromFloat16Bits(toFloat16Bits(2 - 2 ** -12))).toBe(2);
  });

  it('keeps values to within 2^-11 relative error, and a rounded array survives encoding unchanged', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 ** ((i % 9) - 4));
    const rounded = values.slice();
    roundToFloat16(rounded);
    rounded.forEach((r, i) => expect(Math.abs(r - values[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) * 2 ** -11 + 2 ** -25));
    expect(decodeFloat16(encodeFloat16(rounded))).toEqual(rounded);
  });
});
