import { describe, expect, it } from 'vitest';
import { FeedbackPublisher, OutboundMessageSchema } from '@chatbot/core';
import { useWorkerPlatform } from './platform-fixture';

const { platform, worker } = useWorkerPlatform();

const message = (nativeMessageId: string, text: string, conversationKey = `web:${nativeMessageId}`) => ({
  channel: 'web',
  nativeMessageId,
  conversationKey,
  user: { id: conversationKey },
  text,
});

async function storedTurns(conversationKey: string) {
  return platform().db.turn.findMany({
    where: { conversation: { channel: 'web', conversationKey } },
    orderBy: [{ createdAt: 'asc' }, { direction: 'asc' }],
  });
}

describe('the worker', () => {
  it('answers "where is my order?" in English and "我的订单到哪了" in Chinese with the order-status reply', async () => {
    const before = (await platform().waitForReplies(0)).length;
    await platform().publisher.publish(message('en-1', 'where is my order?'));
    await platform().publisher.publish(message('zh-1', '我的订单到哪了'));
    const replies = (await platform().waitForReplies(before + 2)).slice(before).map((job) => OutboundMessageSchema.parse(job.data));
    const english = replies.find((r) => r.replyTo === 'en-1');
    const chinese = replies.find((r) => r.replyTo === 'zh-1');
    expect(english).toMatchObject({ intent: 'order_status', language: 'en', channel: 'web', conversationKey: 'web:en-1' });
    expect(chinese).toMatchObject({ intent: 'order_status', language: 'zh' });
    expect(chinese?.text).toMatch(/[\u4e00-\u9fff]/);
    expect(english?.text).not.toMatch(/[\u4e00-\u9fff]/);
    expect(english?.modelVersion).toBe(worker().registry.version);
  });

  it('stores both turns with intent, confidence, model version and latency', async () => {
    const turns = await storedTurns('web:en-1');
    expect(turns.map((t) => t.direction)).toEqual(['inbound', 'outbound']);
    const [inbound, reply] = turns;
    expect(inbound).toMatchObject({ text: 'where is my order?', intent: 'order_status', modelVersion: worker().registry.version, nativeMessageId: 'en-1' });
    expect(inbound?.confidence).toBeGreaterThan(0.3);
    expect(reply?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('stores and answers a message with characters PostgreSQL cannot store (U+0000, a lone surrogate)', async () => {
    const before = (await platform().waitForReplies(0)).length;
    await platform().publisher.publish({ ...message('nul-1', 'where is\u0000 my order? \uD83D'), user: { id: 'web:nul-1', displayName: 'Ana\u0000' } });
    const [reply] = (await platform().waitForReplies(before + 1)).slice(before).map((job) => OutboundMessageSchema.parse(job.data));
    expect(reply).toMatchObject({ replyTo: 'nul-1', intent: 'order_status' });
    const [inbound] = await storedTurns('web:nul-1');
    expect(inbound?.text).toBe('where is\uFFFD my order? \uFFFD');
  });

  it('falls back for a message outside what a shop bot knows', async () => {
    const before = (await platform().waitForReplies(0)).length;
    await platform().publisher.publish(message('oos-1', 'what is the boiling point of tungsten in kelvin'));
    const [reply] = (await platform().waitForReplies(before + 1)).slice(before).map((job) => OutboundMessageSchema.parse(job.data));
    const [inbound] = await storedTurns('web:oos-1');
    expect(inbound?.outOfScope).toBe(true);
    expect(reply?.intent).toBeNull();
  });

  it('answers the turns of one conversation in the order they were sent', async () => {
    const before = (await platform().waitForReplies(0)).length;
    const texts = ['hello', 'where is my order?', 'I want my money back', 'what time do you open', 'thanks, bye'];
    await Promise.all(texts.map((text, i) => platform().publisher.publish(message(`ordered-${i}`, text, 'web:ordered'))));
    const replies = (await platform().waitForReplies(before + texts.length)).slice(before);
    const turns = await storedTurns('web:ordered');
    const inboundOrder = turns.filter((t) => t.direction === 'inbound').map((t) => t.nativeMessageId);
    expect(inboundOrder).toEqual(texts.map((_, i) => `ordered-${i}`));
    expect(replies.map((job) => OutboundMessageSchema.parse(job.data).replyTo)).toEqual(inboundOrder);
  });

  it("stores an end user's rating on the reply, and ignores a rating sent from another conversation", async () => {
    const before = (await platform().waitForReplies(0)).length;
    await platform().publisher.publish(message('rated-1', 'where is my order?'));
    const [reply] = (await platform().waitForReplies(before + 1)).slice(before).map((job) => OutboundMessageSchema.parse(job.data));
    const feedback = new FeedbackPublisher(platform().redis, platform().config.REDIS_PREFIX);
    try {
      await feedback.publish({ channel: 'web', conversationKey: 'web:someone-else', replyId: reply!.id, helpful: true });
      await feedback.publish({ channel: 'web', conversationKey: 'web:rated-1', replyId: reply!.id, helpful: false });
      const helpful = async () => (await platform().db.turn.findUniqueOrThrow({ where: { id: reply!.id } })).helpful;
      await expect.poll(helpful, { timeout: 10_000 }).toBe(false);
      const ratings = async (outcome: string) => (await worker().metrics.feedback.get()).values.find((v) => v.labels.outcome === outcome)?.value;
      await expect.poll(() => ratings('no-reply'), { timeout: 10_000 }).toBe(1);
      expect(await ratings('stored')).toBe(1);
    } finally {
      await feedback.close();
    }
  });
});
