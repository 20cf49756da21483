// Checks docker-compose.yml for what a safe, durable deployment needs (no Docker engine is needed:
// the file is read as YAML). Run by `pnpm test` (node --test).
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';

const text = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
const { services } = parse(text, { merge: true });
const LONG_RUNNING = ['postgres', 'redis', 'worker', 'api', 'adapters'];

test('secrets have no default: compose refuses to start without them', () => {
  for (const name of ['ADMIN_TOKEN', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']) {
    const uses = text.match(new RegExp(`\\$\\{${name}[^}]*\\}`, 'g')) ?? [];
    assert.ok(uses.length > 0, `${name} is used`);
    for (const use of uses) assert.match(use, new RegExp(`^\\$\\{${name}:\\?`), `${use} must be required (:?), not defaulted`);
  }
  assert.doesNotMatch(text, /change-me/);
});

test('PostgreSQL and Redis are published on the loopback interface only', () => {
  for (const name of ['postgres', 'redis']) {
    for (const port of services[name].ports ?? []) assert.match(String(port), /^127\.0\.0\.1:/, `${name} publishes ${port}`);
  }
});

test('Redis asks for a password, keeps an append-only file and never evicts', () => {
  const command = services.redis.command.join(' ');
  assert.match(command, /--requirepass \$\{REDIS_PASSWORD:\?/);
  assert.match(command, /--appendonly yes/);
  assert.match(command, /--maxmemory-policy noeviction/);
  for (const name of ['worker', 'api', 'adapters']) assert.match(services[name].environment.REDIS_URL, /^redis:\/\/:\$\{REDIS_PASSWORD:\?/);
});

test('every long-running service is started again when it fails', () => {
  for (const name of LONG_RUNNING) assert.match(String(services[name].restart), /^(unless-stopped|always|on-failure)/, `${name} restart policy`);
  assert.equal(services.setup.restart, 'no');
});
