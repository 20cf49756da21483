import { describe, expect, it, vi } from 'vitest';
import { loadResponseCatalogue } from '@chatbot/db';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();

describe('intents and responses', () => {
  it('create, read per language, edit and delete; every change announces catalogue.changed', async () => {
    const events = await api.listen('catalogue.changed');
    let expectedEvents = 0;
    const changed = async () => vi.waitFor(() => expect(events).toHaveLength(++expectedEvents));

    const created = await api.call('POST', '/api/v1/intents', {
      body: { name: 'gift_wrap', description: 'gift wrapping', responses: { en: ['We can gift-wrap it.'], zh: ['我们可以提供礼品包装。'] } },
    });
    expect(created.status).toBe(201);
    expect(created.json.responses).toHaveLength(2);
    await changed();

    const chinese = await api.call('GET', '/api/v1/intents?language=zh');
    expect(chinese.json.items).toEqual([
      expect.objectContaining({ name: 'gift_wrap', responses: [expect.objectContaining({ language: 'zh', text: '我们可以提供礼品包装。' })] }),
    ]);

    const added = await api.call('POST', '/api/v1/intents/gift_wrap/responses', { body: { language: 'en', text: 'Gift wrapping is free.' } });
    expect(added.status).toBe(201);
    expect(added.json.position).toBe(1);
    await changed();

    const edited = await api.call('PATCH', `/api/v1/responses/${added.json.id}`, { body: { text: 'Gift wrapping costs nothing.' } });
    expect(edited.json.text).toBe('Gift wrapping costs nothing.');
    await changed();

    expect((await api.call('PATCH', '/api/v1/intents/gift_wrap', { body: { description: 'wrapping presents' } })).json.description).toBe('wrapping presents');
    await changed();

    // What workers load is what the API wrote.
    expect((await loadResponseCatalogue(api.db)).get('gift_wrap')).toEqual({
      en: ['We can gift-wrap it.', 'Gift wrapping costs nothing.'],
      zh: ['我们可以提供礼品包装。'],
    });

    expect((await api.call('DELETE', `/api/v1/responses/${added.json.id}`)).status).toBe(200);
    await changed();
    expect((await api.call('DELETE', '/api/v1/intents/gift_wrap')).status).toBe(200);
    await changed();
    expect((await api.call('GET', '/api/v1/intents/gift_wrap')).status).toBe(404);
    expect(await api.db.response.count()).toBe(0);

    const actions = (await api.db.auditLog.findMany({ orderBy: { createdAt: 'asc' } })).map((entry) => entry.action);
    expect(actions).toEqual(['intent.create', 'response.create', 'response.update', 'intent.update', 'response.delete', 'intent.delete']);
  });

  it('is 409 for a name that is taken', async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'twice' } });
    const response = await api.call('POST', '/api/v1/intents', { body: { name: 'twice' } });
    expect(response.status).toBe(409);
    expect(response.json.error.message).toContain('"twice"');
  });

  it('is 404 for an unknown intent or response', async () => {
    expect((await api.call('PATCH', '/api/v1/intents/ghost', { body: { description: 'x' } })).status).toBe(404);
    expect((await api.call('POST', '/api/v1/intents/ghost/responses', { body: { language: 'en', text: 'boo' } })).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/responses/0197a000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('is 400 for an unsupported language, an empty text or an unknown field', async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'strict' } });
    for (const body of [
      { language: 'fr', text: 'bonjour' },
      { language: 'en', text: '   ' },
      { language: 'en', text: 'hi', colour: 'red' },
    ]) {
      const response = await api.call('POST', '/api/v1/intents/strict/responses', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await api.db.response.count()).toBe(0);
  });
});

describe("an intent's buttons and action", () => {
  const TALK_TO_A_PERSON = { type: 'reply', label: 'Talk to a person', text: 'talk to a human' };
  const OUR_SHOP = { type: 'link', label: 'Our shop', url: 'https://shop.example/' };

  it('are created with the intent, shown with it, and replaced or removed with PATCH; each change reaches workers and is audited', async () => {
    const events = await api.listen('catalogue.changed');
    const created = await api.call('POST', '/api/v1/intents', {
      body: {
        name: 'track_parcel',
        responses: { en: ['On its way.'] },
        buttons: { en: [TALK_TO_A_PERSON], zh: [{ type: 'reply', label: '转人工' }] },
        action: 'order_lookup',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ buttons: { en: [TALK_TO_A_PERSON], zh: [{ type: 'reply', label: '转人工' }] }, action: 'order_lookup' });
    expect((await api.call('GET', '/api/v1/intents/track_parcel')).json).toMatchObject({ buttons: created.json.buttons, action: 'order_lookup' });

    // Buttons are replaced as a whole: a language left out has none; the action and description stay.
    const edited = await api.call('PATCH', '/api/v1/intents/track_parcel', { body: { buttons: { en: [OUR_SHOP, TALK_TO_A_PERSON] } } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ buttons: { en: [OUR_SHOP, TALK_TO_A_PERSON], zh: [] }, action: 'order_lookup' });
    const cleared = await api.call('PATCH', '/api/v1/intents/track_parcel', { body: { buttons: null, action: null } });
    expect(cleared.json).toMatchObject({ buttons: null, action: null });

    await vi.waitFor(() => expect(events).toHaveLength(3));
    const audited = await api.db.auditLog.findMany({ where: { target: 'track_parcel' }, orderBy: { createdAt: 'asc' } });
    expect(audited.map((entry) => [entry.action, entry.details])).toEqual([
      ['intent.create', { responses: 1 }],
      ['intent.update', { buttons: { en: [OUR_SHOP, TALK_TO_A_PERSON], zh: [] } }],
      ['intent.update', { buttons: null, action: null }],
    ]);
  });

  it('are refused with a 400 that says which button is wrong and why, changing nothing', async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'strict_buttons' } });
    const six = Array.from({ length: 6 }, (_, index) => ({ type: 'reply', label: `Choice ${index + 1}` }));
    const refusals: Array<[unknown, string]> = [
      [{ buttons: { en: [{ type: 'link', label: 'Open', url: 'javascript:alert(1)' }] } }, 'body.buttons.en.0.url: must be an http or https URL'],
      [{ buttons: { en: [{ type: 'reply', label: '   ' }] } }, 'body.buttons.en.0.label: must not be empty'],
      [{ buttons: { zh: [{ type: 'reply', label: 'x'.repeat(76) }] } }, 'body.buttons.zh.0.label: must be at most 75 characters'],
      [{ buttons: { en: [{ type: 'call', label: 'Ring us' }] } }, "body.buttons.en.0.type: Invalid discriminator value. Expected 'reply' | 'link'"],
      [{ buttons: { en: [{ type: 'reply', label: 'Hi', colour: 'red' }] } }, 'body.buttons.en.0: Unrecognized key: "colour"'],
      [{ buttons: { en: six } }, 'body.buttons.en: at most 5 buttons per language'],
      [{ buttons: { fr: [] } }, 'body.buttons: Unrecognized key: "fr"'],
      [{ action: 'Order Lookup' }, 'body.action: must start with a lowercase letter'],
      [{}, 'give description, buttons or action'],
    ];
    for (const [body, message] of refusals) {
      const response = await api.call('PATCH', '/api/v1/intents/strict_buttons', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.message, JSON.stringify(body)).toContain(message);
    }
    const refusedCreate = await api.call('POST', '/api/v1/intents', {
      body: { name: 'bad_link', buttons: { en: [{ type: 'link', label: 'Open', url: 'ftp://shop.example/' }] } },
    });
    expect(refusedCreate.status).toBe(400);
    expect(await api.db.intent.findUniqueOrThrow({ where: { name: 'strict_buttons' } })).toMatchObject({ buttons: null, action: null });
    expect(await api.db.intent.findUnique({ where: { name: 'bad_link' } })).toBeNull();
  });

  it('are described in openapi.json, where the button types are spelled out', async () => {
    const { json } = await api.call('GET', '/api/v1/openapi.json');
    const edit = json.paths['/api/v1/intents/{name}'].patch.requestBody.content['application/json'].schema;
    expect(Object.keys(edit.properties)).toEqual(expect.arrayContaining(['description', 'buttons', 'action']));
    expect(JSON.stringify(edit.properties.buttons)).toContain('"link"');
    expect(Object.keys(json.paths['/api/v1/intents'].post.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['buttons', 'action']),
    );
  });
});

describe('training phrases written for an intent', () => {
  it('adds phrases (once each), lists them, deletes one, audits each change, and deleting the intent removes them', async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'engraving' } });
    const added = await api.call('POST', '/api/v1/intents/engraving/examples', {
      body: { texts: ['can you engrave my name', 'engraving on a ring', 'engraving on a ring'] },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ added: [{ text: 'can you engrave my name', createdBy: 'admin-token' }, { text: 'engraving on a ring' }], alreadyPresent: 0 });
    const again = await api.call('POST', '/api/v1/intents/engraving/examples', { body: { texts: ['engraving on a ring'] } });
    expect(again.json).toMatchObject({ added: [], alreadyPresent: 1 });

    const listed = await api.call('GET', '/api/v1/intents/engraving/examples');
    expect(listed.json.items.map((example: { text: string }) => example.text)).toEqual(['can you engrave my name', 'engraving on a ring']);
    const deleted = await api.call('DELETE', `/api/v1/intent-examples/${listed.json.items[0].id}`);
    expect(deleted.json).toEqual({ deleted: listed.json.items[0].id });
    expect((await api.call('GET', '/api/v1/intents/engraving/examples')).json.items).toHaveLength(1);
    const audited = await api.db.auditLog.findMany({ where: { action: { startsWith: 'intent-example.' } }, orderBy: { createdAt: 'asc' } });
    expect(audited.map((entry) => [entry.action, entry.target, entry.details])).toEqual([
      ['intent-example.add', 'engraving', { added: 2, alreadyPresent: 0 }],
      ['intent-example.add', 'engraving', { added: 0, alreadyPresent: 1 }],
      ['intent-example.delete', 'engraving', { text: 'can you engrave my name' }],
    ]);

    await api.call('DELETE', '/api/v1/intents/engraving');
    expect(await api.db.intentExample.count()).toBe(0);
  });

  it("is 409 for a phrase that is another intent's, 404 for an unknown intent or example, 400 for an empty or oversized phrase, 403 for a viewer", async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'wrap' } });
    await api.call('POST', '/api/v1/intents', { body: { name: 'unwrap' } });
    await api.call('POST', '/api/v1/intents/wrap/examples', { body: { texts: ['wrap it please'] } });
    const conflict = await api.call('POST', '/api/v1/intents/unwrap/examples', { body: { texts: ['wrap it please'] } });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error.message).toBe('already an example of another intent: "wrap it please" (wrap)');

    expect((await api.call('POST', '/api/v1/intents/ghost/examples', { body: { texts: ['boo'] } })).status).toBe(404);
    expect((await api.call('GET', '/api/v1/intents/ghost/examples')).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/intent-examples/0197a000-0000-7000-8000-000000000000')).status).toBe(404);
    for (const body of [{ texts: [] }, { texts: ['  '] }, { texts: ['x'.repeat(4001)] }, { texts: 'one phrase' }, { texts: ['ok'], intent: 'wrap' }]) {
      expect((await api.call('POST', '/api/v1/intents/unwrap/examples', { body })).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'looker', role: 'viewer' } });
    expect((await api.call('POST', '/api/v1/intents/unwrap/examples', { token: viewer.json.key, body: { texts: ['hi'] } })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/intents/wrap/examples', { token: viewer.json.key })).status).toBe(200);
    expect(await api.db.intentExample.count()).toBe(1);
  });
});
