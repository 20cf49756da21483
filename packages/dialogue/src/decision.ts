import type { DialogueEntity } from './entity';
import type { Form } from './form-schema';
import type { DialogueLanguage } from './language';
import type { RejectionCode } from './slot-filling';
import type { DialogueState } from './state';

/** What the policy is given for one inbound message. */
export interface DecideInput {
  state: DialogueState;
  message: {
    text: string;
    language: DialogueLanguage;
    /** The inbound turn's id, recorded with the slots it fills (null when the worker does not know it yet). */
    turnId?: string | null;
  };
  prediction: { intent: string | null; confidence: number; outOfScope: boolean };
  /** The entities found in the message (only the types slotsForEntityExtraction asked for are needed). */
  entities: readonly DialogueEntity[];
  /** The bot's forms, by the intent that starts each. */
  forms: ReadonlyMap<string, Form>;
  now: Date;
  /** Confidence at or above which another intent interrupts a form (and a `cancel` intent cancels it); default 0.7. */
  confidentAt?: number;
  /** The intent of a user asking for a person: during a form it hands off at once, with the slots; default 'talk_to_human'. */
  handoffIntent?: string;
}

/**
 * A reply to send. Templates are not substituted: `variables` holds the raw values and each channel
 * renders with renderTemplate and its own escape.
 */
export type Reply =
  /** The intent's catalogue reply, chosen by the worker as before. */
  | { kind: 'intent'; intent: string }
  | { kind: 'template'; template: string; variables: Record<string, string> }
  /**
   * The answer of an action (fulfilment webhook), which the worker calls after the turn is stored;
   * `fallback` is said instead when the action is not configured.
   */
  | { kind: 'action'; action: string; form: string | null; fallback: { template: string; variables: Record<string, string> } }
  /** Several replies in order (e.g. an interrupting intent's answer, then the form's question again); never nested. */
  | { kind: 'sequence'; parts: Array<Exclude<Reply, { kind: 'sequence' }>> };

export type SlotValues = Record<string, string | number>;

/** What happened, for the turn's stored events and analytics. */
export type DialogueEvent =
  | { type: 'form_started'; intent: string }
  | { type: 'slot_filled'; intent: string; slot: string; value: string | number }
  | { type: 'slot_reused'; intent: string; slot: string; value: string | number }
  | { type: 'slot_rejected'; intent: string; slot: string; reason: RejectionCode; value?: string | number }
  | { type: 'slot_expired'; slot: string }
  | { type: 'confirmation_requested'; intent: string }
  | { type: 'confirmation_accepted'; intent: string }
  | { type: 'confirmation_denied'; intent: string }
  | { type: 'confirmation_unclear'; intent: string }
  | { type: 'form_cancelled'; intent: string }
  | { type: 'form_interrupted'; intent: string; by: string; resumes: boolean }
  | { type: 'form_resumed'; intent: string }
  | { type: 'form_completed'; intent: string; slots: SlotValues }
  | { type: 'action_requested'; intent: string; action: string }
  | { type: 'form_dropped'; intent: string; reason: 'expired' | 'form_removed' }
  | { type: 'retry_limit'; intent: string; slot: string | null; outcome: 'handoff' | 'fallback' }
  | { type: 'handoff_requested'; intent: string; slots: SlotValues };

export interface Decision {
  /** The new state, to store with the turns. */
  state: DialogueState;
  /** What to answer; null when the bot hands off (the worker sends its handoff notice). */
  reply: Reply | null;
  /** Hand the conversation to a person now; `state.slots` is what was collected for them. */
  handoff: boolean;
  /**
   * True when the policy owns this turn (a form was involved): send `reply`, or hand off. False when
   * no form was involved: do what the worker did before (catalogue reply, its own handoff rules);
   * `reply` is then that intent's catalogue reply, for convenience.
   */
  handled: boolean;
  events: DialogueEvent[];
}
