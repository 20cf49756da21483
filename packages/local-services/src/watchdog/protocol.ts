import { z } from 'zod';

/** What the launcher tells its watchdog over the IPC channel (see ./watchdog-process.ts). */
export const watchdogMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('watch'),
    pid: z.number().int().positive(),
    /** How this process stops cleanly: SIGINT for PostgreSQL (fast shutdown), SIGTERM for the rest. */
    signal: z.enum(['SIGTERM', 'SIGINT']),
    /** How long it may take before it is killed outright. */
    graceMs: z.number().int().min(0),
  }),
  z.object({ type: z.literal('unwatch'), pid: z.number().int().positive() }),
]);
export type WatchdogMessage = z.infer<typeof watchdogMessage>;

/** The watchdog's one message back: it is listening. */
export const WATCHDOG_READY = 'watchdog-ready';
