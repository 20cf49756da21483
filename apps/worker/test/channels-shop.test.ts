import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '@chatbot/core';
import { getConversationStatus, loadResponseCatalogue } from '@chatbot/db';
import { readBotData } from '@chatbot/default-bot';
import type { Form } from '@chatbot/dialogue';
import { startShopBackend } from '@chatbot/example-shop-backend';
// The channels' conformance drivers run the real adapters (fastify + ws, Bolt, discord.js) against
// local fakes of Slack and Discord. They live with the adapters' tests and are borrowed here, tests
// only, so that the real worker answers them; the apps themselves still meet through the queues.
/* eslint-disable import-x/no-relative-packages */
import type { ConformanceDriver, RenderedButtonReply } from '../../adapters/test/conformance/driver';
import { SlackConformanceDriver } from '../../adapters/test/conformance/slack-driver';
import { WebConformanceDriver } from '../../adapters/test/conformance/web-driver';
import { DiscordConformanceDriver } from '../../adapters/test/discord/discord-driver';
/* eslint-enable import-x/no-relative-packages */
import { INTERIM_TEXT } from '../src/actions/action-texts';
import { bootstrapDefaultBot } from '../src/bootstrap';
import { startWorker } from '../src/worker-process';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';

/**
 * Issue 13's "done when": the default bot answers order status, cancellation, address changes and
 * returns through the example shop backend, in English and Chinese, with buttons, in the web chat,
 * Slack and Discord. Every part is real except the services at the far end: the channel's fake
 * (Slack's Web API and Events API, Discord's gateway and REST, a WebSocket client for the web) ->
 * the real adapter -> Redis -> one worker (model, forms, PostgreSQL) -> the shop's actions -> back.
 *
 * The orders (examples/shop-backend/data/orders.json): 48213 shipped with DHL, 48214 still in the
 * warehouse, 48215 delivered. The shop's orders change as the tests go (48214 gets a new address,
 * then is cancelled), so the tests run in the order written.
 */

const SHOP_SECRET = 'channels-shop-secret-0123456789';
/** The bot's answer can take a model prediction and an action's HTTP round trip, on a busy machine. */
const REPLY_TIMEOUT_MS = 15_000;

const drivers = { web: new WebConformanceDriver(), slack: new SlackConformanceDriver(), discord: new DiscordConformanceDriver() };
let platform: PlatformFixture;
let shop: Awaited<ReturnType<typeof startShopBackend>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let forms: Form[];

beforeAll(async () => {
  platform = await createPlatformFixture();
  shop = await startShopBackend({ secret: SHOP_SECRET });
  // As pnpm start sets the default bot up: its forms' actions call the example shop backend.
  await bootstrapDefaultBot(platform.db, platform.config, platform.logger, undefined, { shopBackend: { url: shop.url, secret: SHOP_SECRET } });
  worker = await startWorker({ ...platform.config, TRAINING_ENABLED: false }, platform.logger, { metricsPort: null });
  for (const driver of Object.values(drivers)) await driver.start({ redisUrl: platform.config.REDIS_URL, prefix: platform.config.REDIS_PREFIX });
  ({ forms } = await readBotData());
}, 120_000);

afterAll(async () => {
  for (const driver of Object.values(drivers)) await driver.stop();
  await worker?.close();
  await shop?.close();
  await platform?.dispose();
}, 30_000);

type Language = 'en' | 'zh';

/** What the form of `intent` (data/default-bot/forms.json) asks for `slot`, its values filled in. */
function formAsks(intent: string, slot: string, language: Language, values: Record<string, string> = {}): string {
  const prompt = formOf(intent).slots.find((candidate) => candidate.name === slot)?.prompt[language];
  if (!prompt) throw new Error(`the ${intent} form has no slot ${slot}`);
  return renderTemplate(prompt, values);
}

/** The yes-or-no question the form of `intent` asks before it acts, its values filled in. */
function formConfirms(intent: string, language: Language, values: Record<string, string>): string {
  const confirm = formOf(intent).confirm?.[language];
  if (!confirm) throw new Error(`the ${intent} form asks for no confirmation`);
  return renderTemplate(confirm, values);
}

function formOf(intent: string): Form {
  const form = forms.find((candidate) => candidate.intent === intent);
  if (!form) throw new Error(`the default bot has no form for ${intent}`);
  return form;
}

/** The replies the bot says when it hands a conversation to a person. */
async function handoffReplies(language: Language): Promise<string[]> {
  return (await loadResponseCatalogue(platform.db)).get('handoff')![language];
}

/**
 * An end user `name` chatting with the bot on `driver`'s channel. `says` and `clicks` resolve with
 * the bot's answer: the first reply after what was there before that is not an action's interim
 * "Let me check..." (sent when the shop is slow to answer, which a busy machine can make it).
 */
function customer(driver: ConformanceDriver, name: string) {
  const interim = Object.values(INTERIM_TEXT);
  const answerAfter = async (before: number): Promise<string> => {
    let answer: string | undefined;
    await expect
      .poll(async () => (answer = (await driver.repliesFor(name)).slice(before).find((reply) => !interim.includes(reply))), {
        timeout: REPLY_TIMEOUT_MS,
        message: `an answer in ${driver.channel} conversation ${name}`,
      })
      .toBeDefined();
    return answer!;
  };
  const repliesSoFar = async () => (await driver.repliesFor(name)).length;
  return {
    async says(text: string): Promise<string> {
      const before = await repliesSoFar();
      await driver.sendUserMessage(name, text);
      return answerAfter(before);
    },
    /** Clicks the reply button `label` under the newest reply that has buttons. */
    async clicks(label: string): Promise<string> {
      const before = await repliesSoFar();
      await driver.buttons!.click(name, label);
      return answerAfter(before);
    },
    /** The newest reply with buttons, as the channel shows it to the end user. */
    lastButtonReply: (): Promise<RenderedButtonReply | null> => driver.buttons!.lastButtonReply(name),
  };
}

describe('the default bot with the example shop, through the real channel adapters', () => {
  it('web chat (en): moves an order that is still in the warehouse to a new address, asking what the change_address form asks', async () => {
    const shopper = customer(drivers.web, 'moving-house');
    const newAddress = '5 Mill Lane, Leeds LS1 2AB';

    expect(await shopper.says('I need to change my delivery address')).toBe(formAsks('change_address', 'order_id', 'en'));
    expect(await shopper.says('48214')).toBe(formAsks('change_address', 'address', 'en', { order_id: '48214' }));
    expect(await shopper.says(newAddress)).toBe(formConfirms('change_address', 'en', { order_id: '48214', address: newAddress }));
    expect(await shopper.says('yes')).toBe(`Order 48214 will now go to: ${newAddress}.`);
    // The shop's answer is not just words: the order now goes there.
    expect(shop.book.find('48214')?.address).toBe(newAddress);
  });

  it('web chat (en): opens a return for a delivered order from its button, with the reason the return_refund form asks for', async () => {
    const shopper = customer(drivers.web, 'shoes-too-small');

    const status = await shopper.says('where is order 48215?');
    expect(status).toMatch(/^Order 48215 was delivered on .+ \(UPS, tracking 1Z999AA10123456784\)\.$/);
    expect(await shopper.lastButtonReply()).toEqual({
      text: status,
      buttons: [
        { type: 'reply', label: 'Start a return' },
        { type: 'reply', label: 'Talk to a person' },
      ],
      markup: [],
    });

    // The button sends "I want to return an item" as the user's message; the bot still knows which order from the question.
    expect(await shopper.clicks('Start a return')).toBe(formAsks('return_refund', 'reason', 'en'));
    const answer = await shopper.says('the shoes are too small');
    expect(answer).toMatch(/^Return R-\d+ for order 48215 is open \(reason: the shoes are too small\)\./);
    expect(answer).toContain('sa***@example.com');
  });

  it('Slack (en): asks for the order number, says the order left with DHL with a tracking link, and hands over to a person at the click of a button', async () => {
    const shopper = customer(drivers.slack, 'parcel-late');

    expect(await shopper.says('where is my order?')).toBe(formAsks('order_status', 'order_id', 'en'));
    const status = await shopper.says('48213');
    expect(status).toMatch(/^Order 48213 left our warehouse on .+ with DHL, tracking JD014600006281\.$/);
    expect(await shopper.lastButtonReply()).toEqual({
      text: status,
      buttons: [
        { type: 'link', label: 'Track parcel', url: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281' },
        { type: 'reply', label: 'Talk to a person' },
      ],
      markup: [],
    });

    expect(await handoffReplies('en')).toContain(await shopper.clicks('Talk to a person'));
    // The only Slack conversation of this file; from here on the bot leaves it to the agents.
    const { conversationKey } = await platform.db.conversation.findFirstOrThrow({ where: { channel: 'slack' } });
    expect(await getConversationStatus(platform.db, 'slack', conversationKey)).toBe('handed_off');
  });

  it('Discord (zh): says the order is still being packed, and cancels it from its button after a yes', async () => {
    const shopper = customer(drivers.discord, 'mug-buyer');

    const status = await shopper.says('我的订单48214到哪了');
    expect(status).toMatch(/^订单 48214（陶瓷马克杯（两只装））正在仓库打包/);
    expect(await shopper.lastButtonReply()).toEqual({
      text: status,
      buttons: [
        { type: 'reply', label: '取消这个订单' },
        { type: 'reply', label: '修改地址' },
        { type: 'reply', label: '转人工' },
      ],
      markup: [],
    });

    // The button sends "取消订单" as the user's message; the bot still knows which order from the question.
    expect(await shopper.clicks('取消这个订单')).toBe(formConfirms('cancel_order', 'zh', { order_id: '48214' }));
    const done = await shopper.says('是');
    expect(done).toMatch(/^已取消订单 48214。€59\.90 将在 5 个工作日内退回您的支付卡/);
    expect(done).toContain('li***@example.cn');
    expect(shop.book.find('48214')?.status).toBe('cancelled');
  });
});
