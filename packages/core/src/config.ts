import { z } from 'zod';
import { flagSetting, loadSettings, portSetting, trustProxySetting, type Settings, type SettingsShape } from './settings';

const THRESHOLD_MESSAGE = 'NLU_THRESHOLD must be a number from 0 to 1';
/** TRAINING_MIN_EXAMPLES_PER_INTENT unless set (and for callers that take no setting, such as tests of the API). */
export const DEFAULT_MIN_EXAMPLES_PER_INTENT = 5;
/** Live inbox streams one API process serves at once (INBOX_STREAM_MAX_CLIENTS). */
export const DEFAULT_INBOX_STREAM_MAX_CLIENTS = 500;

/**
 * The environment variables the platform's processes share. Each process picks the groups it needs,
 * so the adapters process does not demand DATABASE_URL, for example. A channel's own variables live
 * with the channel (its AdapterDefinition's settings in apps/adapters), so adding one changes nothing here.
 */
export const configGroups = {
  redis: {
    REDIS_URL: z.string().url('REDIS_URL must be a URL such as redis://localhost:6379'),
    /** Key prefix for every BullMQ queue and Redis key; tests use their own. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .default('chatbot'),
  },
  database: {
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  },
  api: {
    API_PORT: portSetting(3001, 'API_PORT'),
    HOST: z.string().default('0.0.0.0'),
    ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
    /** Behind a TLS-terminating proxy: whose X-Forwarded-* to believe (the session cookie is then Secure, failed logins counted per client). */
    API_TRUST_PROXY: trustProxySetting('API_TRUST_PROXY'),
    /** Dashboards one API process streams live inbox changes to at once; more get 503 (each holds a connection open). */
    INBOX_STREAM_MAX_CLIENTS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_INBOX_STREAM_MAX_CLIENTS),
  },
  /** Read by the API (refuses a training request early) and the worker (refuses the run): one setting for both. */
  training: {
    /** An intent with fewer examples (base data + labels) makes a training request fail with the reason. */
    TRAINING_MIN_EXAMPLES_PER_INTENT: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_EXAMPLES_PER_INTENT),
  },
  model: {
    MODEL_DIR: z.string().default('.data/models'),
    MODEL_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  },
  worker: {
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** Action calls in flight per worker: they wait on the business's backend, not on this machine's CPU. */
    ACTION_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    /** The IANA time zone the bot reads dates and times in ("tomorrow at 3" is 15:00 there). */
    BOT_TIME_ZONE: z
      .string()
      .default('UTC')
      .refine(isTimeZone, { error: (issue) => `BOT_TIME_ZONE must be an IANA time zone such as Europe/London or Asia/Shanghai, got "${String(issue.input)}"` }),
    METRICS_PORT: portSetting(9464, 'METRICS_PORT'),
    /** Whether this worker also takes training jobs (one run at a time across all workers). */
    TRAINING_ENABLED: flagSetting('TRAINING_ENABLED', true),
    /**
     * How sure the model must be (0..1) before the bot answers with an intent instead of the
     * fallback reply. Unset: each model's own threshold, calibrated on held-out data when it was trained.
     */
    NLU_THRESHOLD: z.coerce.number(THRESHOLD_MESSAGE).min(0, THRESHOLD_MESSAGE).max(1, THRESHOLD_MESSAGE).optional(),
    /**
     * Conversations quiet for this many days are deleted (checked hourly), except the messages an
     * admin labelled, which are retraining data. Unset: conversations are kept until deleted by hand.
     */
    CONVERSATION_RETENTION_DAYS: z.coerce
      .number('CONVERSATION_RETENTION_DAYS must be a whole number of days')
      .int('CONVERSATION_RETENTION_DAYS must be a whole number of days')
      .min(1, 'CONVERSATION_RETENTION_DAYS must be at least 1')
      .optional(),
    /** A trained model is promoted automatically unless its macro-F1 is this much below the active model's. */
    PROMOTION_MAX_MACRO_F1_DROP: z.coerce.number().min(0).max(1).default(0.01),
  },
  log: {
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const;

type Groups = typeof configGroups;
type GroupName = keyof Groups;
type GroupValues<K extends GroupName> = Settings<Groups[K]>;
/** The validated settings of the named groups, e.g. Config<'redis' | 'log'>. */
export type Config<G extends GroupName> = UnionToIntersection<{ [K in G]: GroupValues<K> }[G]>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Reads and validates the environment variables of the named groups (see loadSettings). */
export function loadConfig<G extends GroupName>(groups: readonly G[], env: NodeJS.ProcessEnv = process.env): Config<G> {
  const shape: SettingsShape = {};
  for (const group of groups) Object.assign(shape, configGroups[group]);
  return loadSettings(shape, env) as Config<G>;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
