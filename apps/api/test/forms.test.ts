import { listForms } from '@chatbot/db';
import { FormSchema } from '@chatbot/dialogue';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StoredFormJson } from '../src/routes/response-schemas';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();

const orderForm = (overrides: Record<string, unknown> = {}) => ({
  slots: [
    {
      name: 'order_id',
      entity: 'order_id',
      prompt: { en: 'Which order would you like to cancel?', zh: '请问要取消哪个订单？' },
    },
  ],
  confirm: { en: 'Cancel order {order_id}?', zh: '确认要取消订单 {order_id} 吗？' },
  done: { en: 'Order {order_id} is noted for cancelling.', zh: '已记下要取消的订单 {order_id}。' },
  ...overrides,
});

beforeAll(async () => {
  for (const name of ['cancel_order', 'order_status']) expect((await api.call('POST', '/api/v1/intents', { body: { name } })).status).toBe(201);
  expect((await api.call('PUT', '/api/v1/entities/order_id', { body: { kind: 'regex', pattern: '\\b\\d{5,10}\\b' } })).status).toBe(200);
});

describe('forms', () => {
  it('saves, reads, replaces and deletes a form; each change is audited and announces catalogue.changed', async () => {
    const events = await api.listen('catalogue.changed');
    const auditedBefore = await api.db.auditLog.count();

    // The path names the intent: one in the body is overruled.
    const saved = await api.call('PUT', '/api/v1/intents/cancel_order/form', { body: { ...orderForm(), intent: 'order_status' } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toMatchObject({ intent: 'cancel_order', updatedBy: 'admin-token', definition: { intent: 'cancel_order', slots: [{ name: 'order_id' }] } });
    expect(StoredFormJson.parse(saved.json)).toEqual(saved.json);
    await vi.waitFor(() => expect(events.map((event) => event.reason)).toEqual(['form of cancel_order saved']));

    const read = await api.call('GET', '/api/v1/intents/cancel_order/form');
    expect(read.json).toEqual(saved.json);
    const listed = await api.call('GET', '/api/v1/forms');
    expect(listed.json.items).toEqual([saved.json]);

    // What workers load parses as a form of that intent (they, too, take the stored intent).
    const [stored] = await listForms(api.db);
    expect(FormSchema.parse({ ...(stored!.definition as object), intent: stored!.intent }).slots[0]!.entity).toBe('order_id');

    const replaced = await api.call('PUT', '/api/v1/intents/cancel_order/form', { body: orderForm({ confirm: undefined, onRetryLimit: 'fallback' }) });
    expect(replaced.status).toBe(200);
    expect(replaced.json.definition).not.toHaveProperty('confirm');
    expect((await api.call('GET', '/api/v1/intents/cancel_order/form')).json.definition.onRetryLimit).toBe('fallback');

    expect((await api.call('DELETE', '/api/v1/intents/cancel_order/form')).json).toEqual({ deleted: 'cancel_order' });
    expect((await api.call('GET', '/api/v1/intents/cancel_order/form')).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/intents/cancel_order/form')).status).toBe(404);
    await vi.waitFor(() => expect(events).toHaveLength(3));

    const audited = await api.db.auditLog.findMany({ orderBy: { createdAt: 'asc' }, skip: auditedBefore });
    expect(audited.map((entry) => [entry.action, entry.target, entry.actor])).toEqual([
      ['form.save', 'cancel_order', 'admin-token'],
      ['form.save', 'cancel_order', 'admin-token'],
      ['form.delete', 'cancel_order', 'admin-token'],
    ]);
    expect(audited[0]!.details).toEqual({ slots: [{ name: 'order_id', entity: 'order_id' }] });
  });

  it('refuses a form with every reason: an unknown entity type, a missing zh prompt, a placeholder naming no slot; nothing is stored or announced', async () => {
    const events = await api.listen('catalogue.changed');
    const auditedBefore = await api.db.auditLog.count();
    const refused = await api.call('PUT', '/api/v1/intents/order_status/form', {
      body: orderForm({
        slots: [{ name: 'order_id', entity: 'order_number', prompt: { en: 'Which order?' } }],
        done: { en: 'Order {order_id} is on its way to {adress}.', zh: '订单 {order_id} 正在路上。' },
      }),
    });
    expect(refused.status).toBe(400);
    // The schema's problems come first, alone (the rest cannot be checked without a whole form).
    expect(refused.json.error.reasons).toEqual(['The Chinese (zh) prompt of slot 1 ("order_id") is missing.']);
    expect(refused.json.error.message).toContain('The Chinese (zh) prompt of slot 1 ("order_id") is missing.');

    const twice = await api.call('PUT', '/api/v1/intents/order_status/form', {
      body: orderForm({
        slots: [{ name: 'order_id', entity: 'order_number', prompt: { en: 'Which order?', zh: '哪个订单？' } }],
        done: { en: 'Order {order_id} is on its way to {adress}.', zh: '订单 {order_id} 正在路上。' },
      }),
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.reasons).toEqual([
      expect.stringMatching(/^The entity type "order_number" of slot 1 \("order_id"\) does not exist\. Known types: text, number, .*order_id/),
      'The English (en) completion reply (done) uses {adress}, which is not a slot of this form (its slots: order_id).',
    ]);
    expect(twice.json.error.message).toMatch(/^the form of "order_status" has 2 problems: /);

    expect((await api.call('PUT', '/api/v1/intents/order_status/form', { body: [orderForm()] })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/intents/order_status/form')).status).toBe(404);
    expect(await api.db.auditLog.count()).toBe(auditedBefore);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
  });

  it('is 404 for an unknown intent, and 403 for a viewer, who may read', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await api.call(method, '/api/v1/intents/ghost/form', method === 'PUT' ? { body: orderForm() } : {});
      expect(response.status, method).toBe(404);
      expect(response.json.error.message).toBe('intent "ghost" does not exist');
    }
    expect((await api.call('GET', '/api/v1/intents/order_status/form')).json.error.message).toBe('intent "order_status" has no form');

    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'form-reader', role: 'viewer' } });
    const token = viewer.json.key as string;
    expect((await api.call('PUT', '/api/v1/intents/order_status/form', { token, body: orderForm() })).status).toBe(403);
    expect((await api.call('PUT', '/api/v1/intents/order_status/form', { body: orderForm() })).status).toBe(200);
    expect((await api.call('DELETE', '/api/v1/intents/order_status/form', { token })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/forms', { token })).json.items.map((form: { intent: string }) => form.intent)).toEqual(['order_status']);
    expect((await api.call('GET', '/api/v1/intents/order_status/form', { token })).status).toBe(200);
  });
});
