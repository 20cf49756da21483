import { FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID } from '../slack/support/fake-slack';
import { directMessage } from '../slack/support/slack-events';
import { startSlackPlatform, type SlackPlatform } from '../slack/support/slack-platform';
import type { ConformanceDriver } from './driver';

/**
 * The conformance driver for Slack: each test conversation is one end user's DM with the bot,
 * delivered as signed Events API requests into the real Bolt app; replies are read at the fake
 * Web API (chat.postMessage), decoded from mrkdwn as the Slack client shows them.
 */
export class SlackConformanceDriver implements ConformanceDriver {
  readonly channel = 'slack';
  private platform: SlackPlatform | undefined;
  private readonly conversations = new Map<string, { channel: string; user: string }>();
  private readonly sent = new Map<string, Record<string, unknown>>();

  async start(options: { redisUrl: string; prefix: string }): Promise<void> {
    // The suite runs its own fake worker.
    this.platform = await startSlackPlatform({ ...options, fakeWorker: false });
  }

  private get slack(): SlackPlatform {
    if (!this.platform) throw new Error('the Slack driver is not started');
    return this.platform;
  }

  private conversation(name: string): { channel: string; user: string } {
    let conversation = this.conversations.get(name);
    if (!conversation) {
      const n = String(this.conversations.size + 1).padStart(4, '0');
      conversation = { channel: `D0CONF${n}`, user: `U0CONF${n}` };
      this.conversations.set(name, conversation);
    }
    return conversation;
  }

  /** Delivers an Events API body; anything but 200 means Slack would retry, which these tests never expect. */
  private async deliver(body: object, retryNum?: number): Promise<void> {
    const response = await this.slack.deliver(body, retryNum === undefined ? {} : { retryNum });
    if (response.status !== 200) throw new Error(`the Events API endpoint answered ${response.status}`);
  }

  async sendUserMessage(conversation: string, text: string): Promise<{ nativeMessageId: string }> {
    const { channel, user } = this.conversation(conversation);
    const body = directMessage({ channel, user, text });
    await this.deliver(body);
    const nativeMessageId = `${FAKE_TEAM_ID}:${channel}:${(body.event as { ts: string }).ts}`;
    this.sent.set(nativeMessageId, body);
    return { nativeMessageId };
  }

  /** Slack's retry: the same body again, with X-Slack-Retry-Num. */
  async redeliver(_conversation: string, nativeMessageId: string): Promise<void> {
    const body = this.sent.get(nativeMessageId);
    if (!body) throw new Error(`no message ${nativeMessageId} was sent through this driver`);
    await this.deliver(body, 1);
  }

  /** Another app's bot posting in the DM, and the bot's own reply echoed back as a message event. */
  async sendBotMessage(conversation: string, text: string): Promise<void> {
    const { channel } = this.conversation(conversation);
    await this.deliver(directMessage({ channel, user: 'U0OTHERBOT', text, extra: { subtype: 'bot_message', bot_id: 'B0OTHER' } }));
    await this.deliver(directMessage({ channel, user: FAKE_BOT_USER_ID, text, extra: { bot_id: FAKE_BOT_ID } }));
  }

  /** A request signed with the wrong signing secret. */
  async sendWithBadAuthentication(conversation: string, text: string): Promise<{ refused: boolean; detail: string }> {
    const { channel, user } = this.conversation(conversation);
    const response = await this.slack.deliver(directMessage({ channel, user, text }), { secret: 'wrong-signing-secret' });
    return { refused: response.status === 401, detail: `the Events API endpoint answered ${response.status}` };
  }

  async repliesFor(conversation: string): Promise<string[]> {
    const { channel } = this.conversation(conversation);
    return this.slack.fake.postsIn(channel).map((post) => post.text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));
  }

  async stop(): Promise<void> {
    await this.platform?.stop();
  }
}
