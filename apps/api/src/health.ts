import type { Redis } from '@chatbot/core';
import { pingDatabase, type Db } from '@chatbot/db';

export type CheckResult = { ok: true; ms: number } | { ok: false; error: string };
export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { redis: CheckResult; postgres: CheckResult };
}

const TIMEOUT_MS = 2000;

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)))]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks both services the platform cannot work without. */
export async function checkHealth(redis: Redis, db: Db): Promise<HealthReport> {
  const [redisCheck, postgresCheck] = await Promise.all([timed(() => redis.ping()), timed(() => pingDatabase(db))]);
  return { status: redisCheck.ok && postgresCheck.ok ? 'ok' : 'degraded', checks: { redis: redisCheck, postgres: postgresCheck } };
}
