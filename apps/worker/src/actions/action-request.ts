import { ACTION_PROTOCOL_VERSION, type ActionRequest } from '@chatbot/actions-sdk';
import type { CatalogueLanguage, InboundMessage } from '@chatbot/core';
import type { StoredEntity } from '@chatbot/db';
import type { DialogueState } from '@chatbot/dialogue';

/** How many turns of the conversation an action request carries, this message included. */
export const HISTORY_TURNS = 10;

export interface ActionRequestInput {
  action: string;
  message: InboundMessage;
  language: CatalogueLanguage;
  intent: { name: string | null; confidence: number };
  entities: readonly StoredEntity[];
  state: DialogueState;
  form: string | null;
  history: ReadonlyArray<{ kind: string; text: string; createdAt: Date }>;
}

/** The JSON an action is sent for one message (see @chatbot/actions-sdk's ActionRequestSchema). */
export function buildActionRequest(input: ActionRequestInput): ActionRequest {
  const { message } = input;
  return {
    version: ACTION_PROTOCOL_VERSION,
    action: input.action,
    // One key per message: every attempt for it, across job retries, carries the same.
    idempotencyKey: message.id,
    test: false,
    conversation: { key: message.conversationKey, channel: message.channel, language: input.language },
    user: { id: message.user.id, ...(message.user.displayName ? { displayName: message.user.displayName } : {}) },
    message: { id: message.id, text: message.text, receivedAt: message.receivedAt },
    intent: input.intent,
    entities: input.entities.map((entity) => ({ ...entity })),
    slots: Object.fromEntries(
      Object.entries(input.state.slots).map(([name, slot]) => [name, { value: slot.value, ...(slot.unit ? { unit: slot.unit } : {}), text: slot.text }]),
    ),
    form: input.form,
    history: input.history.map((turn) => ({
      role: turn.kind === 'user' ? 'user' : turn.kind === 'agent' ? 'agent' : turn.kind === 'system' ? 'system' : 'bot',
      text: turn.text,
      at: turn.createdAt.toISOString(),
    })),
  };
}
