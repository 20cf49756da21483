import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Button } from '../button-clicks';
import { DISCORD_MAX_CONTENT, discordButtonRows, discordText, replyPayloads, splitContent } from './reply-payloads';

const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

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

  it('sends an unsolicited message without a reference, and a reply without buttons without components', () => {
    const [payload] = replyPayloads({ text: 'Pick one:', buttons: { replyId: REPLY_ID, buttons: [] }, replyTo: null, idempotencyKey: 'k' });
    expect(payload).not.toHaveProperty('message_reference');
    expect(payload).not.toHaveProperty('components');
  });

  it('puts buttons as components under the text: reply buttons Primary with the reply id and index as custom_id, links style Link', () => {
    const buttons: Button[] = [
      { type: 'reply', label: 'Track order', text: 'track my order' },
      { type: 'reply', label: '@everyone <b>hi</b>' },
      { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
    ];
    const [payload] = replyPayloads({ text: 'Pick one:', buttons: { replyId: REPLY_ID, buttons }, replyTo: '42', idempotencyKey: 'k' });
    expect(payload!.content).toBe('Pick one:');
    expect(payload!.allowed_mentions).toEqual({ parse: [], replied_user: true });
    expect(payload!.components).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Track order', custom_id: `chatbot:${REPLY_ID}:0` },
          { type: ComponentType.Button, style: ButtonStyle.Primary, label: '@everyone <b>hi</b>', custom_id: `chatbot:${REPLY_ID}:1` },
          { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Opening hours', url: 'https://shop.example/hours' },
        ],
      },
    ]);
  });

  it('puts at most five buttons on a row, and the buttons under the last part of a long reply', () => {
    const buttons: Button[] = Array.from({ length: 7 }, (_, i) => ({ type: 'reply', label: `option ${i}` }));
    expect(discordButtonRows(buttons, REPLY_ID).map((row) => row.components.length)).toEqual([5, 2]);
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const payloads = replyPayloads({ text: words, buttons: { replyId: REPLY_ID, buttons }, replyTo: '42', idempotencyKey: 'k' });
    expect(payloads.map((p) => p.components?.length ?? 0)).toEqual([...payloads.slice(1).map(() => 0), 2]);
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
