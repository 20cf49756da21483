import { describe, expect, it } from 'vitest';
import { FormSchema } from './form-schema';
import { startFormForAction } from './policy';
import { conversation, eventTypes, plainText } from './testing/conversation';
import { CANCEL_ORDER, DEFAULT_FORMS, ORDER_STATUS } from './testing/forms';

const withAction = new Map(DEFAULT_FORMS);
withAction.set('order_status', FormSchema.parse({ ...ORDER_STATUS, action: 'order_status' }));

describe('decide: a form that names an action', () => {
  it('answers its completion with the action, the done text kept as the fallback with the values typed', () => {
    const chat = conversation(withAction);
    chat.say('where is my order?', { intent: 'order_status' });
    const done = chat.say('it is 48213', { entities: [['number', '48213']] });
    expect(done.reply).toEqual({
      kind: 'action',
      action: 'order_status',
      form: 'order_status',
      fallback: { template: ORDER_STATUS.done.en, variables: { order_id: '48213' } },
    });
    expect(eventTypes(done)).toEqual(['slot_filled', 'form_completed', 'action_requested']);
    expect(done.events.at(-1)).toEqual({ type: 'action_requested', intent: 'order_status', action: 'order_status' });
    expect(chat.state.slots.order_id?.value).toBe(48213);
  });

  it('calls the action at once when the triggering message already holds every slot', () => {
    const chat = conversation(withAction);
    expect(chat.say('where is order 48213?', { intent: 'order_status', entities: [['number', '48213']] }).text).toBe('<action:order_status>');
  });

  it('refuses an action name that is not one', () => {
    expect(FormSchema.safeParse({ ...ORDER_STATUS, action: 'Order Status' }).success).toBe(false);
  });
});

describe('startFormForAction: an action asking for a form', () => {
  it('starts the form, reusing what the conversation holds and asking the rest', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    chat.say('48213', { entities: [['number', '48213']] });
    const started = startFormForAction({ state: chat.state, intent: 'cancel_order', forms: DEFAULT_FORMS, language: 'en', now: chat.now });
    expect(started.handled).toBe(true);
    expect(plainText(started.reply)).toBe(CANCEL_ORDER.slots[1]!.prompt.en);
    expect(started.state.form).toMatchObject({ intent: 'cancel_order', asking: 'email' });
    expect(eventTypes(started)).toEqual(['form_started', 'slot_reused']);
  });

  it('does nothing for an intent without a form', () => {
    const started = startFormForAction({ state: conversation(DEFAULT_FORMS).state, intent: 'opening_hours', forms: DEFAULT_FORMS, language: 'zh', now: new Date() });
    expect(started).toMatchObject({ handled: false, reply: null });
  });
});
