import { z } from 'zod';

// Query strings arrive as text: these schemas turn them into the types the repository functions take.

export const queryInteger = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const queryNumber = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const queryBoolean = z.enum(['true', 'false'], 'use true or false').transform((value) => value === 'true');

/** An ISO 8601 date (2025-06-01) or date-time with offset (2025-06-01T12:00:00Z). */
export const queryDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], 'use an ISO 8601 date such as 2025-06-01 or 2025-06-01T12:00:00Z')
  .transform((value) => new Date(value));

export const pagination = {
  limit: queryInteger(1, 200).default(50),
  offset: queryInteger(0, 1_000_000).default(0),
};
