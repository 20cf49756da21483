import { describe, expect, it } from 'vitest';
import type { Reply } from './decision';
import { renderTemplate } from '@chatbot/core';
import { conversation } from './testing/conversation';
import { DEFAULT_FORMS } from './testing/forms';

const html = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Roughly what a Slack channel does: escape &, < and > so no <!channel>, <@U123> or link can be formed. */
const slack = html;
/** Roughly what a Discord channel does: break @everyone/@here and mentions with a zero-width space. */
const discord = (value: string) => value.replace(/@/g, '@\u200b');

function template(reply: Reply | null) {
  if (reply?.kind !== 'template') throw new Error(`expected a template reply, got ${JSON.stringify(reply)}`);
  return reply;
}

function addressTurn(address: string) {
  const chat = conversation(DEFAULT_FORMS);
  chat.say('change the address of 48213', { intent: 'change_address', entities: [['number', '48213']] });
  return chat.say(address);
}

describe('decide: hostile slot values', () => {
  it('keeps a value with markup as data, verbatim', () => {
    const turn = addressTurn('<script>alert(1)</script>');
    expect(turn.state.slots.address).toMatchObject({ value: '<script>alert(1)</script>', text: '<script>alert(1)</script>' });
  });

  it('carries the value as a variable, never spliced into the template', () => {
    const reply = template(addressTurn('<script>alert(1)</script>').reply);
    expect(reply.template).toBe('Order {order_id} will go to: {address}.');
    expect(reply.variables.address).toBe('<script>alert(1)</script>');
  });

  it('renders escaped per channel, so the value cannot inject markup or mentions', () => {
    expect(renderTemplate(template(addressTurn('<script>alert(1)</script>').reply).template, { order_id: '48213', address: '<script>alert(1)</script>' }, html)).toBe(
      'Order 48213 will go to: &lt;script&gt;alert(1)&lt;/script&gt;.',
    );
    const slackReply = template(addressTurn('<!channel> 1 Main St').reply);
    expect(renderTemplate(slackReply.template, slackReply.variables, slack)).toBe('Order 48213 will go to: &lt;!channel&gt; 1 Main St.');
    const discordReply = template(addressTurn('@everyone 1 Main St').reply);
    expect(renderTemplate(discordReply.template, discordReply.variables, discord)).not.toContain('@everyone');
  });

  it('does not re-substitute a value that contains a placeholder', () => {
    const reply = template(addressTurn('{order_id} Main St').reply);
    expect(renderTemplate(reply.template, reply.variables, (value) => value)).toBe('Order 48213 will go to: {order_id} Main St.');
  });

  it('keeps a mention typed as an entity value as data too', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    const turn = chat.say('@everyone@example.com', { entities: [['email', '@everyone@example.com']] });
    const reply = template(turn.reply);
    expect(reply.variables.email).toBe('@everyone@example.com');
    expect(reply.template).not.toContain('@everyone');
  });
});
