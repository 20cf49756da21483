import { describe, expect, it } from 'vitest';
import { DISCORD_MAX_CONTENT, discordText, replyPayloads, splitContent } from './reply-payloads';

describe('Discord reply text', () => {
  it('fills a template with the user’s values as plain text: no formatting, masked link or code block from a value', () => {
    const text = discordText({ text: 'Order **{order_id}** goes to {email}.', variables: { order_id: '*48213*', email: '[click me](https://evil.example) `x`' } });
    expect(text).toBe(String.raw`Order **\*48213\*** goes to \[click me](https://evil.example) \`x\`.`);
  });
});

describe('Discord reply payloads', () => {
  it('replies to the user message, pinging only the user, with a nonce Discord deduplicates on', () => {
    const [payload] = replyPayloads({ text: 'Hi @everyone', replyTo: '42', idempotencyKey: 'reply.discord.42' });
    expect(payload).toMatchObject({
      content: 'Hi @everyone',
      enforce_nonce: true,
      allowed_mentions: { parse: [], replied_user: true },
      message_reference: { message_id: '42', fail_if_not_exists: false },
    });
    expect(payload!.nonce).toHaveLength(25);
    expect(replyPayloads({ text: 'Hi', replyTo: '42', idempotencyKey: 'reply.discord.42' })[0]!.nonce).toBe(payload!.nonce);
    expect(replyPayloads({ text: 'Hi', replyTo: '42', idempotencyKey: 'reply.discord.43' })[0]!.nonce).not.toBe(payload!.nonce);
  });

  it('lists quick replies as suggestions and sends an unsolicited message without a reference', () => {
    const [payload] = replyPayloads({ text: 'Pick one:', quickReplies: ['Track order', 'Talk to a human'], replyTo: null, idempotencyKey: 'k' });
    expect(payload!.content).toBe('Pick one:\n\n• Track order\n• Talk to a human');
    expect(payload).not.toHaveProperty('message_reference');
  });

  it("splits a reply longer than Discord's 2,000 characters; only the first part is a reply", () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const payloads = replyPayloads({ text: words, replyTo: '42', idempotencyKey: 'k' });
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((p) => p.content!.length <= DISCORD_MAX_CONTENT)).toBe(true);
    expect(payloads.map((p) => p.content).join(' ')).toBe(words);
    expect(payloads.filter((p) => p.message_reference)).toHaveLength(1);
    expect(new Set(payloads.map((p) => p.nonce)).size).toBe(payloads.length);
  });

  it('cuts a text without spaces at the limit', () => {
    expect(splitContent('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
