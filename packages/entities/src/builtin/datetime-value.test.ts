import { describe, expect, it } from 'vitest';
import { resolveDateTime } from './datetime-value';
import type { WallTime } from './wall-time';

// Thursday 3 December 2026, 10:00.
const NOW: WallTime = { year: 2026, month: 12, day: 3, hour: 10, minute: 0, second: 0 };
const resolve = (type: string, ...values: Array<Record<string, string>>) => resolveDateTime(`datetimeV2.${type}`, { values }, NOW);

describe('resolveDateTime', () => {
  it('takes the upcoming reading of a date without a year (today counts)', () => {
    expect(resolve('date', { type: 'date', value: '2025-12-05' }, { type: 'date', value: '2026-12-05' })).toEqual({ kind: 'datetime', value: '2026-12-05' });
    expect(resolve('date', { type: 'date', value: '2026-12-01' }, { type: 'date', value: '2027-12-01' })).toEqual({ kind: 'datetime', value: '2027-12-01' });
    expect(resolve('date', { type: 'date', value: '2025-12-03' }, { type: 'date', value: '2026-12-03' })).toEqual({ kind: 'datetime', value: '2026-12-03' });
  });

  it('keeps a past date when every reading is past', () => {
    expect(resolve('date', { type: 'date', value: '2026-12-02' })).toEqual({ kind: 'datetime', value: '2026-12-02' });
  });

  it('prefers business hours between readings 12 hours apart', () => {
    const at = (hour: string) => ({ type: 'datetime', value: `2026-12-04 ${hour}:00:00` });
    expect(resolve('datetime', at('03'), at('15'))).toEqual({ kind: 'datetime', value: '2026-12-04T15:00:00' });
    expect(resolve('datetime', at('09'), at('21'))).toEqual({ kind: 'datetime', value: '2026-12-04T09:00:00' });
    expect(resolve('datetime', at('07'), at('19'))).toEqual({ kind: 'datetime', value: '2026-12-04T19:00:00' });
  });

  it('puts a bare time on today if it is still to come, else on tomorrow', () => {
    expect(resolve('time', { type: 'time', value: '15:00:00' })).toEqual({ kind: 'datetime', value: '2026-12-03T15:00:00' });
    expect(resolve('time', { type: 'time', value: '09:00:00' }, { type: 'time', value: '21:00:00' })).toEqual({ kind: 'datetime', value: '2026-12-04T09:00:00' });
  });

  it('gives ranges as ISO 8601 intervals', () => {
    expect(resolve('daterange', { type: 'daterange', start: '2026-12-07', end: '2026-12-14' })).toEqual({ kind: 'datetime', value: '2026-12-07/2026-12-14' });
    expect(resolve('datetimerange', { type: 'datetimerange', start: '2026-12-04 08:00:00', end: '2026-12-04 12:00:00' })).toEqual({
      kind: 'datetime',
      value: '2026-12-04T08:00:00/2026-12-04T12:00:00',
    });
    expect(resolve('timerange', { type: 'timerange', start: '14:00:00', end: '16:00:00' })).toEqual({
      kind: 'datetime',
      value: '2026-12-03T14:00:00/2026-12-03T16:00:00',
    });
  });

  it('gives durations in seconds, and nothing for sets or what the recognizer could not resolve', () => {
    expect(resolve('duration', { type: 'duration', value: '7200' })).toEqual({ kind: 'duration', seconds: 7200 });
    expect(resolve('set', { type: 'set', value: 'not resolved' })).toBeNull();
    expect(resolve('date', { type: 'date', value: 'not resolved' })).toBeNull();
    expect(resolveDateTime('datetimeV2.date', null, NOW)).toBeNull();
  });
});
