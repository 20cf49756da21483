// The recognizers resolve "tomorrow at 3" against a Date's local fields (getHours(), getDate() ...) and
// answer in wall-clock time. So the reference is given as a Date whose local fields are the wall time of
// the message's receipt in the bot's zone, and their answers are read as wall times in that zone. (On a
// host whose own zone has a daylight-saving gap at that wall time, the Date shifts by the gap's size;
// servers run in UTC, which has none.)

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `instant` in `timeZone` (an IANA name; a RangeError for an unknown one). */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** A Date whose local fields are this wall time (what the recognizers take as "now"). */
export function localDateOf(wall: WallTime): Date {
  return new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** "2026-12-03" */
export function isoDate(wall: WallTime): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** "2026-12-03T10:00:00" */
export function isoDateTime(wall: WallTime): string {
  return `${isoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/** The ISO date `days` after an ISO date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** The wall time `seconds` later (naive calendar arithmetic: a daylight-saving change in between is not seen). */
export function addSeconds(wall: WallTime, seconds: number): WallTime {
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + seconds * 1000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}
