import { z } from 'zod';

/** Thrown when environment variables are missing or invalid; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** An on/off switch: true, false, 1 or 0. */
const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], `${name} must be true or false`)
    .default(String(fallback) as 'true' | 'false')
    .transform((value) => value === 'true' || value === '1');
/** The web chat's rate limits unless configured: a person types far fewer; an office behind one address opens a few chats a minute. */
export const WEB_RATE_LIMIT_DEFAULTS = { messagesPerMinute: 30, sessionsPerMinute: 60 } as const;
const THRESHOLD_MESSAGE = 'NLU_THRESHOLD must be a number from 0 to 1';
/** A per-minute allowance; 0 turns the limit off. */
const perMinute = (name: string, fallback: number) =>
  z.coerce.number(`${name} must be a whole number (0: no limit)`).int(`${name} must be a whole number (0: no limit)`).min(0, `${name} must be 0 or more`).default(fallback);

/**
 * Every environment variable the platform reads. Each process picks the groups it needs,
 * so the adapters process does not demand DATABASE_URL, for example.
 */
export const configGroups = {
  redis: {
    REDIS_URL: z.string().url('REDIS_URL must be a URL such as redis://localhost:6379'),
    /** Key prefix for every BullMQ queue and Redis key; tests use their own. */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('chatbot'),
  },
  database: {
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  },
  web: {
    /** Where the chat page and its WebSocket are served. */
    PORT: port(3000),
    HOST: z.string().default('0.0.0.0'),
    /** Messages one chat session may send per minute; the page sends the ones refused again after the wait. */
    WEB_MESSAGES_PER_MINUTE: perMinute('WEB_MESSAGES_PER_MINUTE', WEB_RATE_LIMIT_DEFAULTS.messagesPerMinute),
    /** New chat sessions one client address may open per minute. */
    WEB_SESSIONS_PER_MINUTE: perMinute('WEB_SESSIONS_PER_MINUTE', WEB_RATE_LIMIT_DEFAULTS.sessionsPerMinute),
    /** Behind a reverse proxy: the client's address is the one X-Forwarded-For names (fastify's trustProxy). */
    WEB_TRUST_PROXY: flag('WEB_TRUST_PROXY', false),
  },
  api: {
    API_PORT: port(3001),
    HOST: z.string().default('0.0.0.0'),
    ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  },
  /** Read by the API (refuses a training request early) and the worker (refuses the run): one setting for both. */
  training: {
    /** An intent with fewer examples (base data + labels) makes a training request fail with the reason. */
    TRAINING_MIN_EXAMPLES_PER_INTENT: z.coerce.number().int().min(1).max(10_000).default(5),
  },
  model: {
    MODEL_DIR: z.string().default('.data/models'),
    MODEL_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  },
  worker: {
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    METRICS_PORT: port(9464),
    /** Whether this worker also takes training jobs (one run at a time across all workers). */
    TRAINING_ENABLED: flag('TRAINING_ENABLED', true),
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
  discord: {
    /** The bot token from the Discord developer portal (Bot > Reset Token). */
    DISCORD_TOKEN: z.string().min(1),
    /** REST base URL without the version, e.g. https://discord.com/api; tests point it at a local fake. */
    DISCORD_API_URL: z.string().url('DISCORD_API_URL must be a URL such as https://discord.com/api').optional(),
  },
  slack: {
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be a bot token (xoxb-...)'),
    /** Verifies Events API requests; not needed in Socket Mode. */
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    /** An app-level token switches the channel to Socket Mode (no public URL needed). */
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token (xapp-...)').optional(),
    /** Where the Events API receiver listens (HTTP mode). */
    SLACK_PORT: port(3002),
    /** Slack Web API base URL; tests point it at a local fake. */
    SLACK_API_URL: z.string().url('SLACK_API_URL must be a URL such as https://slack.com/api/').default('https://slack.com/api/'),
  },
  log: {
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const;

type Groups = typeof configGroups;
type GroupName = keyof Groups;
type GroupValues<K extends GroupName> = z.output<z.ZodObject<Groups[K]>>;
/** The validated settings of the named groups, e.g. Config<'redis' | 'web'>. */
export type Config<G extends GroupName> = UnionToIntersection<{ [K in G]: GroupValues<K> }[G]>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Reads and validates the environment variables of the named groups.
 * Empty strings count as unset, so `FOO= pnpm start` behaves like leaving FOO out.
 */
export function loadConfig<G extends GroupName>(groups: readonly G[], env: NodeJS.ProcessEnv = process.env): Config<G> {
  const shape: z.ZodRawShape = {};
  for (const group of groups) Object.assign(shape, configGroups[group]);
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const message = issue.code === 'invalid_type' && cleaned[key] === undefined ? 'is required but not set' : issue.message;
      return `  - ${key}: ${message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data as Config<G>;
}
