import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/dashboard/admin-session';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';
import { createAgentKey, type AgentKey } from './support/inbox-fixtures';

const api = useAdminApi();
let agent: AgentKey;
let conversationId: string;

beforeAll(async () => {
  agent = await createAgentKey(api, 'Sam');
  conversationId = (await storeMessage(api.db, { text: 'where is my order' })).conversation.id;
});

/** Everything an agent key may call: the inbox, and reading and working conversations. */
const AGENT_ROUTES = [
  'GET /api/v1/inbox',
  'GET /api/v1/inbox/events',
  'GET /api/v1/conversations',
  'GET /api/v1/conversations/{id}',
  'POST /api/v1/conversations/{id}/claim',
  'POST /api/v1/conversations/{id}/replies',
  'POST /api/v1/conversations/{id}/release',
  'POST /api/v1/conversations/{id}/close',
  'GET /api/v1/conversations/{id}/notes',
  'POST /api/v1/conversations/{id}/notes',
];

/** Every operation openapi.json describes, as "METHOD /path/{param}". */
async function describedRoutes(): Promise<string[]> {
  const { json } = await api.call('GET', '/api/v1/openapi.json');
  return Object.entries(json.paths as Record<string, object>).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}

describe('an agent key', () => {
  it('reads conversations', async () => {
    expect((await api.call('GET', '/api/v1/conversations', { token: agent.key })).status).toBe(200);
    const conversation = await api.call('GET', `/api/v1/conversations/${conversationId}`, { token: agent.key });
    expect(conversation.status).toBe(200);
    expect(conversation.json.turns).toHaveLength(2);
  });

  it.each([
    ['start a training run', 'POST', '/api/v1/training-runs', {}],
    ['promote a model version', 'POST', '/api/v1/model-versions/v-test/promote', undefined],
    ['roll the model back', 'POST', '/api/v1/model-versions/rollback', undefined],
    ["delete an end user's data", 'DELETE', '/api/v1/end-users/web/anyone', undefined],
    ['create a key', 'POST', '/api/v1/api-keys', { name: 'escalate', role: 'admin' }],
    ['list the keys', 'GET', '/api/v1/api-keys', undefined],
    ['edit the catalogue', 'POST', '/api/v1/intents', { name: 'by_agent' }],
    ['hand a conversation off', 'POST', `/api/v1/conversations/{id}/handoff`, undefined],
  ] as const)('may not %s (403, nothing changed)', async (_action, method, url, body) => {
    const auditBefore = await api.db.auditLog.count();
    const response = await api.call(method, url.replace('{id}', conversationId), { token: agent.key, body });
    expect(response.status).toBe(403);
    expect(response.json.error).toEqual({ code: 'forbidden', message: expect.stringMatching(/^".+" is an agent; this needs an? .+ key$/) });
    expect(await api.db.auditLog.count()).toBe(auditBefore);
    expect(await api.db.apiKey.count({ where: { name: 'escalate' } })).toBe(0);
    expect(await api.db.trainingRun.count()).toBe(0);
  });

  it('gets 403 from every other admin route', async () => {
    const routes = await describedRoutes();
    expect(routes).toEqual(expect.arrayContaining(AGENT_ROUTES));
    const others = routes.filter((route) => !AGENT_ROUTES.includes(route));
    expect(others.length).toBeGreaterThan(30);
    for (const route of others) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      // The role is checked before the path or body is looked at: any value will do.
      const response = await api.call(method, path.replace(/\{[^}]+\}/g, 'x'), { token: agent.key, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(response.status, route).toBe(403);
    }
  });

  it("may not look into the queue board, whose jobs hold everyone's messages", async () => {
    const session = await api.app.inject({ method: 'POST', url: '/admin/session', headers: { authorization: `Bearer ${agent.key}` } });
    expect(session.json()).toEqual({ actor: expect.stringMatching(/^agent-/), role: 'agent', agent: { id: agent.id, displayName: 'Sam' } });
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie } })).statusCode).toBe(403);
  });
});

describe('a viewer key', () => {
  it('reads the inbox and the notes as before, but works no conversation (403)', async () => {
    const viewer = (await api.call('POST', '/api/v1/api-keys', { body: { name: 'watcher', role: 'viewer' } })).json.key as string;
    expect((await api.call('GET', '/api/v1/inbox', { token: viewer })).status).toBe(200);
    expect((await api.call('GET', `/api/v1/conversations/${conversationId}/notes`, { token: viewer })).status).toBe(200);
    for (const path of ['claim', 'replies', 'release', 'close', 'notes']) {
      const response = await api.call('POST', `/api/v1/conversations/${conversationId}/${path}`, { token: viewer, body: { text: 'x', reason: 'x' } });
      expect(response.status, path).toBe(403);
    }
  });
});
