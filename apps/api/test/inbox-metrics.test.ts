import { describe, expect, it } from 'vitest';
import { useAdminApi } from './support/admin-api-harness';
import { createAgentKey, waitingConversation } from './support/inbox-fixtures';

const api = useAdminApi();

/** One sample of the API's /metrics, by its exact name (labels and all). */
async function sample(name: string): Promise<number> {
  const response = await api.app.inject({ method: 'GET', url: '/metrics' });
  const line = response.body.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

describe('agent inbox metrics', () => {
  it('counts the conversations waiting for a person at each scrape', async () => {
    const before = await sample('chatbot_inbox_waiting');
    const first = await waitingConversation(api);
    await waitingConversation(api);
    expect(await sample('chatbot_inbox_waiting')).toBe(before + 2);

    await api.call('POST', `/api/v1/conversations/${first}/release`);
    expect(await sample('chatbot_inbox_waiting')).toBe(before + 1);
  });

  it("times an agent's first reply since the handoff, once per handoff", async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    const reply = (text: string) => api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text } });
    const count = () => sample('chatbot_agent_first_reply_seconds_count');
    const before = await count();

    expect((await reply('Hi, Sam here.')).status).toBe(201);
    expect(await count()).toBe(before + 1);
    expect(await sample('chatbot_agent_first_reply_seconds_bucket{le="+Inf"}')).toBe(before + 1);
    expect((await reply('Still there?')).status).toBe(201);
    expect(await count()).toBe(before + 1);

    // Given back to the bot and handed off again: the next first reply is timed again.
    await api.call('POST', `/api/v1/conversations/${id}/release`, { token: sam.key });
    await api.call('POST', `/api/v1/conversations/${id}/handoff`);
    expect((await reply('Back again.')).status).toBe(201);
    expect(await count()).toBe(before + 2);
  });
});
