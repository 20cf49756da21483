import { createLogger } from '@chatbot/core';
import { AdapterMetrics, type AdapterDependencies } from '../../src';
import { isolatedRedis } from './redis';

/**
 * What createEnabledAdapters needs, for tests of adapter definitions: `dependencies(env)` is the
 * environment plus what the adapters process hands a channel's factory, with this file's own Redis
 * prefix; `cleanup` removes its keys.
 */
export function testAdapterDependencies(name: string) {
  const { redis, prefix, cleanup } = isolatedRedis();
  const dependencies = (env: NodeJS.ProcessEnv): AdapterDependencies & { env: NodeJS.ProcessEnv } => ({
    env,
    redis,
    prefix,
    metrics: new AdapterMetrics(),
    logger: createLogger(name, 'silent'),
  });
  return { dependencies, redis, prefix, cleanup };
}
