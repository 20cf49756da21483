import { FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, type PostedMessage } from '../slack/support/fake-slack';
import { directMessage } from '../slack/support/slack-events';
import { startSlackPlatform, type SlackPlatform } from '../slack/support/slack-platform';
import type { ButtonDriver, ConformanceDriver, RenderedButtonReply } from './driver';

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
  private readonly lastClicks = new Map<string, string>();

  /**
   * Buttons are Block Kit in the posted message; a click is a signed block_actions payload POSTed to
   * the app, as Slack sends it. Slack never retries a click, so a repeat is the user's second click.
   */
  readonly buttons: ButtonDriver = {
    lastButtonReply: async (conversation) => {
      const post = this.lastButtonPost(conversation);
      return post ? renderedBlocks(post) : null;
    },
    click: async (conversation, label) => {
      this.lastClicks.set(conversation, label);
      await this.click(conversation, label, conversation);
    },
    repeatLastClick: async (conversation) => {
      const label = this.lastClicks.get(conversation);
      if (label === undefined) throw new Error(`nothing was clicked in ${conversation}`);
      await this.click(conversation, label, conversation);
    },
    forgeClick: (conversation, label, from) => this.click(conversation, label, from),
  };

  private lastButtonPost(conversation: string): PostedMessage | undefined {
    return this.slack.fake
      .postsIn(this.conversation(conversation).channel)
      .filter((post) => post.blocks)
      .at(-1);
  }

  /** `from`'s user clicks `label` on `conversation`'s last reply with buttons, Slack naming `from`'s DM as where. */
  private async click(conversation: string, label: string, from: string): Promise<void> {
    const post = this.lastButtonPost(conversation);
    if (!post) throw new Error(`no reply with buttons in ${conversation}`);
    const clicker = this.conversation(from);
    const forged = from === conversation ? {} : { from: { channel: clicker.channel } };
    const response = await this.slack.click(post, label, clicker.user, forged);
    if (response.status !== 200) throw new Error(`the interactivity endpoint answered ${response.status}`);
  }

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

/** Slack mrkdwn as the Slack client shows it: entities decoded. */
function decodeMrkdwn(text: string): string {
  return text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

/**
 * A Block Kit message as the Slack client shows it. Markup is what Slack would act on: any `<...>`
 * control sequence (mention, link) in mrkdwn, mrkdwn that Slack may auto-link (not verbatim), and a
 * button label that is not plain_text.
 */
function renderedBlocks(post: PostedMessage): RenderedButtonReply {
  const markup: string[] = [...(post.text.match(/<[^>]*>/g) ?? [])];
  const texts: string[] = [];
  const buttons: RenderedButtonReply['buttons'] = [];
  for (const block of post.blocks ?? []) {
    if (block.type === 'section') {
      if (block.text.type === 'mrkdwn') {
        markup.push(...(block.text.text.match(/<[^>]*>/g) ?? []));
        if (block.text.verbatim !== true) markup.push('section mrkdwn without verbatim');
        texts.push(decodeMrkdwn(block.text.text));
      } else texts.push(block.text.text);
    } else {
      for (const element of block.elements) {
        if (element.text.type !== 'plain_text') markup.push(`button label in ${element.text.type}`);
        buttons.push(element.url === undefined ? { type: 'reply', label: element.text.text } : { type: 'link', label: element.text.text, url: element.url });
      }
    }
  }
  return { text: texts.join('\n'), buttons, markup };
}
