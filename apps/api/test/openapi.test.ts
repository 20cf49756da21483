import { describe, expect, it } from 'vitest';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();

/**
 * Every route fastify serves under /api/v1, as "METHOD /path/{param}", read from fastify's own
 * route tree (printRoutes draws children indented by 4 characters, with their path relative to the parent).
 */
function registeredAdminRoutes(): string[] {
  const routes: string[] = [];
  const pathAtDepth: string[] = [];
  for (const line of api.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    pathAtDepth[depth] = (depth === 0 ? '' : pathAtDepth[depth - 1]) + match[2]!;
    const path = pathAtDepth[depth]!.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    if (!path.startsWith('/api/v1/') || !match[3]) continue;
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

describe('GET /api/v1/openapi.json', () => {
  it('describes every registered /api/v1 route, and nothing that is not served', async () => {
    const response = await api.call('GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json.openapi).toMatch(/^3\./);
    const described = Object.entries(response.json.paths as Record<string, object>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const registered = registeredAdminRoutes();
    expect(registered.length).toBeGreaterThan(20);
    expect(described).toEqual(registered);
  });

  it('documents request bodies, query parameters and the role each operation needs', async () => {
    const { json } = await api.call('GET', '/api/v1/openapi.json');
    const label = json.paths['/api/v1/labels'].post;
    expect(label.requestBody.content['application/json'].schema.properties).toHaveProperty('turnId');
    expect(label.description).toContain('admin');
    const list = json.paths['/api/v1/conversations'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['channel', 'intent', 'maxConfidence', 'status', 'from', 'to', 'q']),
    );
    expect(list.description).toContain('viewer');
    expect(json.paths['/api/v1/conversations/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it("describes the forms and entities routes: bodies with the checkers' own fields, what the conversation view returns", async () => {
    const { json } = await api.call('GET', '/api/v1/openapi.json');
    for (const [path, methods] of Object.entries({
      '/api/v1/forms': ['get'],
      '/api/v1/intents/{name}/form': ['get', 'put', 'delete'],
      '/api/v1/entities': ['get'],
      '/api/v1/entities/{name}': ['get', 'put', 'delete'],
      '/api/v1/entities/test': ['post'],
    })) {
      expect(Object.keys(json.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    const putForm = json.paths['/api/v1/intents/{name}/form'].put;
    expect(putForm.description).toContain('admin');
    const formBody = putForm.requestBody.content['application/json'].schema;
    expect(Object.keys(formBody.properties)).toEqual(expect.arrayContaining(['intent', 'slots', 'confirm', 'done']));
    expect(formBody.required).toEqual(expect.arrayContaining(['slots', 'done']));
    expect(formBody.required).not.toContain('intent'); // the path names it
    const entityBody = json.paths['/api/v1/entities/{name}'].put.requestBody.content['application/json'].schema;
    expect(entityBody.oneOf.map((option: { properties: { kind: { enum: string[] } } }) => option.properties.kind.enum)).toEqual([['regex'], ['lookup']]);
    expect(entityBody.oneOf.every((option: { required: string[] }) => !option.required.includes('name'))).toBe(true);
    expect(json.paths['/api/v1/entities/test'].post.description).toContain('viewer');
    expect(json.components.schemas.Error.properties.error.properties).toHaveProperty('reasons');

    const conversation = json.paths['/api/v1/conversations/{id}'].get.responses['200'].content['application/json'].schema;
    expect(conversation.properties.dialogueState.properties).toHaveProperty('slots');
    expect(conversation.properties.dialogueState.properties).toHaveProperty('form');
    expect(conversation.properties.turns.items.properties).toHaveProperty('entities');
    expect(conversation.properties.turns.items.properties).toHaveProperty('dialogueEvents');
    const review = json.paths['/api/v1/review-queue'].get.responses['200'].content['application/json'].schema;
    expect(review.properties.items.items.properties).toHaveProperty('entities');
  });

  it('describes the actions routes, with the secret write-only, and carries the action contract (request and response) as components', async () => {
    const { json } = await api.call('GET', '/api/v1/openapi.json');
    for (const [path, methods] of Object.entries({
      '/api/v1/actions': ['get'],
      '/api/v1/actions/{name}': ['get', 'put', 'delete'],
      '/api/v1/actions/{name}/test': ['post'],
    })) {
      expect(Object.keys(json.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    const put = json.paths['/api/v1/actions/{name}'].put;
    expect(put.description).toContain('admin');
    const body = put.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['url', 'secret', 'timeoutMs', 'interimAfterMs', 'retries', 'repeatOnRetry', 'allowPrivateNetwork']),
    );
    expect(body.required).toEqual(['url']); // the secret only when creating; the name from the path
    expect(body.properties.timeoutMs.default).toBe(8000);
    const shown = put.responses['200'].content['application/json'].schema;
    expect(shown.properties).toHaveProperty('secretSet');
    expect(shown.properties).not.toHaveProperty('secret');

    // The Test button's body may be left out; its answer holds the request sent and what came back.
    const test = json.paths['/api/v1/actions/{name}/test'].post;
    expect(test.requestBody.required).toBe(false);
    expect(json.paths['/api/v1/actions/{name}'].put.requestBody.required).toBe(true);
    const tested = test.responses['200'].content['application/json'].schema;
    expect(tested.properties.outcome.properties.status.enum).toEqual(['ok', 'error', 'timeout', 'circuit_open']);

    const { ActionRequest, ActionResponse } = json.components.schemas;
    expect(ActionRequest.required).toEqual(
      expect.arrayContaining(['version', 'action', 'idempotencyKey', 'test', 'conversation', 'user', 'message', 'intent', 'entities', 'slots', 'form', 'history']),
    );
    expect(ActionRequest.description).toMatch(/x-chatbot-signature.*HMAC-SHA256.*x-chatbot-timestamp.*idempotency-key/);
    expect(Object.keys(ActionResponse.properties)).toEqual(['text', 'replyKey', 'variables', 'buttons', 'slots', 'startForm', 'handoff']);
    expect(ActionResponse.properties.buttons.items.oneOf.map((button: { properties: { type: { enum: string[] } } }) => button.properties.type.enum)).toEqual([
      ['reply'],
      ['link'],
    ]);

    const conversation = json.paths['/api/v1/conversations/{id}'].get.responses['200'].content['application/json'].schema;
    expect(conversation.properties.actionCalls.items.properties).toHaveProperty('latencyMs');
    expect(conversation.properties.turns.items.properties).toHaveProperty('buttons');
  });

  it('describes the inbox routes, what the inbox answers, and who may call each', async () => {
    const { json } = await api.call('GET', '/api/v1/openapi.json');
    for (const [path, methods] of Object.entries({
      '/api/v1/inbox': ['get'],
      '/api/v1/inbox/events': ['get'],
      '/api/v1/conversations/{id}/claim': ['post'],
      '/api/v1/conversations/{id}/replies': ['post'],
      '/api/v1/conversations/{id}/release': ['post'],
      '/api/v1/conversations/{id}/close': ['post'],
      '/api/v1/conversations/{id}/notes': ['get', 'post'],
    })) {
      expect(Object.keys(json.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    const list = json.paths['/api/v1/inbox'].get;
    expect(list.description).toBe('Roles allowed: admin, viewer, agent.');
    expect(list.responses).not.toHaveProperty('403');
    const item = list.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties)).toEqual(expect.arrayContaining(['waitingSince', 'channel', 'language', 'intentGuesses', 'slots', 'claim']));
    const events = json.paths['/api/v1/inbox/events'].get;
    expect(events.description).toBe('Roles allowed: admin, viewer, agent.');
    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(events.responses).toHaveProperty('503');
    expect(json.paths['/api/v1/conversations/{id}/claim'].post.description).toBe('Roles allowed: agent.');
    expect(json.paths['/api/v1/conversations/{id}/claim'].post.responses).toHaveProperty('409');
    expect(json.paths['/api/v1/conversations/{id}/close'].post.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    expect(json.paths['/api/v1/conversations/{id}/replies'].post.description).toBe('Roles allowed: agent, admin.');
    expect(json.paths['/api/v1/conversations/{id}/handoff'].post.description).toBe('Roles allowed: admin.');
    const createKey = json.paths['/api/v1/api-keys'].post.requestBody.content['application/json'].schema;
    expect(createKey.properties.role.enum).toEqual(['admin', 'viewer', 'agent']);
    expect(createKey.properties).toHaveProperty('displayName');
  });

  it('answers unknown admin paths with a JSON 404 that points at the description', async () => {
    const response = await api.call('GET', '/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.json.error.message).toContain('openapi.json');
  });
});
