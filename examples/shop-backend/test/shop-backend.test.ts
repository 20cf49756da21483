import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signatureHeaders, type ActionRequest, type ActionResponse } from '@chatbot/actions-sdk';
import { startShopBackend } from '../src/index';

const SECRET = 'test-secret';
let backend: Awaited<ReturnType<typeof startShopBackend>>;

beforeEach(async () => {
  backend = await startShopBackend({ secret: SECRET });
});
afterEach(() => backend.close());

function request(action: string, slots: Record<string, string>, language: 'en' | 'zh' = 'en', idempotencyKey = 'm1', test = false): ActionRequest {
  return {
    version: 1,
    action,
    idempotencyKey,
    test,
    conversation: { key: 'web:s1', channel: 'web', language },
    user: { id: 'u1' },
    message: { id: idempotencyKey, text: 'yes', receivedAt: '2026-12-06T12:00:00.000Z' },
    intent: { name: action, confidence: 0.9 },
    entities: [],
    slots: Object.fromEntries(Object.entries(slots).map(([name, value]) => [name, { value, text: value }])),
    form: action,
    history: [],
  };
}

async function call(path: string, body: ActionRequest): Promise<ActionResponse> {
  const text = JSON.stringify(body);
  const response = await fetch(backend.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, text) }, body: text });
  expect(response.status).toBe(200);
  return (await response.json()) as ActionResponse;
}

describe('the example shop backend', () => {
  it('tells where a shipped order is, with a tracking link and a way to a person, in English and Chinese', async () => {
    const en = await call('/order-status', request('order_status', { order_id: '48213' }));
    expect(en.text).toBe('Order 48213 left our warehouse on 1 December with DHL, tracking JD014600006281.');
    expect(en.buttons).toEqual([
      { type: 'link', label: 'Track parcel', url: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281' },
      { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
    ]);
    const zh = await call('/order-status', request('order_status', { order_id: '48213' }, 'zh'));
    expect(zh.text).toBe('订单 48213 已于12月1日由 DHL 发出，运单号 JD014600006281。');
    expect(zh.buttons?.map((button) => button.label)).toEqual(['查看物流', '转人工']);
  });

  it('says it cannot find an unknown order and clears the slot, so the form asks again', async () => {
    expect(await call('/order-status', request('order_status', { order_id: '99999' }))).toMatchObject({
      text: expect.stringContaining("I can't find an order {order_id}"),
      variables: { order_id: '99999' },
      slots: { order_id: null },
    });
  });

  it('cancels an order that has not shipped once, even when the same request comes twice', async () => {
    const first = await call('/cancel-order', request('cancel_order', { order_id: '48214' }, 'en', 'm7'));
    expect(first.text).toMatch(
      /^Done: order 48214 is cancelled\. €59\.90 goes back to your card within 5 working days; a confirmation is on its way to li\*\*\*@example\.cn\.$/,
    );
    expect(await call('/cancel-order', request('cancel_order', { order_id: '48214' }, 'en', 'm7'))).toEqual(first);
    expect(backend.book.find('48214')?.status).toBe('cancelled');
    expect((await call('/cancel-order', request('cancel_order', { order_id: '48214' }, 'en', 'm8'))).text).toMatch(/^Order 48214 was cancelled on/);
  });

  it('refuses to cancel or re-address an order that has shipped, offering a return or a person instead', async () => {
    const cancel = await call('/cancel-order', request('cancel_order', { order_id: '48213' }, 'zh'));
    expect(cancel.text).toBe('订单 48213 已经发货，无法再取消。收到后您可以申请退货退款。');
    expect(cancel.buttons?.map((button) => button.label)).toEqual(['申请退货', '转人工']);
    const move = await call('/change-address', request('change_address', { order_id: '48213', address: '1 New Road' }));
    expect(move.text).toMatch(/can't be changed here/);
    expect(backend.book.find('48213')?.address).toBe('12 Harbour Street, Bristol BS1 4RN');
  });

  it('answers a delivered or cancelled order as it is: delivered ones can go back, cancelled ones have no delivery to move', async () => {
    const cancel = await call('/cancel-order', request('cancel_order', { order_id: '48215' }));
    expect(cancel.text).toBe("Order 48215 has already been delivered, so it can't be cancelled; you can send it back for a refund instead.");
    expect(cancel.buttons?.map((button) => button.label)).toEqual(['Start a return', 'Talk to a person']);
    const move = await call('/change-address', request('change_address', { order_id: '51120', address: '1 New Road' }));
    expect(move.text).toMatch(/^Order 51120 was cancelled on /);
    expect(backend.book.find('51120')?.address).not.toBe('1 New Road');
  });

  it('changes the address of an order still in the warehouse, the address passed as a value to escape', async () => {
    const moved = await call('/change-address', request('change_address', { order_id: '48214', address: '<b>9 Elm Row</b>' }));
    expect(moved).toEqual({ text: 'Order {order_id} will now go to: {address}.', variables: { order_id: '48214', address: '<b>9 Elm Row</b>' } });
    expect(backend.book.find('48214')?.address).toBe('<b>9 Elm Row</b>');
  });

  it('opens one return for a delivered order with the reason, and none for an order on its way', async () => {
    const opened = await call('/start-return', request('return_refund', { order_id: '48215', reason: 'too small' }));
    expect(opened.text).toMatch(/^Return R-1001 for order 48215 is open \(reason: \{reason\}\)\. The return label is on its way to sa\*\*\*@example\.com/);
    expect(opened.variables).toEqual({ reason: 'too small' });
    const again = await call('/start-return', request('return_refund', { order_id: '48215', reason: 'colour' }, 'zh', 'm9'));
    expect(again.text).toMatch(/^订单 48215 的退货申请 R-1001 之前已创建/);
    expect((await call('/start-return', request('return_refund', { order_id: '48213', reason: 'x' }, 'en', 'm10'))).text).toMatch(/hasn't been delivered yet/);
  });

  it('changes nothing for a test call', async () => {
    expect((await call('/cancel-order', request('cancel_order', { order_id: '48214' }, 'en', 't1', true))).text).toMatch(/^\(test\)/);
    expect((await call('/change-address', request('change_address', { order_id: '48214', address: 'X' }, 'en', 't2', true))).text).toMatch(/^\(test\)/);
    expect(backend.book.find('48214')).toMatchObject({ status: 'processing', address: '上海市徐汇区漕溪北路 88 号' });
  });
});
