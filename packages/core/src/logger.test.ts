import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, secretsOf } from './logger';

const env = {
  ADMIN_TOKEN: 'admin-token-0123456789abcdef',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-secretpart',
  SLACK_SIGNING_SECRET: 'signing-secret-abcdef',
  DATABASE_URL: 'postgresql://chatbot:db-password-42@db:5432/chatbot',
  REDIS_URL: 'redis://:redis-password-42@redis:6379',
  PORT: '3000',
  LOG_LEVEL: 'debug',
};

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger('test', 'debug', { env, destination }) };
}

describe('createLogger', () => {
  it("knows the process's secrets: tokens, secrets, and the passwords inside URLs", () => {
    expect(secretsOf(env).sort()).toEqual(
      ['admin-token-0123456789abcdef', 'db-password-42', 'redis-password-42', 'signing-secret-abcdef', 'xoxb-1111-2222-secretpart'].sort(),
    );
  });

  it('never writes a secret, wherever it appears in a line (message, error, nested field), nor credential fields', () => {
    const { lines, logger } = capture();
    logger.info(`calling Slack with ${env.SLACK_BOT_TOKEN}`);
    logger.error({ err: new Error(`could not connect to ${env.DATABASE_URL}`) }, 'database down');
    logger.warn({ request: { headers: { authorization: 'Bearer some-api-key-not-in-env', cookie: 'admin_session=abc' } } }, 'refused');
    logger.debug({ options: { token: 'another-token-value', url: env.REDIS_URL } }, 'connecting');
    const all = lines.join('\n');
    for (const secret of [...secretsOf(env), 'some-api-key-not-in-env', 'admin_session=abc', 'another-token-value']) expect(all).not.toContain(secret);
    expect(all).toContain('[redacted]');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!)).toMatchObject({ msg: 'database down', err: { message: 'could not connect to postgresql://chatbot:[redacted]@db:5432/chatbot' } });
  });
});
