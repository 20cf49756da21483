import { Queue } from 'bullmq';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { platformQueueNames, type Redis } from '@chatbot/core';
import { countInbox, getActiveModelVersion, type Db } from '@chatbot/db';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Platform-wide gauges read at scrape time: queue depth per queue and state, the active model
 * version and the conversations waiting for a person; and the agents' time to first reply, which
 * only the API sees. Per-message counters and latency live in the adapters' and workers' /metrics.
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

  new Gauge({
    name: 'chatbot_inbox_waiting',
    help: 'Conversations handed off to a person (waiting in the agent inbox, claimed or not)',
    registers: [registry],
    async collect() {
      this.set(await countInbox(options.db));
    },
  });
  const agentFirstReply = new Histogram({
    name: 'chatbot_agent_first_reply_seconds',
    help: "Time from a conversation's handoff to the first human reply in it",
    // People answer in seconds to hours, not milliseconds.
    buckets: [10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600],
    registers: [registry],
  });

  return {
    registry,
    /** The first human reply since a handoff was sent, after the user waited `waitedMs`. */
    observeAgentFirstReply: (waitedMs: number) => agentFirstReply.observe(waitedMs / 1000),
    close: () => Promise.all(queues.map((q) => q.close())),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
