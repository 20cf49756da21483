import { createLogger, createRedis, type Redis } from '@chatbot/core';
import { AdapterMetrics, createEnabledAdapters, startAdapters, type RunningAdapters } from '../../src';
import type { ConformanceDriver } from '../conformance/driver';
import { ExampleAdapter } from './example-adapter';
import { ExampleService, type ExampleMessage } from './example-service';
import { exampleChannelDefinition } from './index';

/**
 * The conformance driver for the example channel: each test conversation is one conversation on an
 * in-memory ExampleService; the adapter is created from its definition and settings, as the
 * adapters process creates it.
 */
export class ExampleConformanceDriver implements ConformanceDriver {
  readonly channel = 'example';
  private readonly service = new ExampleService().open();
  private readonly logger = createLogger('example-conformance', 'silent');
  private redis: Redis | undefined;
  private prefix = '';
  private running: RunningAdapters | undefined;
  private readonly sent = new Map<string, ExampleMessage>();
  /** The example service has no buttons: the adapter writes them out as a numbered list under the text. */
  readonly buttons = null;

  async start(options: { redisUrl: string; prefix: string }): Promise<void> {
    this.redis = createRedis(options.redisUrl);
    this.prefix = options.prefix;
    const metrics = new AdapterMetrics();
    const env = { EXAMPLE_TOKEN: this.service.token, EXAMPLE_SERVICE_URL: this.service.url };
    const adapters = createEnabledAdapters({ env, redis: this.redis, prefix: this.prefix, metrics, logger: this.logger }, [exampleChannelDefinition]);
    this.running = await startAdapters({ adapters, redis: this.redis, prefix: this.prefix, logger: this.logger, metrics });
  }

  async sendUserMessage(conversation: string, text: string): Promise<{ nativeMessageId: string }> {
    const message = await this.service.say(conversation, { id: `user-${conversation}`, bot: false }, text);
    this.sent.set(message.id, message);
    return { nativeMessageId: message.id };
  }

  async redeliver(_conversation: string, nativeMessageId: string): Promise<void> {
    const message = this.sent.get(nativeMessageId);
    if (!message) throw new Error(`no message ${nativeMessageId} was sent through this driver`);
    await this.service.deliver(message);
  }

  /** Another bot's message, and one by the adapter's own bot user. */
  async sendBotMessage(conversation: string, text: string): Promise<void> {
    await this.service.say(conversation, { id: 'other-bot', bot: true }, text);
    await this.service.say(conversation, this.service.botUser, text);
  }

  /** The service authenticates the connection: an adapter with a wrong token must fail to start. */
  async sendWithBadAuthentication(): Promise<{ refused: boolean; detail: string }> {
    const intruder = new ExampleAdapter({ token: `${this.service.token}-wrong`, serviceUrl: this.service.url });
    try {
      const running = await startAdapters({ adapters: [intruder], redis: this.redis!, prefix: this.prefix, logger: this.logger, metrics: new AdapterMetrics() });
      await running.stop();
      return { refused: false, detail: 'the service accepted a wrong token' };
    } catch (error) {
      return { refused: true, detail: `connection refused: ${(error as Error).message}` };
    }
  }

  async repliesFor(conversation: string): Promise<string[]> {
    return this.service.postsIn(conversation);
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.service.close();
    await this.redis?.quit();
  }
}
