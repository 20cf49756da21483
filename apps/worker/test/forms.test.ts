import { describe, expect, it } from 'vitest';
import { OutboundMessageSchema, renderTemplate } from '@chatbot/core';
import { useWorkerPlatform } from './platform-fixture';

const { platform } = useWorkerPlatform();

let sent = 0;
/** Sends one message in `conversationKey` and returns the reply as the user reads it. */
async function say(conversationKey: string, text: string): Promise<string> {
  const nativeMessageId = `${conversationKey}-${++sent}`;
  const before = (await platform().waitForReplies(0)).length;
  await platform().publisher.publish({ channel: 'web', nativeMessageId, conversationKey, user: { id: conversationKey }, text });
  const reply = (await platform().waitForReplies(before + 1)).map((job) => OutboundMessageSchema.parse(job.data)).find((r) => r.replyTo === nativeMessageId);
  if (!reply) throw new Error(`no reply to "${text}"`);
  return renderTemplate(reply.text, reply.variables);
}

async function conversationOf(conversationKey: string) {
  return platform().db.conversation.findFirstOrThrow({
    where: { channel: 'web', conversationKey },
    include: { turns: { orderBy: [{ createdAt: 'asc' }, { direction: 'asc' }] } },
  });
}

describe('the default bot collects what it needs (forms)', () => {
  it('asks for the order number, then answers with it; the number is an entity of the turn and a slot of the conversation', async () => {
    expect(await say('web:form-en', 'where is my order?')).toMatch(/order number/i);
    const answer = await say('web:form-en', "it's 48213");
    expect(answer).toContain('48213');

    const conversation = await conversationOf('web:form-en');
    const inbound = conversation.turns.filter((turn) => turn.direction === 'inbound');
    expect(inbound[1]).toMatchObject({ text: "it's 48213", entities: [{ type: 'order_id', value: '48213', text: '48213', start: 5, end: 10, extractor: 'regex' }] });
    expect(inbound[1]!.dialogueEvents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'form_completed', intent: 'order_status' })]));
    expect(conversation.dialogueState).toMatchObject({ form: null, slots: { order_id: { value: '48213', turnId: inbound[1]!.id } } });
    // The stored reply reads as the user read it, and keeps the template it was made from.
    const reply = conversation.turns.at(-1)!;
    expect(reply.text).toBe(answer);
    expect(reply.replyTemplate).toMatchObject({ variables: { order_id: '48213' } });
  });

  it('does the same in Chinese', async () => {
    expect(await say('web:form-zh', '我的订单到哪了')).toMatch(/订单号/);
    expect(await say('web:form-zh', '订单号是48213')).toMatch(/48213/);
  });

  it('goes straight to the answer when the first message carries the order number', async () => {
    const answer = await say('web:form-direct', 'where is order 48213?');
    expect(answer).toContain('48213');
    expect(answer).not.toMatch(/what's your order number/i);
  });

  it('asks again, saying why, when the answer holds no order number, and lets the user leave the form', async () => {
    await say('web:form-retry', 'where is my order?');
    expect(await say('web:form-retry', 'hmm, the blue one')).toMatch(/doesn't look like an order number/);
    expect(await say('web:form-retry', 'never mind')).toMatch(/stopped/i);
    expect((await conversationOf('web:form-retry')).dialogueState).toMatchObject({ form: null });
  });
});
