import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Fields that hold credentials wherever a log line has them (request headers, options objects). */
const SECRET_FIELDS = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.*.token',
  '*.*.password',
  '*.*.secret',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];
const REDACTED = '[redacted]';

/**
 * The secrets this process was given, as they would appear in a log line: the values of variables
 * named *TOKEN, *SECRET or *PASSWORD, and the passwords inside *_URL variables (postgresql://u:pw@h).
 */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (/(TOKEN|SECRET|PASSWORD)$/.test(name)) secrets.add(value);
    if (name.endsWith('_URL')) {
      const password = URL.canParse(value) ? decodeURIComponent(new URL(value).password) : '';
      if (password) secrets.add(password);
    }
  }
  // Short values would blank out ordinary words; real credentials are long.
  return [...secrets].filter((secret) => secret.length >= 8);
}

/**
 * `text` with every occurrence of the secrets replaced, both as they are and as they appear inside
 * JSON strings (a password with a quote or backslash is escaped there): for log lines and for the
 * plain text other processes print.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.replaceAll(JSON.stringify(secret).slice(1, -1), REDACTED).replaceAll(secret, REDACTED);
  return scrubbed;
}

/** A destination that replaces every occurrence of the secrets in each line before it is written. */
export function scrubbing(destination: NodeJS.WritableStream, secrets: readonly string[]): DestinationStream {
  if (secrets.length === 0) return destination as DestinationStream;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      destination.write(scrubSecrets(chunk.toString('utf8'), secrets));
      done();
    },
  });
}

/**
 * Structured JSON logs on stdout. Lines about one message carry `conversationId`
 * (use `logger.child({ conversationId })`). Credentials never reach the log: fields named like one
 * are redacted, and the values of the process's own secrets (tokens, passwords, the password in a
 * database or Redis URL) are replaced wherever they appear, error messages and library logs included.
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  options: { env?: NodeJS.ProcessEnv; destination?: NodeJS.WritableStream } = {},
): Logger {
  const destination = scrubbing(options.destination ?? process.stdout, secretsOf(options.env ?? process.env));
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: SECRET_FIELDS, censor: REDACTED } }, destination);
}
