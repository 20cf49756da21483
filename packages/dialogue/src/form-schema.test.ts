import { describe, expect, it } from 'vitest';
import { FormSchema, type FormInput } from './form-schema';

const minimal: FormInput = {
  intent: 'order_status',
  slots: [{ name: 'order_id', entity: 'number', prompt: { en: 'Which order?', zh: '哪个订单？' } }],
  done: { en: 'Noted {order_id}.', zh: '已记下{order_id}。' },
};

describe('FormSchema', () => {
  it('fills in the defaults: resume after interruption, hand off at the retry limit, 60-minute slots, 2 retries', () => {
    const form = FormSchema.parse(minimal);
    expect(form).toMatchObject({ resumeAfterInterruption: true, onRetryLimit: 'handoff', slotTtlMinutes: 60 });
    expect(form.slots[0]?.maxRetries).toBe(2);
    expect(form.confirm).toBeUndefined();
  });

  it('trims texts', () => {
    const form = FormSchema.parse({ ...minimal, done: { en: '  Noted.  ', zh: ' 好 ' } });
    expect(form.done).toEqual({ en: 'Noted.', zh: '好' });
  });

  it('refuses a form without slots, or with more than ten', () => {
    expect(FormSchema.safeParse({ ...minimal, slots: [] }).success).toBe(false);
    const slot = minimal.slots[0]!;
    const eleven = Array.from({ length: 11 }, (_, index) => ({ ...slot, name: `slot_${index}` }));
    expect(FormSchema.safeParse({ ...minimal, slots: eleven }).success).toBe(false);
  });

  it('refuses two slots with the same name', () => {
    const slot = minimal.slots[0]!;
    expect(FormSchema.safeParse({ ...minimal, slots: [slot, slot] }).success).toBe(false);
  });

  it('refuses slot names that are not lowercase identifiers of at most 40 characters', () => {
    const slot = minimal.slots[0]!;
    for (const name of ['Order', '1st', '_x', 'order-id', 'order id', '', 'a'.repeat(41)])
      expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, name }] }).success, name).toBe(false);
    expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, name: 'a'.repeat(40) }] }).success).toBe(true);
  });

  it('refuses retries outside 0..5, a pattern over 200 characters, and unknown fields', () => {
    const slot = minimal.slots[0]!;
    expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, maxRetries: 6 }] }).success).toBe(false);
    expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, maxRetries: 1.5 }] }).success).toBe(false);
    expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, pattern: 'a'.repeat(201) }] }).success).toBe(false);
    expect(FormSchema.safeParse({ ...minimal, slots: [{ ...slot, patern: '\\d+' }] }).success).toBe(false);
    expect(FormSchema.safeParse({ ...minimal, retries: 3 }).success).toBe(false);
  });
});
