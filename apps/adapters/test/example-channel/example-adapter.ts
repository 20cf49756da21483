import {
  InvalidMessageError,
  classifyMessageText,
  messageTooLongReply,
  renderTemplate,
  withNumberedButtons,
  replyLanguageOf,
  type AdapterContext,
  type ChannelAdapter,
  type OutboundMessage,
} from '@chatbot/core';
import { ExampleService, type ExampleConnection, type ExampleMessage } from './example-service';

export const EXAMPLE_CHANNEL = 'example';

export interface ExampleAdapterOptions {
  token: string;
  serviceUrl: string;
}

/** The example channel: one conversation per conversation of the service, keyed `example:<conversation>`. */
export class ExampleAdapter implements ChannelAdapter {
  readonly channel = EXAMPLE_CHANNEL;
  private connection: ExampleConnection | undefined;

  constructor(private readonly options: ExampleAdapterOptions) {}

  async start(context: AdapterContext): Promise<void> {
    this.connection = ExampleService.at(this.options.serviceUrl).connect(this.options.token, (message) => this.receive(message, context));
  }

  /** The service shows plain text only: the user's values go in as they are, buttons as a numbered list (typing the number works as a click). */
  async deliver(message: OutboundMessage): Promise<void> {
    const text = withNumberedButtons(renderTemplate(message.text, message.variables), message.buttons);
    this.connected.post(message.conversationKey.slice(`${EXAMPLE_CHANNEL}:`.length), text, message.idempotencyKey);
  }

  async stop(): Promise<void> {
    this.connection?.close();
    this.connection = undefined;
  }

  /** Resolving acknowledges the message to the service, so it resolves only once the message is queued (or refused). */
  private async receive(message: ExampleMessage, context: AdapterContext): Promise<void> {
    if (message.author.bot) return context.logger.debug({ messageId: message.id }, 'example message by a bot ignored');
    const verdict = classifyMessageText(message.text);
    if (verdict.status === 'empty') return context.logger.debug({ messageId: message.id }, 'empty example message ignored');
    if (verdict.status === 'too-long') {
      this.connected.post(message.conversation, messageTooLongReply(replyLanguageOf(message.text)), `too-long:${message.id}`);
      return;
    }
    try {
      await context.publish({
        channel: EXAMPLE_CHANNEL,
        nativeMessageId: message.id,
        conversationKey: `${EXAMPLE_CHANNEL}:${message.conversation}`,
        user: { id: message.author.id },
        text: verdict.text,
      });
    } catch (error) {
      // Refused by the platform: a redelivery would be refused again. Anything else leaves it unacknowledged.
      if (!(error instanceof InvalidMessageError)) throw error;
      context.logger.warn({ err: error, messageId: message.id }, 'example message refused');
    }
  }

  private get connected(): ExampleConnection {
    if (!this.connection) throw new Error('the example adapter is not started');
    return this.connection;
  }
}
