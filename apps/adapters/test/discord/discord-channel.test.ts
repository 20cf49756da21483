import { OutboundMessageSchema, messageTooLongReply } from '@chatbot/core';
import { ButtonStyle, ComponentType, InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CONTENT_HINT } from '../../src';
import { echoOf } from '../support/fake-worker';
import { isolatedRedis } from '../support/redis';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';
import type { FakeDiscord } from './fake-discord';
import { agentMessage } from '../support/agent-message';

const { redis, prefix, cleanup } = isolatedRedis();
let platform: DiscordPlatform;
let fake: FakeDiscord;

beforeAll(async () => {
  platform = await startDiscordPlatform({ redis, prefix });
  fake = platform.fake;
});
afterAll(async () => {
  await platform?.stop();
  await cleanup();
});

describe('Discord channel: who the bot answers', () => {
  it('answers a direct message with a reply to it in the DM, in its own conversation', async () => {
    const ana = fake.newUser('ana');
    const dm = fake.dm(ana);
    const question = fake.say(dm, ana, 'where is my order?');

    const reply = await fake.rest.replyTo(question.id);
    expect(reply).toMatchObject({ channelId: dm.channelId, content: echoOf('where is my order?') });
    // Like message.reply: pings the asker, never @everyone or roles quoted in the text.
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: true });
    const queued = await platform.queued(question.id);
    expect(queued).toMatchObject({
      channel: 'discord',
      conversationKey: `discord:dm:${dm.channelId}:${ana.id}`,
      user: { id: ana.id, displayName: 'ana' },
    });
  });

  it('answers a guild message that mentions the bot, with the mention removed from the text', async () => {
    const ben = fake.newUser('ben');
    const question = fake.say(fake.textChannel, ben, 'how do I reset my password?', { mentionBot: true });

    const reply = await fake.rest.replyTo(question.id);
    expect(reply).toMatchObject({ channelId: fake.guild.textChannelId, content: echoOf('how do I reset my password?') });
    expect((await platform.queued(question.id))?.conversationKey).toBe(`discord:${fake.guild.id}:${fake.guild.textChannelId}:${ben.id}`);
  });

  it('leaves guild messages that do not mention the bot alone', async () => {
    const cleo = fake.newUser('cleo');
    const chatter = fake.say(fake.textChannel, cleo, 'anyone up for lunch?');
    // Messages are handled in arrival order, so once the next one is answered the first was seen.
    const next = fake.say(fake.textChannel, cleo, 'ping', { mentionBot: true });
    await fake.rest.replyTo(next.id);

    expect(fake.rest.posts.filter((post) => post.replyTo === chatter.id)).toEqual([]);
    expect(await platform.queued(chatter.id)).toBeUndefined();
  });

  it('keeps one conversation per user in a channel, and one per thread shared by everyone in it', async () => {
    const [dana, eli] = [fake.newUser('dana'), fake.newUser('eli')];
    const inChannel = [fake.say(fake.textChannel, dana, 'one', { mentionBot: true }), fake.say(fake.textChannel, eli, 'two', { mentionBot: true })];
    const inThread = [fake.say(fake.thread, dana, 'three', { mentionBot: true }), fake.say(fake.thread, eli, 'four', { mentionBot: true })];
    for (const message of [...inChannel, ...inThread]) await fake.rest.replyTo(message.id);

    const keys = async (messages: typeof inChannel) => Promise.all(messages.map(async (m) => (await platform.queued(m.id))?.conversationKey));
    const [danaKey, eliKey] = await keys(inChannel);
    expect(danaKey).not.toBe(eliKey);
    expect(await keys(inThread)).toEqual([`discord:${fake.guild.id}:${fake.guild.threadId}`, `discord:${fake.guild.id}:${fake.guild.threadId}`]);
    expect(fake.repliesIn(fake.thread)).toEqual(expect.arrayContaining([echoOf('three'), echoOf('four')]));
  });

  it('ignores other bots and its own messages (Discord echoes the bot its own replies)', async () => {
    const fran = fake.newUser('fran');
    const dm = fake.dm(fran);
    const otherBot = { ...fake.newUser('otherbot'), bot: true };
    const fromBot = fake.say(fake.textChannel, otherBot, 'I am a bot', { mentionBot: true });
    const fromItself = fake.say(dm, fake.botUser, 'I am the bot itself');
    const question = fake.say(dm, fran, 'hello');
    await fake.rest.replyTo(question.id);

    expect(await platform.queued(fromBot.id)).toBeUndefined();
    expect(await platform.queued(fromItself.id)).toBeUndefined();
    // Its reply to fran came back through the gateway as a MESSAGE_CREATE and was not answered.
    expect(fake.repliesIn(dm)).toEqual([echoOf('hello')]);
  });
});

describe('Discord channel: reactions as ratings', () => {
  it("passes a 👎 (or 👍, any skin tone) on the bot's reply on as the rating of that reply, and removing the user's last one as taking it back, in a DM and in a channel", async () => {
    const bo = fake.newUser('bo');
    for (const place of [fake.dm(bo), fake.textChannel]) {
      const question = fake.say(place, bo, 'where is my order?', { mentionBot: place.guildId !== null });
      const reply = await fake.rest.replyTo(question.id);
      const queued = await platform.queued(question.id);
      const before = (await platform.ratings()).length;

      fake.react(place, bo, fake.rest.ids.get(reply)!, '\u{1F44E}');
      fake.react(place, bo, fake.rest.ids.get(reply)!, '\u{1F44D}\u{1F3FD}');
      // The 👎 is still on the reply: it is rated unhelpful again.
      fake.react(place, bo, fake.rest.ids.get(reply)!, '\u{1F44D}\u{1F3FD}', { removed: true });
      fake.react(place, bo, fake.rest.ids.get(reply)!, '\u{1F44E}', { removed: true });
      await expect.poll(async () => (await platform.ratings()).length).toBe(before + 4);
      const ratings = (await platform.ratings()).slice(before);
      expect(ratings.map((r) => r.helpful)).toEqual([false, true, false, null]);
      for (const rating of ratings) expect(rating).toMatchObject({ channel: 'discord', conversationKey: queued!.conversationKey, replyId: ratings[0]!.replyId });
    }
  });

  it("ignores other emoji, reactions on the user's own message and the bot's own reactions", async () => {
    const cy = fake.newUser('cy');
    const dm = fake.dm(cy);
    const question = fake.say(dm, cy, 'hello');
    const replyId = fake.rest.ids.get(await fake.rest.replyTo(question.id))!;
    const before = (await platform.ratings()).length;

    fake.react(dm, cy, replyId, '\u{1F389}');
    fake.react(dm, cy, question.id, '\u{1F44E}');
    fake.react(dm, fake.botUser, replyId, '\u{1F44D}');
    await expect.poll(() => platform.logs.filter((line) => /ignored/.test(line.msg) && /reaction/.test(line.msg)).length).toBeGreaterThanOrEqual(3);
    expect((await platform.ratings()).length).toBe(before);
  });
});

describe('Discord channel: delivery', () => {
  it('answers a MESSAGE_CREATE delivered twice only once', async () => {
    const gus = fake.newUser('gus');
    const dm = fake.dm(gus);
    const question = fake.say(dm, gus, 'twice?');
    fake.deliver(question);
    const next = fake.say(dm, gus, 'after');
    await fake.rest.replyTo(next.id);

    expect(fake.repliesIn(dm)).toEqual([echoOf('twice?'), echoOf('after')]);
  });

  it('waits out a REST rate limit (429 + Retry-After) and then delivers the reply once', async () => {
    const hana = fake.newUser('hana');
    const dm = fake.dm(hana);
    const limitedBefore = fake.rest.rateLimitedResponses;
    fake.rest.rateLimitNextPost(0.5);
    const question = fake.say(dm, hana, 'rate limited?');

    await fake.rest.replyTo(question.id);
    expect(fake.rest.rateLimitedResponses).toBe(limitedBefore + 1);
    expect(fake.repliesIn(dm)).toEqual([echoOf('rate limited?')]);
  });

  it('sends a delivery retried with the same idempotency key only once (Discord message nonce)', async () => {
    const ivy = fake.newUser('ivy');
    const dm = fake.dm(ivy);
    const outbound = agentMessage({
      channel: 'discord',
      conversationKey: `discord:dm:${dm.channelId}:${ivy.id}`,
      text: 'An agent will be with you shortly.',
      idempotencyKey: 'agent-message-1',
    });
    await platform.adapter.deliver(outbound);
    await platform.adapter.deliver(outbound);

    expect(fake.rest.posts.filter((post) => post.channelId === dm.channelId)).toEqual([
      expect.objectContaining({ content: 'An agent will be with you shortly.', replyTo: null }),
    ]);
  });
});

describe("Discord channel: an agent's reply", () => {
  it("starts with the agent's name in bold, escaped like a value, pinging no one", async () => {
    const kim = fake.newUser('kim');
    const dm = fake.dm(kim);
    const conversationKey = `discord:dm:${dm.channelId}:${kim.id}`;
    await platform.adapter.deliver(agentMessage({ channel: 'discord', conversationKey, text: 'Your refund is on its way.', agentName: 'Sam' }));
    await platform.adapter.deliver(agentMessage({ channel: 'discord', conversationKey, text: 'Hi', agentName: '**@everyone** [x](https://evil.example)' }));

    const posts = fake.rest.posts.filter((post) => post.channelId === dm.channelId);
    expect(posts.map((post) => post.content)).toEqual(['**Sam:** Your refund is on its way.', '**\\*\\*@everyone\\*\\* \\[x](https://evil.example):** Hi']);
    for (const post of posts) expect(post.allowedMentions).toEqual({ parse: [], replied_user: true });
  });
});

describe('Discord channel: bad input', () => {
  it('refuses a message over 4,000 characters with a polite reply and queues nothing', async () => {
    const jo = fake.newUser('jo');
    const dm = fake.dm(jo);
    const essay = fake.say(dm, jo, 'a'.repeat(4001));

    const reply = await fake.rest.replyTo(essay.id);
    expect(reply.content).toBe(messageTooLongReply('en'));
    expect(await platform.queued(essay.id)).toBeUndefined();
  });

  it('refuses an over-long Chinese message in Chinese', async () => {
    const li = fake.newUser('li');
    const dm = fake.dm(li);
    const essay = fake.say(dm, li, '请问'.repeat(2001));

    const reply = await fake.rest.replyTo(essay.id);
    expect(reply.content).toBe(messageTooLongReply('zh'));
    expect(await platform.queued(essay.id)).toBeUndefined();
  });

  it('logs a message without text once, with a hint about the Message Content intent, and does not answer it', async () => {
    const kim = fake.newUser('kim');
    const dm = fake.dm(kim);
    const blanks = [fake.say(dm, kim, ''), fake.say(dm, kim, '')];
    const next = fake.say(dm, kim, 'can you read this?');
    await fake.rest.replyTo(next.id);

    expect(fake.repliesIn(dm)).toEqual([echoOf('can you read this?')]);
    for (const blank of blanks) expect(await platform.queued(blank.id)).toBeUndefined();
    expect(platform.logs.filter((line) => line.msg === NO_CONTENT_HINT)).toHaveLength(1);
    expect(NO_CONTENT_HINT).toMatch(/Message Content intent/);
  });
});

describe('Discord channel: buttons', () => {
  /** `user` asks in the guild channel; the bot answers with buttons. Returns the reply and the message carrying it. */
  async function replyWithButtons(userName: string) {
    const user = fake.newUser(userName);
    const question = fake.say(fake.textChannel, user, 'what can I do?', { mentionBot: true });
    await fake.rest.replyTo(question.id);
    const queued = (await platform.queued(question.id))!;
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'discord', conversationKey: queued.conversationKey, text: 'Pick one, @everyone:' }),
      kind: 'bot',
      replyTo: question.id,
      metadata: queued.metadata,
      buttons: [
        { type: 'reply', label: 'Track order', text: 'track my order' },
        { type: 'reply', label: '@everyone <b>now</b>' },
        { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
      ],
    });
    await platform.adapter.deliver(reply);
    const post = fake.rest.posts.find((candidate) => candidate.content === 'Pick one, @everyone:' && candidate.replyTo === question.id)!;
    return { user, reply, queued, post, messageId: fake.rest.ids.get(post)! };
  }

  it('sends a reply with buttons as components under its text, pinging no one', async () => {
    const { reply, post } = await replyWithButtons('ola');
    expect(post.allowedMentions).toEqual({ parse: [], replied_user: true });
    expect(post.components).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Track order', custom_id: `chatbot:${reply.id}:0` },
          { type: ComponentType.Button, style: ButtonStyle.Primary, label: '@everyone <b>now</b>', custom_id: `chatbot:${reply.id}:1` },
          { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Opening hours', url: 'https://shop.example/hours' },
        ],
      },
    ]);
  });

  it("acknowledges a click at once and queues the button's text as the user's message in the same conversation, answered under the buttons", async () => {
    const { user, reply, queued, messageId } = await replyWithButtons('pia');
    const callbacksBefore = fake.rest.callbacks.length;
    const interaction = fake.click(fake.textChannel, user, messageId, 'Track order');

    const [callback] = (await fake.rest.waitForCallbacks(callbacksBefore + 1)).slice(callbacksBefore);
    expect(callback).toEqual({ interactionId: interaction.id, type: InteractionResponseType.DeferredMessageUpdate });
    const answer = await fake.rest.replyTo(messageId);
    expect(answer).toMatchObject({ channelId: fake.guild.textChannelId, content: echoOf('track my order'), allowedMentions: { parse: [], replied_user: true } });
    expect(await platform.queued(`button:${reply.id}`)).toMatchObject({
      conversationKey: queued.conversationKey,
      user: { id: user.id, displayName: user.username },
      text: 'track my order',
      metadata: { guildId: fake.guild.id, channelId: fake.guild.textChannelId, messageId },
    });
  });

  it("refuses (acknowledged, nothing queued) a click on a user's reply by someone else in the channel: each has a conversation of their own", async () => {
    const { user, reply, messageId } = await replyWithButtons('quinn');
    const before = await platform.inboundJobCount();
    const callbacksBefore = fake.rest.callbacks.length;
    fake.click(fake.textChannel, fake.newUser('rex'), messageId, 'Track order');
    await fake.rest.waitForCallbacks(callbacksBefore + 1);
    const next = fake.say(fake.textChannel, user, 'anything else?', { mentionBot: true });
    await fake.rest.replyTo(next.id);

    expect(await platform.inboundJobCount()).toBe(before + 1);
    expect(fake.rest.posts.filter((post) => post.replyTo === messageId)).toEqual([]);
    expect(platform.logs.filter((line) => line.msg === 'discord click refused' && line.replyId === reply.id)).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/another conversation/) }),
    ]);
    // The user's own click still counts.
    fake.click(fake.textChannel, user, messageId, 'Track order');
    expect((await fake.rest.replyTo(messageId)).content).toBe(echoOf('track my order'));
  });

  it('queues nothing more for the same interaction delivered again, or another button of the same reply', async () => {
    const { user, reply, messageId } = await replyWithButtons('tess');
    const interaction = fake.click(fake.textChannel, user, messageId, 'Track order');
    await fake.rest.replyTo(messageId);
    const before = await platform.inboundJobCount();
    const callbacksBefore = fake.rest.callbacks.length;

    fake.deliverInteraction(interaction);
    fake.click(fake.textChannel, user, messageId, '@everyone <b>now</b>');
    // Acknowledged, but for the repeat, which Discord refuses as answered already.
    await fake.rest.waitForCallbacks(callbacksBefore + 1);
    const next = fake.say(fake.textChannel, user, 'anything else?', { mentionBot: true });
    await fake.rest.replyTo(next.id);

    expect(await platform.inboundJobCount()).toBe(before + 1);
    expect(fake.rest.posts.filter((post) => post.replyTo === messageId).map((post) => post.content)).toEqual([echoOf('track my order')]);
    expect(platform.logs.filter((line) => line.msg === 'discord click could not be acknowledged' && line.interactionId === interaction.id)).toHaveLength(1);
    expect(platform.logs.filter((line) => line.msg === 'discord click ignored' && line.replyId === reply.id)).toHaveLength(2);
  });

  it('has no interaction for a link button: Discord opens the URL', async () => {
    const { user, messageId } = await replyWithButtons('sam');
    expect(() => fake.click(fake.textChannel, user, messageId, 'Opening hours')).toThrow(/link button/);
  });
});
