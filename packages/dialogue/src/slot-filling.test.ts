import { describe, expect, it } from 'vitest';
import type { DialogueEntity } from './entity';
import { FormSchema, type Slot } from './form-schema';
import { MAX_SLOT_TEXT, fillSlots, validateSlotValue } from './slot-filling';
import { entitiesIn } from './testing/conversation';

const now = new Date('2025-03-01T10:00:00.000Z');
const slot = (fields: Partial<Slot> & { name: string; entity: string }): Slot =>
  FormSchema.parse({ intent: 'x', slots: [{ prompt: { en: 'p', zh: 'p' }, ...fields }], done: { en: 'd', zh: 'd' } }).slots[0]!;

const fill = (slots: Slot[], text: string, entities: DialogueEntity[], asking: string | null = null) =>
  fillSlots({ slots, asking, entities, text, now, turnId: 'turn-1' });

describe('validateSlotValue', () => {
  it('accepts anything when the slot has no pattern and no allowed values', () => {
    expect(validateSlotValue(slot({ name: 'a', entity: 'text' }), '<script>', '<script>')).toEqual({ ok: true, value: '<script>' });
  });

  it('checks the pattern against the whole normalised value', () => {
    const orderId = slot({ name: 'order_id', entity: 'number', pattern: '\\d{5}' });
    expect(validateSlotValue(orderId, 48213, 'order 48213')).toEqual({ ok: true, value: 48213 });
    expect(validateSlotValue(orderId, 482131, '482131')).toEqual({ ok: false, code: 'pattern' });
    expect(validateSlotValue(orderId, 4821, '4821')).toEqual({ ok: false, code: 'pattern' });
  });

  it("compares allowed values case-insensitively after trimming, and stores the form's spelling", () => {
    const size = slot({ name: 'size', entity: 'text', allowed: ['Small', 'Large'] });
    expect(validateSlotValue(size, '  LARGE ', '  LARGE ')).toEqual({ ok: true, value: 'Large' });
    expect(validateSlotValue(size, 'medium', 'medium')).toEqual({ ok: false, code: 'not_allowed' });
  });

  it('accepts an allowed value matching either the normalised value or the typed text', () => {
    const colour = slot({ name: 'colour', entity: 'colour', allowed: ['red'] });
    expect(validateSlotValue(colour, '#ff0000', 'Red')).toEqual({ ok: true, value: 'red' });
  });
});

describe('fillSlots', () => {
  const orderId = slot({ name: 'order_id', entity: 'number', pattern: '\\d{5}' });
  const email = slot({ name: 'email', entity: 'email' });
  const address = slot({ name: 'address', entity: 'text' });

  it('fills several slots from one message', () => {
    const text = 'order 48213, email ann@example.com';
    const result = fill(
      [orderId, email],
      text,
      entitiesIn(text, [
        ['number', '48213'],
        ['email', 'ann@example.com'],
      ]),
    );
    expect(result.filled).toEqual([
      { slot: 'order_id', value: { value: 48213, text: '48213', turnId: 'turn-1', setAt: now.toISOString() } },
      { slot: 'email', value: { value: 'ann@example.com', text: 'ann@example.com', turnId: 'turn-1', setAt: now.toISOString() } },
    ]);
    expect(result.rejected.size).toBe(0);
  });

  it('gives two slots of one type the matches in order of appearance, whatever order the extractor lists them in', () => {
    const adults = slot({ name: 'adults', entity: 'number' });
    const children = slot({ name: 'children', entity: 'number' });
    const text = '2 adults and 3 children';
    const [two, three] = entitiesIn(text, [
      ['number', '2'],
      ['number', '3'],
    ]);
    const result = fill([adults, children], text, [three!, two!]);
    expect(result.filled.map(({ slot, value }) => [slot, value.value])).toEqual([
      ['adults', 2],
      ['children', 3],
    ]);
  });

  it('skips a match the slot refuses and takes the next one', () => {
    const quantity = slot({ name: 'quantity', entity: 'number' });
    const text = '2 of order 48213';
    const result = fill(
      [orderId, quantity],
      text,
      entitiesIn(text, [
        ['number', '2'],
        ['number', '48213'],
      ]),
    );
    expect(Object.fromEntries(result.filled.map(({ slot, value }) => [slot, value.value]))).toEqual({ order_id: 48213, quantity: 2 });
  });

  it('never fills two slots from the same characters', () => {
    const phone = slot({ name: 'phone', entity: 'phone' });
    const text = '48213';
    const entities = [...entitiesIn(text, [['number', '48213']]), ...entitiesIn(text, [['phone', '48213', '+48213']])];
    expect(fill([orderId, phone], text, entities).filled.map((filled) => filled.slot)).toEqual(['order_id']);
  });

  it('says why the asked slot got no value: none in the message, or one that was refused', () => {
    expect(fill([orderId], 'no idea', [], 'order_id').rejected.get('order_id')).toEqual({ code: 'no_value' });
    expect(fill([orderId], '4821', entitiesIn('4821', [['number', '4821']]), 'order_id').rejected.get('order_id')).toEqual({ code: 'pattern', value: 4821 });
  });

  it('records a refused value for a slot that was not asked, but not a missing one', () => {
    const result = fill([orderId, email], 'order 12', entitiesIn('order 12', [['number', '12']]));
    expect([...result.rejected]).toEqual([['order_id', { code: 'pattern', value: 12 }]]);
  });

  it('fills a free-text slot only when it is the one asked, with the trimmed text', () => {
    expect(fill([address], '  1 Main St  ', []).filled).toEqual([]);
    expect(fill([address], '  1 Main St  ', [], 'address').filled).toEqual([
      { slot: 'address', value: { value: '1 Main St', text: '  1 Main St  ', turnId: 'turn-1', setAt: now.toISOString() } },
    ]);
  });

  it('refuses an empty free-text answer', () => {
    expect(fill([address], '   ', [], 'address').rejected.get('address')).toEqual({ code: 'no_value' });
  });

  it('caps a free-text value at 500 characters, without splitting a character', () => {
    const text = '😀'.repeat(600);
    const [filled] = fill([address], text, [], 'address').filled;
    expect(Array.from(String(filled?.value.value))).toHaveLength(MAX_SLOT_TEXT);
    expect(String(filled?.value.value)).toBe('😀'.repeat(MAX_SLOT_TEXT));
  });

  it('keeps the unit of an entity', () => {
    const amount = slot({ name: 'amount', entity: 'money' });
    const [filled] = fill(
      [amount],
      '$12.50',
      entitiesIn('$12.50', [['money', '$12.50', 12.5]]).map((entity) => ({ ...entity, unit: 'USD' })),
    ).filled;
    expect(filled?.value).toMatchObject({ value: 12.5, unit: 'USD', text: '$12.50' });
  });
});
