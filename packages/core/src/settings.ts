import { z } from 'zod';

/** Thrown when environment variables are missing or invalid; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment variables by name, each with the zod schema that reads it from its string. */
export type SettingsShape = z.ZodRawShape;
/** The validated values of a SettingsShape. */
export type Settings<S extends SettingsShape> = z.output<z.ZodObject<S>>;

/** A TCP port; 0 lets the system pick a free one. With `name`, a bad value is reported as `<name> must be a port number ...`. */
export const portSetting = (fallback: number, name?: string) => {
  const message = name ? `${name} must be a port number from 0 to 65535` : undefined;
  return z.coerce.number(message).int(message).min(0, message).max(65535, message).default(fallback);
};

/** An on/off switch: true, false, 1 or 0. */
export const flagSetting = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], `${name} must be true or false`)
    .default(String(fallback) as 'true' | 'false')
    .transform((value) => value === 'true' || value === '1');

/** A per-minute allowance; 0 turns the limit off. */
export const perMinuteSetting = (name: string, fallback: number) =>
  z.coerce
    .number(`${name} must be a whole number (0: no limit)`)
    .int(`${name} must be a whole number (0: no limit)`)
    .min(0, `${name} must be 0 or more`)
    .default(fallback);

/**
 * Behind reverse proxies: which X-Forwarded-For (and -Proto, -Host) entries to believe. Never the
 * left-most, which the client writes itself: `true` or `1` is one proxy in front (the client is the
 * entry that proxy added), `2` two, and so on; or the proxies' addresses or CIDR ranges, comma
 * separated (`10.0.0.0/8,127.0.0.1`). `false` (default): the connecting address is the client.
 */
export const trustProxySetting = (name: string) =>
  z
    .string()
    .default('false')
    .transform((value, context) => {
      const setting = value.trim();
      if (setting === 'false' || setting === '0') return false;
      if (setting === 'true') return 1;
      if (/^\d+$/.test(setting)) return Number(setting);
      if (/^[0-9A-Fa-f:./]+(\s*,\s*[0-9A-Fa-f:./]+)*$/.test(setting)) return setting.replace(/\s+/g, '');
      context.addIssue({ code: 'custom', message: `${name} must be false, true, a number of proxies, or proxy addresses (comma separated)` });
      return z.NEVER;
    });
export type TrustProxy = false | number | string;

/** A TrustProxy as fastify's `trustProxy` takes it: n proxies in front means the n nearest hops are trusted, no further. */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Reads and validates the environment variables of `shape`, throwing one ConfigError that lists
 * every bad variable, so a user fixes them all at once. Empty strings count as unset, so
 * `FOO= pnpm start` behaves like leaving FOO out.
 */
export function loadSettings<S extends SettingsShape>(shape: S, env: NodeJS.ProcessEnv = process.env): Settings<S> {
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
  return result.data;
}
