import type { Decision, Reply } from '../decision';
import type { DialogueEntity } from '../entity';
import type { Form } from '../form-schema';
import type { DialogueLanguage } from '../language';
import { decide } from '../policy';
import { emptyDialogueState, type DialogueState } from '../state';
import { renderTemplate } from '@chatbot/core';

/**
 * A conversation with the policy, for tests that read like the chat they describe:
 *   const chat = conversation(DEFAULT_FORMS);
 *   chat.say('where is my order?', { intent: 'order_status' }).text  // "What's your order number?"
 * Entities are given as [type, text as typed, value?] and found in the message by their text.
 */

export interface Says {
  intent?: string | null;
  confidence?: number;
  outOfScope?: boolean;
  entities?: Array<[type: string, text: string, value?: string | number]>;
  language?: DialogueLanguage;
  turnId?: string;
}

export const START = new Date('2025-03-01T10:00:00.000Z');

export function conversation(forms: ReadonlyMap<string, Form>, options: { state?: DialogueState; now?: Date; confidentAt?: number } = {}) {
  let state = options.state ?? emptyDialogueState();
  let now = options.now ?? START;
  return {
    get state() {
      return state;
    },
    get now() {
      return now;
    },
    wait(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    say(text: string, says: Says = {}): Decision & { text: string | null } {
      const decision = decide({
        state,
        message: { text, language: says.language ?? (/\p{Script=Han}/u.test(text) ? 'zh' : 'en'), turnId: says.turnId },
        prediction: predictionOf(says),
        entities: entitiesIn(text, says.entities ?? []),
        forms,
        now,
        confidentAt: options.confidentAt,
      });
      state = decision.state;
      return { ...decision, text: plainText(decision.reply) };
    },
  };
}

function predictionOf(says: Says) {
  const intent = says.intent ?? null;
  return { intent, confidence: says.confidence ?? (intent ? 0.95 : 0.2), outOfScope: says.outOfScope ?? intent === null };
}

export function entitiesIn(text: string, specs: NonNullable<Says['entities']>): DialogueEntity[] {
  let from = 0;
  return specs.map(([type, typed, value]) => {
    const start = text.indexOf(typed, from);
    if (start < 0) throw new Error(`"${typed}" is not in "${text}"`);
    from = start + typed.length;
    return { type, value: value ?? (type === 'number' ? Number(typed) : typed), text: typed, start, end: start + typed.length, extractor: 'builtin' };
  });
}

/** A reply as plain text: templates rendered without escaping, catalogue replies as <intent>, actions as <action:name>, parts joined by " | ". */
export function plainText(reply: Reply | null): string | null {
  if (!reply) return null;
  if (reply.kind === 'intent') return `<${reply.intent}>`;
  if (reply.kind === 'template') return renderTemplate(reply.template, reply.variables, (value) => value);
  if (reply.kind === 'action') return `<action:${reply.action}>`;
  return reply.parts.map(plainText).join(' | ');
}

export const eventTypes = (decision: Decision) => decision.events.map((event) => event.type);
