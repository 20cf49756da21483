import { MAX_MESSAGE_LENGTH, messageTooLongReply } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './protocol';

const refusal = (raw: string) => {
  const result = parseClientFrame(raw);
  if (result.ok) throw new Error(`expected ${raw.slice(0, 40)} to be refused`);
  return result.error;
};

describe('parseClientFrame', () => {
  it('accepts the four client frames', () => {
    expect(parseClientFrame('{"type":"ping"}')).toEqual({ ok: true, frame: { type: 'ping' } });
    const replyId = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
    expect(parseClientFrame(JSON.stringify({ type: 'feedback', replyId, helpful: false }))).toEqual({
      ok: true,
      frame: { type: 'feedback', replyId, helpful: false },
    });
    expect(parseClientFrame('{"type":"hello"}')).toEqual({ ok: true, frame: { type: 'hello' } });
    const sessionId = '6f1c1a52-4a4e-4e55-9a0c-1f1f2f3f4f5f';
    expect(parseClientFrame(JSON.stringify({ type: 'hello', sessionId, lastSeq: 7 }))).toEqual({
      ok: true,
      frame: { type: 'hello', sessionId, lastSeq: 7 },
    });
  });

  it('trims message text', () => {
    expect(parseClientFrame('{"type":"message","clientMessageId":"a1","text":"  hi \\n"}')).toEqual({
      ok: true,
      frame: { type: 'message', clientMessageId: 'a1', text: 'hi' },
    });
  });

  it('counts the limit on the trimmed text', () => {
    const padded = ` ${'x'.repeat(MAX_MESSAGE_LENGTH)} `;
    expect(parseClientFrame(JSON.stringify({ type: 'message', clientMessageId: 'a', text: padded })).ok).toBe(true);
  });

  it('refuses over-long text with the platform refusal, in the language of the text', () => {
    const tooLong = (text: string) => refusal(JSON.stringify({ type: 'message', clientMessageId: 'a', text }));
    expect(tooLong('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ type: 'error', code: 'message_too_long', message: messageTooLongReply('en'), clientMessageId: 'a' });
    expect(tooLong('问'.repeat(MAX_MESSAGE_LENGTH + 1)).message).toBe(messageTooLongReply('zh'));
  });

  it('gives each kind of bad frame its own code', () => {
    expect(refusal('not json').code).toBe('invalid_json');
    expect(refusal('[1,2]').code).toBe('unknown_type');
    expect(refusal('"hello"').code).toBe('unknown_type');
    expect(refusal('{"type":"typing"}').code).toBe('unknown_type');
    expect(refusal('{"type":"hello","sessionId":"not-a-uuid"}').code).toBe('invalid_frame');
    expect(refusal('{"type":"hello","lastSeq":-1}').code).toBe('invalid_frame');
    expect(refusal('{"type":"message","clientMessageId":"a","text":7}').code).toBe('invalid_frame');
    expect(refusal('{"type":"message","clientMessageId":"a","text":"   "}').code).toBe('empty_message');
    expect(refusal('{"type":"feedback","replyId":"r1","helpful":true}').code).toBe('invalid_frame');
    expect(refusal('{"type":"feedback","replyId":"0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b","helpful":"no"}').code).toBe('invalid_frame');
    expect(refusal(JSON.stringify({ type: 'message', clientMessageId: 'a', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).code).toBe('message_too_long');
  });

  it('names the offending field and echoes a usable clientMessageId', () => {
    const error = refusal('{"type":"message","clientMessageId":"c7"}');
    expect(error.message).toContain('text');
    expect(error.clientMessageId).toBe('c7');
    expect(refusal('{"type":"message","clientMessageId":"bad id!","text":"x"}').clientMessageId).toBeUndefined();
  });
});
