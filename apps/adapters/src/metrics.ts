import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The adapters process's Prometheus metrics. One registry per instance (not prom-client's
 * global one), so tests can run several adapter processes side by side without clashes.
 */
export class AdapterMetrics {
  readonly registry = new Registry();

  /** Messages from end users that reached the `inbound` queue (duplicates not counted). */
  readonly messagesIn = new Counter({
    name: 'chatbot_messages_in_total',
    help: 'End-user messages queued for the worker, per channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  /** Replies handed to a channel. */
  readonly messagesOut = new Counter({
    name: 'chatbot_messages_out_total',
    help: 'Replies delivered to end users, per channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  /** End users' ratings of replies queued for the worker. */
  readonly feedbackIn = new Counter({
    name: 'chatbot_feedback_in_total',
    help: "End users' ratings of replies (thumbs up/down) queued for the worker, per channel and rating",
    labelNames: ['channel', 'helpful'] as const,
    registers: [this.registry],
  });

  /** Web chat messages and new sessions refused for going over their rate limit. */
  readonly rateLimited = new Counter({
    name: 'chatbot_web_rate_limited_total',
    help: 'Web chat messages (limit="messages", per session) and new sessions (limit="sessions", per client address) refused by a rate limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
