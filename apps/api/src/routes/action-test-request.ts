import { randomUUID } from 'node:crypto';
import { ACTION_PROTOCOL_VERSION, ActionRequestSchema, type ActionRequest } from '@chatbot/actions-sdk';

export interface TestRequestInput {
  action: string;
  text: string;
  language: 'en' | 'zh';
  /** Slot values as typed on the dashboard (each one's text is its value). */
  slots: Record<string, string>;
  /** The intent whose form names the action, if one does: the request then reads like that form completing. */
  form: string | null;
}

/**
 * The request the dashboard's Test button sends. It has the shape of the bot's own requests (so that
 * the action's validation and code run as they will for users), but says `test: true`, comes from a
 * conversation of its own (`test:<uuid>` on channel 'test') and carries a fresh idempotency key, so
 * that an action which does a thing once per key never takes a test for a retry of an earlier one.
 */
export function testActionRequest(input: TestRequestInput): ActionRequest {
  const now = new Date().toISOString();
  return ActionRequestSchema.parse({
    version: ACTION_PROTOCOL_VERSION,
    action: input.action,
    idempotencyKey: `test:${randomUUID()}`,
    test: true,
    conversation: { key: `test:${randomUUID()}`, channel: 'test', language: input.language },
    // Not the admin's name: it would leave the platform with every test.
    user: { id: 'test-user', displayName: 'Test user' },
    message: { id: randomUUID(), text: input.text, receivedAt: now },
    intent: { name: input.form, confidence: 1 },
    entities: [],
    slots: Object.fromEntries(Object.entries(input.slots).map(([name, value]) => [name, { value, text: value }])),
    form: input.form,
    history: [{ role: 'user', text: input.text, at: now }],
  });
}
