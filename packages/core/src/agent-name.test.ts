import { describe, expect, it } from 'vitest';
import { AgentNameSchema, OutboundMessageSchema } from './messages';

const agentReply = {
  id: '0197a000-0000-7000-8000-000000000001',
  channel: 'web',
  conversationKey: 'web:session-1',
  replyTo: null,
  text: 'Hi, this is Sam.',
  kind: 'agent',
  idempotencyKey: 'agent.0197a000-0000-7000-8000-000000000001',
  createdAt: '2026-12-08T10:00:00.000Z',
} as const;

describe("an agent's display name", () => {
  it('is one line of plain text, trimmed; markup is just characters', () => {
    expect(AgentNameSchema.parse('  Sam  ')).toBe('Sam');
    expect(AgentNameSchema.parse('<b>Sam</b>')).toBe('<b>Sam</b>');
    for (const name of ['', '   ', 'Sam\nAdmin', 'Sam\u0000', 'x'.repeat(81)]) expect(AgentNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
  });

  it("travels with an agent's reply, and only with one", () => {
    expect(OutboundMessageSchema.parse({ ...agentReply, agentName: 'Sam' }).agentName).toBe('Sam');
    expect(OutboundMessageSchema.parse(agentReply)).not.toHaveProperty('agentName');
    expect(OutboundMessageSchema.safeParse({ ...agentReply, kind: 'bot', agentName: 'Sam' }).success).toBe(false);
  });
});
