import { describe, expect, it } from 'vitest';
import { DialogueStateSchema, MAX_PAUSED, emptyDialogueState, parseDialogueState, slotValue } from './state';

const slot = { value: 48213, text: '48213', turnId: 't1', setAt: '2025-03-01T10:00:00.000Z' };

describe('emptyDialogueState', () => {
  it('has no slots, no form and nothing paused', () => {
    expect(emptyDialogueState()).toEqual({ slots: {}, form: null, paused: [] });
  });

  it('gives a new object each time', () => {
    const first = emptyDialogueState();
    first.slots.order_id = slot;
    expect(emptyDialogueState().slots).toEqual({});
  });
});

describe('DialogueStateSchema', () => {
  it('reads a stored state back unchanged', () => {
    const state = {
      slots: { order_id: slot, amount: { value: 12.5, unit: 'USD', text: '$12.50', turnId: null, setAt: '2025-03-01T10:01:00.000Z' } },
      form: { intent: 'cancel_order', asking: 'email', retries: 1, confirming: false, updatedAt: '2025-03-01T10:01:00.000Z' },
      paused: [{ intent: 'order_status', asking: 'order_id', retries: 0 }],
    };
    expect(DialogueStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('reads null, a number, a string, an array or a broken object as the empty state', () => {
    for (const junk of [null, undefined, 42, 'state', [], [1, 2], { slots: 'x', form: 'y', paused: 'z' }])
      expect(parseDialogueState(junk), JSON.stringify(junk)).toEqual(emptyDialogueState());
  });

  it('drops only the slots that are broken, keeping the good ones', () => {
    const state = parseDialogueState({
      slots: {
        order_id: slot,
        no_time: { value: 1, text: '1', turnId: null },
        bad_time: { value: 1, text: '1', turnId: null, setAt: 'yesterday' },
        bad_value: { value: { nested: true }, text: 'x', turnId: null, setAt: slot.setAt },
        'Not A Name': slot,
      },
    });
    expect(Object.keys(state.slots)).toEqual(['order_id']);
  });

  it('ignores a "__proto__" key in the stored JSON', () => {
    const state = parseDialogueState(JSON.parse(`{"slots": {"__proto__": ${JSON.stringify(slot)}, "order_id": ${JSON.stringify(slot)}}}`));
    expect(Object.keys(state.slots)).toEqual(['order_id']);
    expect(Object.getPrototypeOf(state.slots)).toBe(Object.prototype);
  });

  it('repairs a slot with a junk turn id or unit rather than dropping it', () => {
    const state = parseDialogueState({ slots: { order_id: { ...slot, turnId: 7, unit: { x: 1 } } } });
    expect(state.slots.order_id).toEqual({ value: 48213, text: '48213', turnId: null, setAt: slot.setAt });
  });

  it('forgets a form without an intent, and repairs a form with junk fields', () => {
    expect(parseDialogueState({ form: { asking: 'order_id' } }).form).toBeNull();
    expect(parseDialogueState({ form: { intent: 'order_status', asking: 42, retries: -3, confirming: 'yes', updatedAt: 'soon' } }).form).toEqual({
      intent: 'order_status',
      asking: null,
      retries: 0,
      confirming: false,
    });
  });

  it('never asks a slot while confirming', () => {
    expect(parseDialogueState({ form: { intent: 'cancel_order', asking: 'email', retries: 0, confirming: true } }).form?.asking).toBeNull();
  });

  it('drops broken paused forms and keeps only the most recent few', () => {
    const paused = ['a', 'b', 'c', 'd', 'e'].map((intent) => ({ intent, asking: null, retries: 0 }));
    const state = parseDialogueState({ paused: [null, 'x', { asking: 'y' }, ...paused] });
    expect(state.paused.map((form) => form.intent)).toEqual(['c', 'd', 'e']);
    expect(state.paused).toHaveLength(MAX_PAUSED);
  });

  it('keeps a slot called like an Object method as an ordinary slot', () => {
    const state = parseDialogueState({ slots: { constructor: slot } });
    expect(slotValue(state, 'constructor')).toEqual(slot);
    expect(slotValue(emptyDialogueState(), 'constructor')).toBeUndefined();
    expect(slotValue(emptyDialogueState(), 'toString')).toBeUndefined();
  });
});
