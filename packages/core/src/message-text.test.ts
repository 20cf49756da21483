import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, classifyMessageText, storableText } from './message-text';
import { InboundDraftSchema } from './messages';
import { messageTooLongReply, replyLanguageOf } from './platform-replies';

describe('classifyMessageText', () => {
  it('accepts exactly MAX_MESSAGE_LENGTH characters and refuses one more, with its length', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(4000);
    expect(classifyMessageText('x'.repeat(4000))).toEqual({ status: 'ok', text: 'x'.repeat(4000) });
    expect(classifyMessageText('x'.repeat(4001))).toEqual({ status: 'too-long', length: 4001 });
  });

  it('trims whitespace before counting, and returns the trimmed text', () => {
    expect(classifyMessageText(`  \n${'x'.repeat(4000)}\t `)).toEqual({ status: 'ok', text: 'x'.repeat(4000) });
    expect(classifyMessageText(' hi \n')).toEqual({ status: 'ok', text: 'hi' });
  });

  it('calls nothing but whitespace empty', () => {
    expect(classifyMessageText('')).toEqual({ status: 'empty' });
    expect(classifyMessageText(' \n\t ')).toEqual({ status: 'empty' });
  });

  it('is the rule of InboundDraftSchema too', () => {
    const draft = (text: string) => InboundDraftSchema.safeParse({ channel: 'web', nativeMessageId: 'm', conversationKey: 'web:s', user: { id: 'u' }, text });
    expect(draft(` ${'x'.repeat(4000)} `).data?.text).toBe('x'.repeat(4000));
    expect(draft('x'.repeat(4001)).error?.issues[0]?.message).toBe('message is longer than 4000 characters');
    expect(draft('   ').error?.issues[0]?.message).toBe('message is empty');
  });
});

describe('the refusal of an over-long message', () => {
  it('answers in Chinese when the message has Han characters, else in English', () => {
    expect(replyLanguageOf('where is my order?')).toBe('en');
    expect(replyLanguageOf('我的订单到哪了')).toBe('zh');
    expect(replyLanguageOf('帮我查一下 tracking number')).toBe('zh');
    expect(replyLanguageOf('Привет')).toBe('en');
  });

  it('names the limit in each language', () => {
    expect(messageTooLongReply('en')).toMatch(/^Sorry, .*too long.*4000 characters/);
    expect(messageTooLongReply('zh')).toMatch(/^抱歉.*4000 个字符/);
  });
});

describe('storableText', () => {
  it('replaces what PostgreSQL cannot store (U+0000, lone surrogates) with U+FFFD and keeps the rest', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD83Dy')).toBe('x\uFFFDy');
    expect(storableText('x\uDE00y')).toBe('x\uFFFDy');
    expect(storableText('emoji \uD83D\uDE00 and 中文')).toBe('emoji 😀 and 中文');
  });

  it('is applied to every message text and display name the platform accepts', () => {
    expect(classifyMessageText('where is\u0000 my order?')).toEqual({ status: 'ok', text: 'where is\uFFFD my order?' });
    const parsed = InboundDraftSchema.parse({ channel: 'web', nativeMessageId: 'm', conversationKey: 'web:s', user: { id: 'u', displayName: 'Ana\uD800' }, text: 'hi' });
    expect(parsed.user.displayName).toBe('Ana\uFFFD');
  });
});
