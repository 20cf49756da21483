import { listCustomEntities } from '@chatbot/db';
import { BUILTIN_ENTITY_TYPES, CustomEntitySchema } from '@chatbot/entities';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StoredCustomEntityJson } from '../src/routes/response-schemas';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();
let viewerToken: string;

const ORDER_ID = { kind: 'regex', pattern: '\\b\\d{5,10}\\b' };
const COLOURS = {
  kind: 'lookup',
  values: [
    { value: 'red', synonyms: ['crimson', '红色'] },
    { value: 'blue', synonyms: ['navy', '蓝色'] },
  ],
};

beforeAll(async () => {
  viewerToken = (await api.call('POST', '/api/v1/api-keys', { body: { name: 'entity-reader', role: 'viewer' } })).json.key;
});

describe('custom entities', () => {
  it('saves, reads, replaces and deletes; each change is audited and announces catalogue.changed', async () => {
    const events = await api.listen('catalogue.changed');
    const auditedBefore = await api.db.auditLog.count();

    const saved = await api.call('PUT', '/api/v1/entities/order_id', { body: ORDER_ID });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toMatchObject({ name: 'order_id', updatedBy: 'admin-token', definition: { name: 'order_id', ...ORDER_ID } });
    expect(StoredCustomEntityJson.parse(saved.json)).toEqual(saved.json);
    // The path names it: a name in the body is overruled.
    expect((await api.call('PUT', '/api/v1/entities/colour', { body: { ...COLOURS, name: 'shade' } })).json.definition.name).toBe('colour');

    const listed = await api.call('GET', '/api/v1/entities');
    expect(listed.json.builtin.map((entry: { type: string }) => entry.type)).toEqual([...BUILTIN_ENTITY_TYPES]);
    for (const entry of listed.json.builtin) expect(entry.description, entry.type).toMatch(/^[A-Z].{10,200}\.$/);
    expect(listed.json.custom.map((entity: { name: string }) => entity.name)).toEqual(['colour', 'order_id']);
    expect((await api.call('GET', '/api/v1/entities/order_id')).json).toEqual(saved.json);

    const replaced = await api.call('PUT', '/api/v1/entities/order_id', { body: { ...ORDER_ID, pattern: '\\b[A-Z]{2}\\d{6}\\b', ignoreCase: true } });
    expect(replaced.json.definition).toEqual({ name: 'order_id', kind: 'regex', pattern: '\\b[A-Z]{2}\\d{6}\\b', ignoreCase: true });
    // What workers load parses as the entity.
    const stored = (await listCustomEntities(api.db)).find((entity) => entity.name === 'order_id')!;
    expect(CustomEntitySchema.parse({ ...(stored.definition as object), name: stored.name })).toMatchObject({ pattern: '\\b[A-Z]{2}\\d{6}\\b' });

    expect((await api.call('DELETE', '/api/v1/entities/colour')).json).toEqual({ deleted: 'colour' });
    expect((await api.call('GET', '/api/v1/entities/colour')).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/entities/colour')).status).toBe(404);

    await vi.waitFor(() =>
      expect(events.map((event) => event.reason)).toEqual([
        'custom entity order_id saved',
        'custom entity colour saved',
        'custom entity order_id saved',
        'custom entity colour deleted',
      ]),
    );
    const audited = await api.db.auditLog.findMany({ orderBy: { createdAt: 'asc' }, skip: auditedBefore });
    expect(audited.map((entry) => [entry.action, entry.target, entry.details])).toEqual([
      ['entity.save', 'order_id', { kind: 'regex' }],
      ['entity.save', 'colour', { kind: 'lookup' }],
      ['entity.save', 'order_id', { kind: 'regex' }],
      ['entity.delete', 'colour', null],
    ]);
  });

  it('refuses a catastrophic regex, an invalid one, a built-in or reserved name, a field it does not know, a synonym under two values', async () => {
    const events = await api.listen('catalogue.changed');
    const refusals: Array<[string, unknown, RegExp]> = [
      ['slow', { kind: 'regex', pattern: '^(a+)+$' }, /exponential time/],
      ['broken', { kind: 'regex', pattern: '(\\d{5}' }, /not a valid regular expression/],
      ['anything', { kind: 'regex', pattern: '\\d*' }, /matches the empty string/],
      ['number', ORDER_ID, /name is the name of a built-in entity type/],
      ['text', ORDER_ID, /"text" is reserved/],
      ['Order', ORDER_ID, /name must start with a lower-case letter/],
      ['typo', { ...ORDER_ID, ignorecase: true }, /a regex entity has no field ignorecase \(a typo\?\)/],
      ['kindless', { pattern: '\\d{5}' }, /kind/],
      [
        'twice',
        {
          kind: 'lookup',
          values: [
            { value: 'red', synonyms: ['dark'] },
            { value: 'blue', synonyms: ['Dark'] },
          ],
        },
        /listed under both "red" and "blue"/,
      ],
    ];
    for (const [name, body, reason] of refusals) {
      const response = await api.call('PUT', `/api/v1/entities/${name}`, { body });
      expect(response.status, name).toBe(400);
      expect(response.json.error.reasons, name).toEqual([expect.stringMatching(reason)]);
      expect(response.json.error.message, name).toContain(`the custom entity "${name}" is refused: `);
    }
    expect((await api.call('PUT', '/api/v1/entities/listy', { body: [ORDER_ID] })).status).toBe(400);
    expect((await listCustomEntities(api.db)).map((entity) => entity.name)).toEqual(['order_id']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
  });

  it('is 409 while a form uses the entity, naming the form; 404 for an unknown one; 403 for a viewer, who may read', async () => {
    await api.call('POST', '/api/v1/intents', { body: { name: 'track_parcel' } });
    await api.call('PUT', '/api/v1/entities/parcel_id', { body: { kind: 'regex', pattern: '\\bP\\d{6}\\b' } });
    const form = {
      slots: [{ name: 'parcel', entity: 'parcel_id', prompt: { en: 'Which parcel?', zh: '哪个包裹？' } }],
      done: { en: 'Tracking {parcel}.', zh: '正在查询 {parcel}。' },
    };
    expect((await api.call('PUT', '/api/v1/intents/track_parcel/form', { body: form })).status).toBe(200);

    const refused = await api.call('DELETE', '/api/v1/entities/parcel_id');
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe('the custom entity "parcel_id" is used by the form of track_parcel: change or delete that form first');

    expect((await api.call('GET', '/api/v1/entities/ghost')).json.error.message).toBe('there is no custom entity "ghost"');
    const builtin = await api.call('GET', '/api/v1/entities/number');
    expect(builtin.status).toBe(404);
    expect(builtin.json.error.message).toContain('built-in');

    expect((await api.call('GET', '/api/v1/entities/parcel_id', { token: viewerToken })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/entities', { token: viewerToken })).status).toBe(200);
    expect((await api.call('PUT', '/api/v1/entities/parcel_id', { token: viewerToken, body: ORDER_ID })).status).toBe(403);
    expect((await api.call('DELETE', '/api/v1/entities/parcel_id', { token: viewerToken })).status).toBe(403);

    // An entity may be called "test": only POST is the extractor's "try it".
    expect((await api.call('PUT', '/api/v1/entities/test', { body: ORDER_ID })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/entities/test')).json.definition).toEqual({ name: 'test', ...ORDER_ID });
    expect((await api.call('DELETE', '/api/v1/entities/test')).status).toBe(200);

    await api.call('DELETE', '/api/v1/intents/track_parcel/form');
    expect((await api.call('DELETE', '/api/v1/entities/parcel_id')).status).toBe(200);
  });
});

describe('POST /api/v1/entities/test', () => {
  it('runs the real extractor with the saved custom entities: all types, or only those asked for', async () => {
    await api.call('PUT', '/api/v1/entities/ticket', { body: { kind: 'regex', pattern: '\\bT-(\\d{4})\\b' } });
    const all = await api.call('POST', '/api/v1/entities/test', {
      body: { text: 'Ticket T-1234: email me at Ann@Example.com about 3 boxes', language: 'en' },
    });
    expect(all.status, JSON.stringify(all.json)).toBe(200);
    expect(all.json.skipped).toEqual([]);
    expect(all.json.unknownTypes).toEqual([]);
    const found = all.json.entities.map((entity: { type: string; value: unknown }) => `${entity.type}=${entity.value}`);
    expect(found).toEqual(expect.arrayContaining(['ticket=1234', 'email=ann@example.com', 'number=3']));
    expect(all.json.entities.find((entity: { type: string }) => entity.type === 'ticket')).toEqual({
      type: 'ticket',
      value: '1234',
      text: 'T-1234',
      start: 7,
      end: 13,
      extractor: 'regex',
    });

    // Only what is asked for; a viewer may try it too (it writes nothing).
    const chinese = await api.call('POST', '/api/v1/entities/test', {
      token: viewerToken,
      body: { text: '工单 T-5678，明天下午三点', language: 'zh', types: ['ticket', 'nonsense'] },
    });
    expect(chinese.status).toBe(200);
    expect(chinese.json.entities.map((entity: { type: string; value: unknown }) => `${entity.type}=${entity.value}`)).toEqual(['ticket=5678']);
    expect(chinese.json.unknownTypes).toEqual(['nonsense']);

    // Dates are read at the reference time.
    const dated = await api.call('POST', '/api/v1/entities/test', {
      body: { text: 'tomorrow please', language: 'en', types: ['datetime'], referenceTime: '2026-03-14T10:00:00Z' },
    });
    expect(dated.json.entities).toEqual([expect.objectContaining({ type: 'datetime', value: '2026-03-15' })]);

    for (const body of [
      { text: '', language: 'en' },
      { text: 'hi', language: 'fr' },
      { text: 'hi', language: 'en', types: 'ticket' },
    ]) {
      expect((await api.call('POST', '/api/v1/entities/test', { body })).status, JSON.stringify(body)).toBe(400);
    }
  }, 30_000);
});
