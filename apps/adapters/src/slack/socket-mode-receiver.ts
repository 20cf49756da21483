import type { App, Logger as SlackLogger, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';

/** What SocketModeClient emits as `slack_event` for every envelope (its own typings leave it untyped). */
interface SocketModeEnvelope {
  type: string;
  envelope_id: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
  ack(response?: unknown): Promise<void>;
}

/**
 * Socket Mode for Bolt that acknowledges an envelope only after the app has handled it.
 * Bolt's own SocketModeReceiver acknowledges Events API envelopes before the listeners run, so a
 * message that could not be queued (Redis unavailable) would be lost. Here a failing listener
 * leaves the envelope unacknowledged, and Slack delivers it again.
 */
export class QueueFirstSocketModeReceiver implements Receiver {
  private readonly client: SocketModeClient;
  private app: App | undefined;

  constructor(options: { appToken: string; apiUrl: string; logger: SlackLogger }) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.logger,
      // apps.connections.open (which hands out the WebSocket URL) goes to the same Web API as the bot.
      clientOptions: { slackApiUrl: options.apiUrl },
    });
    this.client.on('slack_event', (envelope: SocketModeEnvelope) => void this.handle(envelope, options.logger));
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }

  private async handle(envelope: SocketModeEnvelope, logger: SlackLogger): Promise<void> {
    if (!this.app) throw new Error('the Socket Mode receiver was started before Bolt initialised it');
    let response: unknown;
    const event: ReceiverEvent = {
      body: envelope.body,
      retryNum: envelope.retry_num,
      retryReason: envelope.retry_reason,
      // Bolt calls ack() first thing; hold the answer until processing has succeeded.
      ack: async (body?: unknown) => {
        response = body;
      },
    };
    try {
      await this.app.processEvent(event);
    } catch (error) {
      logger.warn(`envelope ${envelope.envelope_id} (${envelope.type}) not acknowledged, Slack will deliver it again: ${String(error)}`);
      return;
    }
    await envelope.ack(response).catch((error: unknown) => logger.warn(`could not acknowledge envelope ${envelope.envelope_id}: ${String(error)}`));
  }
}
