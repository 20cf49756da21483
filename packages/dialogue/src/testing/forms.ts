import { FormSchema, type Form, type FormInput } from '../form-schema';

/** Forms like the default bot's (issue 12), for the policy's tests. */

const orderId = {
  name: 'order_id',
  entity: 'number',
  pattern: '\\d{5}',
  prompt: { en: "What's your order number?", zh: '请问您的订单号是多少？' },
  invalid: { en: 'Order numbers have 5 digits.', zh: '订单号是5位数字。' },
} satisfies FormInput['slots'][number];

export const ORDER_STATUS = FormSchema.parse({
  intent: 'order_status',
  slots: [orderId],
  done: { en: "Thanks! I've noted order {order_id}; a colleague will check where it is.", zh: '谢谢！已记下订单{order_id}，同事会为您查询。' },
} satisfies FormInput);

export const CANCEL_ORDER = FormSchema.parse({
  intent: 'cancel_order',
  slots: [orderId, { name: 'email', entity: 'email', prompt: { en: 'Which email address should we write to?', zh: '我们应该发到哪个邮箱？' } }],
  confirm: { en: 'Cancel order {order_id} and write to {email}?', zh: '确认取消订单{order_id}，并发邮件到{email}吗？' },
  done: { en: 'Order {order_id} will be cancelled; we will write to {email}.', zh: '订单{order_id}将被取消，我们会发邮件到{email}。' },
} satisfies FormInput);

export const CHANGE_ADDRESS = FormSchema.parse({
  intent: 'change_address',
  slots: [
    orderId,
    { name: 'address', entity: 'text', maxRetries: 1, prompt: { en: 'What is the new address for order {order_id}?', zh: '订单{order_id}的新地址是什么？' } },
  ],
  onRetryLimit: 'fallback',
  done: { en: 'Order {order_id} will go to: {address}.', zh: '订单{order_id}将寄往：{address}。' },
} satisfies FormInput);

export const RETURN_ITEM = FormSchema.parse({
  intent: 'return_item',
  slots: [
    orderId,
    {
      name: 'reason',
      entity: 'text',
      allowed: ['damaged', 'wrong item', 'changed my mind'],
      maxRetries: 1,
      prompt: { en: 'Why are you returning it ({_choices})?', zh: '退货原因是什么（{_choices}）？' },
    },
  ],
  resumeAfterInterruption: false,
  onRetryLimit: 'fallback',
  done: { en: 'Return of order {order_id} ({reason}) noted.', zh: '已记下订单{order_id}的退货（{reason}）。' },
} satisfies FormInput);

export function formsByIntent(...forms: Form[]): Map<string, Form> {
  return new Map(forms.map((form) => [form.intent, form]));
}

export const DEFAULT_FORMS = formsByIntent(ORDER_STATUS, CANCEL_ORDER, CHANGE_ADDRESS, RETURN_ITEM);
