import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AdminApiHarness } from './admin-api-harness';
import { storeMessage, type StoredMessage } from './conversation-fixtures';

export interface AgentKey {
  id: string;
  key: string;
  displayName: string;
}

/** Creates an agent key (as the admin) that answers end users as `displayName`. */
export async function createAgentKey(api: AdminApiHarness, displayName: string): Promise<AgentKey> {
  const created = await api.call('POST', '/api/v1/api-keys', { body: { name: `agent-${randomUUID().slice(0, 8)}`, role: 'agent', displayName } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return { id: created.json.id, key: created.json.key, displayName };
}

/** Stores a user's message and hands its conversation to people, as the bot does when the user asks for one; returns its id. */
export async function waitingConversation(api: AdminApiHarness, message: StoredMessage = { text: 'I want to talk to a person' }): Promise<string> {
  const { conversation } = await storeMessage(api.db, message);
  const handedOff = await api.call('POST', `/api/v1/conversations/${conversation.id}/handoff`);
  expect(handedOff.status).toBe(200);
  return conversation.id;
}
