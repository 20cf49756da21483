import { addDays, isoDate, isoDateTime, type WallTime } from './wall-time';

// The date-time recognizer gives every reading of an ambiguous expression: "Dec 5" is last year's and this
// year's, "Monday" last week's and next, "at 3" 03:00 and 15:00. One is chosen, for customer service:
//  1. Upcoming first: readings that have not passed at the reference time (a date counts until its day
//     ends, a range until its end). "12月5日" on 3 December is 5 December this year; on 10 December it is
//     next year's. Only when every reading is past ("yesterday", "上周三") is a past one kept.
//  2. Then business hours: of readings 12 hours apart, the one between 08:00 and 19:59, so "tomorrow at
//     3" is 15:00, "at 9" 09:00 and "at 7" 19:00.
//  3. Then the earliest.
// A time without a date ("at 3pm", "下午3点") is today's if it is still to come, else tomorrow's. A range
// is an ISO 8601 interval "start/end" with the recognizer's end. Sets ("every Monday") and what the
// recognizer could not resolve ("Feb 30") give nothing.

export type ResolvedDateTime = { kind: 'datetime'; value: string } | { kind: 'duration'; seconds: number };

interface Candidate {
  type?: unknown;
  value?: unknown;
  start?: unknown;
  end?: unknown;
}

interface Reading {
  start: string;
  end: string | null;
  hasTime: boolean;
  hour: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}$/;

export function resolveDateTime(typeName: string, resolution: Record<string, unknown> | null | undefined, reference: WallTime): ResolvedDateTime | null {
  const candidates = Array.isArray(resolution?.values) ? (resolution.values as Candidate[]) : [];
  if (typeName === 'datetimeV2.duration') {
    const seconds = Number(candidates[0]?.value);
    return Number.isFinite(seconds) && seconds > 0 ? { kind: 'duration', seconds } : null;
  }
  const readings = candidates.map((candidate) => toReading(candidate, reference)).filter((reading): reading is Reading => reading !== null);
  const chosen = choose(readings, reference);
  if (chosen === null) return null;
  return { kind: 'datetime', value: chosen.end === null ? chosen.start : `${chosen.start}/${chosen.end}` };
}

function toReading(candidate: Candidate, reference: WallTime): Reading | null {
  const value = typeof candidate.value === 'string' ? candidate.value : null;
  const start = typeof candidate.start === 'string' ? candidate.start : null;
  const end = typeof candidate.end === 'string' ? candidate.end : null;
  switch (candidate.type) {
    case 'date':
      return value !== null && DATE.test(value) ? { start: value, end: null, hasTime: false, hour: null } : null;
    case 'datetime':
      return value !== null && DATE_TIME.test(value) ? point(value.replace(' ', 'T')) : null;
    case 'time':
      return value !== null && TIME.test(value) ? point(nextOccurrence(value, reference)) : null;
    case 'daterange':
      return range(start, end, DATE, (side) => side, false);
    case 'datetimerange':
      return range(start, end, DATE_TIME, (side) => side.replace(' ', 'T'), true);
    case 'timerange': {
      // An open range ("12点前", "before 3pm") is the time it names.
      const only = start !== null && TIME.test(start) ? (end !== null && TIME.test(end) ? null : start) : end !== null && TIME.test(end) ? end : null;
      if (only !== null) return point(nextOccurrence(only, reference));
      if (start === null || end === null || !TIME.test(start) || !TIME.test(end)) return null;
      // Anchored on the day the range is still to come: today, or tomorrow if today's has ended.
      const day = `${isoDate(reference)}T${end}` > isoDateTime(reference) ? isoDate(reference) : addDays(isoDate(reference), 1);
      return { start: `${day}T${start}`, end: `${start <= end ? day : addDays(day, 1)}T${end}`, hasTime: true, hour: Number(start.slice(0, 2)) };
    }
    default:
      return null;
  }
}

function point(dateTime: string): Reading {
  return { start: dateTime, end: null, hasTime: true, hour: Number(dateTime.slice(11, 13)) };
}

function range(start: string | null, end: string | null, shape: RegExp, toIso: (side: string) => string, hasTime: boolean): Reading | null {
  const from = start !== null && shape.test(start) ? toIso(start) : null;
  const to = end !== null && shape.test(end) ? toIso(end) : null;
  if (from === null && to === null) return null;
  // An open range ("before Monday") keeps the side it has.
  if (from === null || to === null) return { start: (from ?? to) as string, end: null, hasTime, hour: null };
  return { start: from, end: to, hasTime, hour: hasTime ? Number(from.slice(11, 13)) : null };
}

function nextOccurrence(time: string, reference: WallTime): string {
  const today = isoDate(reference);
  const candidate = `${today}T${time}`;
  return candidate >= isoDateTime(reference) ? candidate : `${addDays(today, 1)}T${time}`;
}

function choose(readings: Reading[], reference: WallTime): Reading | null {
  if (readings.length <= 1) return readings[0] ?? null;
  const now = isoDateTime(reference);
  const today = isoDate(reference);
  const upcoming = readings.filter((reading) => {
    const last = reading.end ?? reading.start;
    return reading.hasTime ? (reading.end === null ? last >= now : last > now) : last >= today;
  });
  let pool = upcoming.length > 0 ? upcoming : readings;
  const business = pool.filter((reading) => reading.hour !== null && reading.hour >= 8 && reading.hour < 20);
  if (business.length > 0) pool = business;
  return pool.reduce((best, reading) => (reading.start < best.start ? reading : best));
}
