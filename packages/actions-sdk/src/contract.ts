import { z } from 'zod';

/**
 * What the platform POSTs to an action, and what the action may answer. The platform validates every
 * answer against ActionResponseSchema; the OpenAPI document of the admin API carries both as JSON Schema.
 */

export const ACTION_PROTOCOL_VERSION = 1;

/** Most buttons one reply carries (Slack and Discord put five on a row; two rows read well in a chat). */
export const MAX_BUTTONS = 10;
/** Slack cuts a button's text at 75 characters. */
export const MAX_BUTTON_LABEL_LENGTH = 75;
/** Discord refuses link buttons with a longer URL. */
export const MAX_BUTTON_URL_LENGTH = 512;
/** The longest reply text an action may give (the platform's message limit). */
export const MAX_ACTION_TEXT_LENGTH = 4000;

/** How slots and actions are named: `order_id`, `order_status`. */
const IdentifierSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must start with a lowercase letter and hold only a-z, 0-9 and _ (at most 40 characters)');
/** An action's name, as admins configure it and as forms and intents name it. */
export const ActionNameSchema = IdentifierSchema;

const LanguageSchema = z.enum(['en', 'zh']);
const SlotNameSchema = IdentifierSchema;
const ScalarSchema = z.union([z.string().max(2000), z.number().finite()]);

export const EntitySchema = z.object({
  type: z.string(),
  value: z.union([z.string(), z.number()]),
  unit: z.string().optional(),
  text: z.string(),
  start: z.int(),
  end: z.int(),
  extractor: z.string(),
});

export const SlotSchema = z.object({
  value: z.union([z.string(), z.number()]),
  unit: z.string().optional(),
  /** What the user typed for it. */
  text: z.string(),
});

export const HistoryTurnSchema = z.object({
  role: z.enum(['user', 'bot', 'agent', 'system']),
  text: z.string(),
  at: z.iso.datetime({ offset: true }),
});

export const ActionRequestSchema = z.object({
  version: z.literal(ACTION_PROTOCOL_VERSION),
  /** The action's name as configured in the platform. */
  action: z.string(),
  /**
   * The same for every attempt the platform makes for one message (also sent as the Idempotency-Key
   * header): an action that changes something (cancels an order) should do it once per key.
   */
  idempotencyKey: z.string(),
  /** True when this is the test call from the dashboard's Test button: change nothing. */
  test: z.boolean(),
  conversation: z.object({ key: z.string(), channel: z.string(), language: LanguageSchema }),
  user: z.object({ id: z.string(), displayName: z.string().optional() }),
  message: z.object({ id: z.string(), text: z.string(), receivedAt: z.iso.datetime({ offset: true }) }),
  intent: z.object({ name: z.string().nullable(), confidence: z.number() }),
  /** The entities found in this message (only the types a form needed). */
  entities: z.array(EntitySchema),
  /** Every slot the conversation holds, collected by forms (`order_id`, `email` ...). */
  slots: z.record(z.string(), SlotSchema),
  /** The intent whose form just completed and named this action, or null when the intent named it. */
  form: z.string().nullable(),
  /** The conversation's last turns, oldest first, ending with this message. */
  history: z.array(HistoryTurnSchema),
});
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

const ButtonLabelSchema = z.string().trim().min(1, 'must not be empty').max(MAX_BUTTON_LABEL_LENGTH, `must be at most ${MAX_BUTTON_LABEL_LENGTH} characters`);

/** A button: one that sends its text as the user's next message, or one that opens a link. */
export const ButtonSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('reply'),
    label: ButtonLabelSchema,
    /** What the click sends as the user's message; the label when absent. */
    text: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  }),
  z.strictObject({
    type: z.literal('link'),
    label: ButtonLabelSchema,
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(MAX_BUTTON_URL_LENGTH),
  }),
]);
export type Button = z.infer<typeof ButtonSchema>;

export const ActionResponseSchema = z
  .strictObject({
    /** The reply, as plain text (the platform escapes it for each channel); `{name}` takes a value from `variables`. */
    text: z.string().trim().min(1).max(MAX_ACTION_TEXT_LENGTH).optional(),
    /** Or: the catalogue reply of this intent, in the conversation's language. */
    replyKey: z.string().trim().min(1).max(100).optional(),
    /** Values for `{name}` placeholders in `text` or in the catalogue reply. */
    variables: z.record(SlotNameSchema, ScalarSchema).optional(),
    buttons: z.array(ButtonSchema).max(MAX_BUTTONS).optional(),
    /** Slots to set (a value) or clear (null) in the conversation. */
    slots: z.record(SlotNameSchema, ScalarSchema.nullable()).optional(),
    /** An intent whose form to start next (asking for what it needs). */
    startForm: z.string().trim().min(1).max(100).optional(),
    /** Hand the conversation to a person (after the reply, if there is one). */
    handoff: z.boolean().optional(),
  })
  .refine((response) => !(response.text !== undefined && response.replyKey !== undefined), 'give text or replyKey, not both');
export type ActionResponse = z.infer<typeof ActionResponseSchema>;
