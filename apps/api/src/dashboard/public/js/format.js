// How numbers and dates read on the dashboard.

export const DASH = '—';

/** 0.9312 -> "93.1%"; null -> "—". */
export function percent(value, digits = 1) {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : DASH;
}

/** 0.93124 -> "0.931". */
export function decimal(value, digits = 3) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : DASH;
}

/** An ISO date-time in the admin's locale, to the second. */
export function dateTime(iso) {
  if (!iso) return DASH;
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The time between two ISO date-times, e.g. "17 s", "4.5 min", "3.2 h"; "—" until both are known. */
export function duration(fromIso, toIso) {
  if (!fromIso || !toIso) return DASH;
  const seconds = (new Date(toIso).getTime() - new Date(fromIso).getTime()) / 1000;
  if (seconds < 120) return `${Math.max(0, seconds).toFixed(0)} s`;
  return seconds < 7200 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;
}
