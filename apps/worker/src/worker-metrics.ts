import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The worker's Prometheus metrics, served on METRICS_PORT at /metrics. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    messagesProcessed: new Counter({
      name: 'chatbot_worker_messages_total',
      help: 'Inbound messages handled by this worker, by channel and outcome (answered, fallback, handoff, silent while handed off, duplicate)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    replyLatency: new Histogram({
      name: 'chatbot_reply_latency_seconds',
      help: 'Time from a message reaching the platform to its reply being queued for delivery',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    handoffs: new Counter({
      name: 'chatbot_handoffs_total',
      help: 'Conversations this worker handed to people (the user asked, the bot could not help, or an action said so), by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
    feedback: new Counter({
      name: 'chatbot_feedback_total',
      help: "End users' ratings of replies, by channel, rating and outcome (stored; superseded by a newer rating; no-reply: names no reply of its conversation)",
      labelNames: ['channel', 'helpful', 'outcome'],
      registers: [registry],
    }),
    retentionDeleted: new Counter({
      name: 'chatbot_retention_deleted_total',
      help: 'Conversations and turns deleted by data retention (CONVERSATION_RETENTION_DAYS)',
      labelNames: ['what'],
      registers: [registry],
    }),
    modelInfo: new Gauge({
      name: 'chatbot_model_info',
      help: 'The model version this worker answers with (value 1)',
      labelNames: ['version', 'backend'],
      registers: [registry],
    }),
    storeUnreachable: new Gauge({
      name: 'chatbot_worker_store_unreachable',
      help: 'Whether this worker has paused taking jobs because PostgreSQL does not answer (1) or not (0)',
      registers: [registry],
    }),
    actionCalls: new Counter({
      name: 'chatbot_action_calls_total',
      help: 'Action (fulfilment webhook) calls, by action and outcome (ok, error, timeout, circuit_open, not_configured, not_repeated)',
      labelNames: ['action', 'status'],
      registers: [registry],
    }),
    actionCallDuration: new Histogram({
      name: 'chatbot_action_call_duration_seconds',
      help: 'Time an action took to answer (retries included), by action',
      labelNames: ['action'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    interimMessages: new Counter({
      name: 'chatbot_action_interim_messages_total',
      help: '"Let me check that for you..." messages sent because an action was slow, by action',
      labelNames: ['action'],
      registers: [registry],
    }),
    modelThreshold: new Gauge({
      name: 'chatbot_model_threshold',
      help: "The confidence below which this worker gives the fallback reply (NLU_THRESHOLD, else the model's calibrated one)",
      registers: [registry],
    }),
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
