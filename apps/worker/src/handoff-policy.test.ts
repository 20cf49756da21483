import { describe, expect, it } from 'vitest';
import { shouldHandOff } from './handoff-policy';

const understood = { intent: 'order_status', outOfScope: false };
const notUnderstood = { intent: null, outOfScope: true };

describe('shouldHandOff', () => {
  it('hands off when the user asks for a human', () => {
    expect(shouldHandOff({ intent: 'talk_to_human', outOfScope: false }, null)).toBe(true);
  });

  it('hands off at the second fallback in a row', () => {
    expect(shouldHandOff(notUnderstood, { outOfScope: true, replyKind: 'bot' })).toBe(true);
  });

  it('does not hand off at a first fallback, or after an understood message', () => {
    expect(shouldHandOff(notUnderstood, null)).toBe(false);
    expect(shouldHandOff(notUnderstood, { outOfScope: false, replyKind: 'bot' })).toBe(false);
    expect(shouldHandOff(understood, { outOfScope: true, replyKind: 'bot' })).toBe(false);
  });

  it('starts counting afresh after a handoff notice or a message the bot left to an agent', () => {
    expect(shouldHandOff(notUnderstood, { outOfScope: true, replyKind: 'system' })).toBe(false);
    expect(shouldHandOff(notUnderstood, { outOfScope: true, replyKind: null })).toBe(false);
  });
});
