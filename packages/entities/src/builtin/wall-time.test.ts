import { describe, expect, it } from 'vitest';
import { addDays, isoDateTime, wallTimeIn } from './wall-time';

describe('wallTimeIn', () => {
  it('gives the wall-clock time in a zone, across a date line', () => {
    const instant = new Date('2026-12-03T02:00:00Z');
    expect(isoDateTime(wallTimeIn(instant, 'Asia/Shanghai'))).toBe('2026-12-03T10:00:00');
    expect(isoDateTime(wallTimeIn(instant, 'America/New_York'))).toBe('2026-12-02T21:00:00');
    expect(isoDateTime(wallTimeIn(new Date('2026-12-03T00:00:00Z'), 'UTC'))).toBe('2026-12-03T00:00:00');
  });

  it('refuses an unknown zone', () => {
    expect(() => wallTimeIn(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('does calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
