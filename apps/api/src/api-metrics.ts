import { Queue } from 'bullmq';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { platformQueueNames, type Redis } from '@chatbot/core';
import { getActiveModelVersion, type Db } from '@chatbot/db';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Platform-wide gauges read at scrape time: queue depth per queue and state, and the active
 * model version. Per-message counters and latency live in the adapters' and workers' /metrics.
 */
export function createApiMetrics(options: { redis: Redis; prefix: string; db: Db; channels: string[] }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const queues = platformQueueNames(options.channels).map((name) => new Queue(name, { connection: options.redis, prefix: options.prefix }));

  new Gauge({
    name: 'chatbot_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'chatbot_active_model_info',
    help: 'The model version promoted for all workers (value 1)',
    labelNames: ['version'],
    registers: [registry],
    async collect() {
      this.reset();
      const active = await getActiveModelVersion(options.db);
      if (active) this.set({ version: active.version }, 1);
    },
  });

  return {
    registry,
    close: () => Promise.all(queues.map((q) => q.close())),
  };
}
