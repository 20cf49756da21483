export { findFreePort } from './ports';
export { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-postgres';
export { startRedisServer, redisAnswers, redisDurabilityWarnings, type RedisServer } from './redis-server';
export { findOrStartRedis, HOW_TO_GET_REDIS } from './local-redis';
export { Supervisor, runToCompletion, type SupervisorOptions } from './supervisor';
