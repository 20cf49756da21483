import { ActionResponseSchema } from '@chatbot/actions-sdk';
import { ACTION_CALL_STATUSES, StoredButtonSchema, StoredEntitySchema } from '@chatbot/db';
import { z } from 'zod';

// What some routes answer, as JSON (dates are ISO strings): openapi.json describes these answers,
// and the tests check real answers against them.

const IsoDate = z.iso.datetime({ offset: true });

/** An entity found in a user message (@chatbot/entities' Entity): values are plain data, never markup. */
export const EntityJson = StoredEntitySchema.describe('An entity found in the message: its type, normalised value (unit for money), the span it was found in');

const SlotValueJson = z.object({
  value: z.union([z.string(), z.number()]),
  unit: z.string().optional(),
  text: z.string().describe('what the user wrote, verbatim'),
  turnId: z.string().nullable().describe('the user message that set it'),
  setAt: IsoDate,
});

const FormProgress = {
  intent: z.string(),
  asking: z.string().nullable().describe('the slot asked for last; null while confirming'),
  retries: z.number().int(),
  updatedAt: IsoDate.optional(),
};

/** A conversation's dialogue state (@chatbot/dialogue's DialogueState), as the worker left it. */
export const DialogueStateJson = z
  .object({
    slots: z.record(z.string(), SlotValueJson).describe('what has been collected, by slot name'),
    form: z
      .object({ ...FormProgress, confirming: z.boolean() })
      .nullable()
      .describe('the form being filled, or null'),
    paused: z.array(z.object(FormProgress)).describe('forms interrupted by another intent, resumed last first'),
  })
  .describe("The conversation's slots and active form");

const DialogueEventJson = z.looseObject({ type: z.string() }).describe('What the dialogue policy did: form_started, slot_filled, slot_rejected, form_completed, ...');

const IntentGuessJson = z.object({ intent: z.string(), score: z.number() });

const LabelJson = z.object({ intent: z.string().nullable(), createdBy: z.string(), createdAt: IsoDate });

const TurnJson = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.string().describe('user, bot, agent or system'),
  text: z.string(),
  intent: z.string().nullable(),
  confidence: z.number().nullable(),
  outOfScope: z.boolean(),
  topIntents: z.array(IntentGuessJson).nullable(),
  entities: z.array(EntityJson).nullable().describe('user messages: the entities looked for and found; null when none were looked for'),
  dialogueEvents: z.array(DialogueEventJson).nullable().describe('user messages: what the dialogue policy did; null when no form was involved'),
  replyTemplate: z
    .object({ template: z.string(), variables: z.record(z.string(), z.string()) })
    .nullable()
    .describe('replies rendered from a template with slot values'),
  buttons: z.array(StoredButtonSchema).nullable().describe('replies: the buttons sent with it (labels to click, links to open); null when none'),
  modelVersion: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  agentName: z.string().nullable().describe('agent replies: the display name of the agent who wrote it (null when sent with the admin token)'),
  nativeMessageId: z.string().nullable(),
  inboundTurnId: z.string().nullable(),
  helpful: z.boolean().nullable(),
  ratedAt: IsoDate.nullable(),
  createdAt: IsoDate,
  label: LabelJson.nullable(),
});

/** One call of an action for one user message (the row the worker keeps, see @chatbot/db's action-calls.ts). */
const ActionCallJson = z.object({
  id: z.string(),
  inboundTurnId: z.string().describe('the user message the call answers'),
  action: z.string().describe("the action's name when it was called"),
  status: z.enum(ACTION_CALL_STATUSES),
  attempts: z.number().int().describe('HTTP requests made'),
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  response: z.record(z.string(), z.unknown()).nullable().describe("the action's validated answer (ActionResponse in components.schemas)"),
  error: z.string().nullable().describe('why the call failed'),
  interimSentAt: IsoDate.nullable().describe('when the user was told to wait, if they were'),
  createdAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});

export const ConversationWithTurnsJson = z.object({
  id: z.string(),
  channel: z.string(),
  conversationKey: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  status: z.enum(['open', 'handed_off', 'closed']),
  language: z.string().nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  lastMessageAt: IsoDate,
  handedOffAt: IsoDate.nullable().describe('when it was last handed to a person'),
  claimedById: z.string().nullable().describe('while handed off: the API key of the agent who claimed it'),
  claimedAt: IsoDate.nullable(),
  closedReason: z.string().nullable().describe('while closed: why, as the agent or admin who closed it wrote'),
  dialogueState: DialogueStateJson.nullable().describe("The slots collected and the active form (null before the conversation's first form)"),
  turns: z.array(TurnJson),
  actionCalls: z.array(ActionCallJson).describe('The actions called for its messages, oldest first'),
});

/** The conversations waiting for a person (GET /inbox). */
export const InboxJson = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      userId: z.string(),
      userName: z.string().nullable(),
      language: z.string().nullable(),
      waitingSince: IsoDate.describe('when it was handed off; the list is sorted by it, longest waiting first'),
      lastMessageAt: IsoDate,
      intentGuesses: z.array(IntentGuessJson).describe("the model's best guesses for the user's newest message, best first"),
      slots: DialogueStateJson.shape.slots,
      claim: z
        .object({
          agentId: z.string().describe("the agent's API key (the session's agent.id, to tell one's own claims)"),
          agent: z.string().describe("the agent's display name"),
          at: IsoDate,
        })
        .nullable()
        .describe('who has it; null while any agent may take it'),
    }),
  ),
  total: z.number().int().describe('conversations waiting in all'),
});

/** An internal note: plain text, never sent to the end user. */
export const NoteJson = z.object({ id: z.string(), conversationId: z.string(), text: z.string(), author: z.string(), createdAt: IsoDate });

export const ReviewQueueJson = z.object({
  items: z.array(
    z.object({
      turnId: z.string(),
      conversationId: z.string(),
      channel: z.string(),
      text: z.string(),
      intent: z.string().nullable(),
      confidence: z.number().nullable(),
      outOfScope: z.boolean(),
      topIntents: z.array(IntentGuessJson),
      entities: z.array(EntityJson).nullable(),
      modelVersion: z.string().nullable(),
      createdAt: IsoDate,
      reply: z.object({ text: z.string(), kind: z.string(), helpful: z.boolean().nullable() }).nullable(),
      label: LabelJson.nullable(),
    }),
  ),
  total: z.number().int(),
});

export const StoredFormJson = z.object({
  intent: z.string(),
  definition: z.record(z.string(), z.unknown()).describe("the form as saved (@chatbot/dialogue's FormSchema), its intent included"),
  updatedBy: z.string(),
  updatedAt: IsoDate,
});

export const StoredCustomEntityJson = z.object({
  name: z.string(),
  definition: z.record(z.string(), z.unknown()).describe("the entity as saved (@chatbot/entities' CustomEntitySchema): a regex or a lookup list"),
  updatedBy: z.string(),
  updatedAt: IsoDate,
});

/** An action as the API shows it: every setting but the secret, which is write-only. */
export const StoredActionJson = z.object({
  name: z.string(),
  url: z.string(),
  timeoutMs: z.number().int(),
  interimAfterMs: z.number().int(),
  retries: z.number().int(),
  repeatOnRetry: z.boolean(),
  allowPrivateNetwork: z.boolean(),
  secretSet: z.literal(true).describe('the secret is never shown again once saved'),
  updatedBy: z.string(),
  updatedAt: IsoDate,
});

/** What @chatbot/actions' ActionCaller made of a call: the action's answer, or why there is none. */
export const ActionCallOutcomeJson = z.object({
  status: z.enum(['ok', 'error', 'timeout', 'circuit_open']),
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number(),
  requests: z.number().int().describe('HTTP requests made (retries included)'),
  response: ActionResponseSchema.optional().describe("status ok: the action's answer"),
  error: z.string().optional().describe('any other status: why'),
});
