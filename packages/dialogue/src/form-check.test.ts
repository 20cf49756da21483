import { describe, expect, it } from 'vitest';
import { checkForm, type KnownNames } from './form-check';
import type { FormInput } from './form-schema';

const known: KnownNames = { intents: new Set(['order_status', 'cancel_order', 'fallback']), entityTypes: new Set(['order_number']) };

const form = (changes: Partial<FormInput> = {}): FormInput => ({
  intent: 'cancel_order',
  slots: [
    { name: 'order_id', entity: 'order_number', prompt: { en: 'Which order?', zh: '哪个订单？' } },
    { name: 'email', entity: 'email', prompt: { en: 'Email for order {order_id}?', zh: '订单{order_id}的邮箱？' } },
  ],
  confirm: { en: 'Cancel {order_id}, writing to {email}?', zh: '取消{order_id}，发到{email}？' },
  done: { en: 'Cancelled {order_id}.', zh: '已取消{order_id}。' },
  ...changes,
});

function reasons(candidate: unknown): string[] {
  const check = checkForm(candidate, known);
  return check.ok ? [] : check.reasons;
}

describe('checkForm', () => {
  it('accepts a good form and gives it back with its defaults', () => {
    const check = checkForm(form(), known);
    expect(check).toMatchObject({ ok: true, form: { intent: 'cancel_order', onRetryLimit: 'handoff', resumeAfterInterruption: true } });
  });

  it('accepts built-in entity types, custom ones and free text', () => {
    const slots: FormInput['slots'] = ['number', 'datetime', 'url', 'order_number', 'text'].map((entity, index) => ({
      name: `s${index}`,
      entity,
      prompt: { en: 'x', zh: 'y' },
    }));
    expect(checkForm(form({ slots, confirm: undefined, done: { en: 'ok', zh: '好' } }), known).ok).toBe(true);
  });

  it('refuses an intent that is not in the catalogue', () => {
    expect(reasons(form({ intent: 'order_stats' }))).toEqual(['The intent "order_stats" is not in the catalogue: add the intent first, or pick one that exists.']);
  });

  it('refuses a form on an intent the policy reserves (fallback, cancel, talk_to_human)', () => {
    expect(reasons(form({ intent: 'fallback' }))).toEqual(['The intent "fallback" cannot have a form: the bot gives it a meaning of its own.']);
  });

  it('refuses an entity type that does not exist, listing the known ones', () => {
    const [slot, ...rest] = form().slots;
    expect(reasons(form({ slots: [{ ...slot!, entity: 'order_no' }, ...rest] }))).toEqual([
      'The entity type "order_no" of slot 1 ("order_id") does not exist. Known types: text, number, ordinal, money, datetime, duration, email, phone, url, order_number ("text" takes the message\'s own text).',
    ]);
  });

  it('refuses a prompt missing in Chinese, or empty', () => {
    const [slot, ...rest] = form().slots;
    expect(reasons(form({ slots: [{ ...slot!, prompt: { en: 'Which order?' } as never }, ...rest] }))).toEqual([
      'The Chinese (zh) prompt of slot 1 ("order_id") is missing.',
    ]);
    expect(reasons(form({ slots: [{ ...slot!, prompt: { en: 'Which order?', zh: '   ' } }, ...rest] }))).toEqual([
      'The Chinese (zh) prompt of slot 1 ("order_id") is empty.',
    ]);
  });

  it('refuses a completion reply or a confirmation missing a language', () => {
    expect(reasons(form({ done: { en: 'Done.' } as never }))).toEqual(['The Chinese (zh) completion reply (done) is missing.']);
    expect(reasons(form({ confirm: { zh: '确认？' } as never }))).toEqual(['The English (en) confirmation question (confirm) is missing.']);
  });

  it('refuses a placeholder that names no slot of the form', () => {
    expect(reasons(form({ done: { en: 'Cancelled {ordr_id}.', zh: '已取消{order_id}。' } }))).toEqual([
      'The English (en) completion reply (done) uses {ordr_id}, which is not a slot of this form (its slots: order_id, email).',
    ]);
  });

  it('refuses a prompt that uses a slot asked after it, or its own value', () => {
    const [first, second] = form().slots;
    expect(reasons(form({ slots: [{ ...first!, prompt: { en: 'Order for {email}?', zh: '{order_id}？' } }, second!] }))).toEqual([
      'The English (en) prompt of slot 1 ("order_id") uses {email}, which is asked later: a slot\'s texts can only use the slots before it.',
      'The Chinese (zh) prompt of slot 1 ("order_id") uses {order_id}, the slot\'s own value, which is not known yet when it is said.',
    ]);
  });

  it('lets a slot with allowed values list them with {_choices}, and no other slot', () => {
    const [first, second] = form().slots;
    const withChoices = { ...second!, entity: 'text', allowed: ['a', 'b'], prompt: { en: 'One of {_choices}?', zh: '{_choices}？' } };
    expect(checkForm(form({ slots: [first!, withChoices] }), known).ok).toBe(true);
    expect(reasons(form({ slots: [{ ...first!, prompt: { en: 'One of {_choices}?', zh: '哪个？' } }, second!] }))).toEqual([
      'The English (en) prompt of slot 1 ("order_id") uses {_choices}, but only a slot with allowed values has it.',
    ]);
  });

  it('refuses a pattern that is not a valid regular expression, saying why', () => {
    const [slot, ...rest] = form().slots;
    const found = reasons(form({ slots: [{ ...slot!, pattern: '(\\d{5}' }, ...rest] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^The pattern of slot 1 \("order_id"\) is not a valid regular expression \(.*\)\.$/);
  });

  it('refuses a pattern that can take exponential time', () => {
    const [slot, ...rest] = form().slots;
    expect(reasons(form({ slots: [{ ...slot!, pattern: '(\\d+)+' }, ...rest] }))).toEqual([
      'The pattern of slot 1 ("order_id") repeats a group that itself repeats, like (a+)+, which can take exponential time on some input: write it without the nesting.',
    ]);
  });

  it('refuses allowed values that the pattern would refuse, or that are listed twice', () => {
    const [slot, ...rest] = form().slots;
    expect(reasons(form({ slots: [{ ...slot!, entity: 'text', pattern: '[a-z]+', allowed: ['red', 'Red', 'blue2'] }, ...rest] }))).toEqual([
      'The allowed values of slot 1 ("order_id") list "Red" twice.',
      'The allowed value "Red" of slot 1 ("order_id") does not match its pattern, so it could never be accepted.',
      'The allowed value "blue2" of slot 1 ("order_id") does not match its pattern, so it could never be accepted.',
    ]);
  });

  it('names typos of field names instead of ignoring them', () => {
    const [slot, ...rest] = form().slots;
    expect(reasons(form({ slots: [{ ...slot!, patern: '\\d{5}' } as never, ...rest] }))).toEqual(['Slot 1 ("order_id") has an unknown field: patern (a typo?).']);
  });

  it('says what is wrong with the settings, in sentences', () => {
    expect(reasons(form({ onRetryLimit: 'escalate' as never, slotTtlMinutes: 0, resumeAfterInterruption: 'yes' as never }))).toEqual([
      'resumeAfterInterruption must be true or false.',
      'onRetryLimit must be one of: handoff, fallback.',
      'slotTtlMinutes must be more than 0.',
    ]);
    expect(reasons(form({ slots: [] }))).toEqual(['The slot list must have at least 1 entry.']);
    expect(reasons('a form')).toEqual(['The form must be an object.']);
  });

  it('says which slot repeats a name', () => {
    const [slot] = form().slots;
    expect(reasons(form({ slots: [slot!, slot!], confirm: undefined }))).toEqual([
      'The name of slot 2 ("order_id") is the name of an earlier slot too (slot names must be unique).',
    ]);
  });

  it('reports every problem at once', () => {
    const [slot, second] = form().slots;
    expect(reasons(form({ intent: 'nope', slots: [{ ...slot!, entity: 'nope' }, second!], done: { en: '{x}', zh: '{y}' } }))).toHaveLength(4);
  });
});
