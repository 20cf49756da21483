import { ActionCaller, ActionConfigSchema, ActionNameSchema, checkActionAddress, MIN_SECRET_LENGTH } from '@chatbot/actions';
import { ActionRequestSchema, ActionResponseSchema, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@chatbot/actions-sdk';
import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { deleteAction, getAction, listActions, listForms, saveAction, type StoredAction } from '@chatbot/db';
import { SLOT_NAME } from '@chatbot/dialogue';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { announceCatalogueChange } from '../admin/catalogue-changed';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError, describeZodError } from '../admin/api-error';
import type { ContractSchemas } from '../admin/openapi';
import { testActionRequest } from './action-test-request';
import { ActionCallOutcomeJson, StoredActionJson } from './response-schemas';

const ActionParams = z.strictObject({ name: ActionNameSchema });

// ActionConfigSchema's own fields (the schema cannot be .omit()ted: it has a rule across fields), less
// the name, which the path gives, and with the secret optional: an update without one keeps the stored one.
const { name: _name, secret: SecretSchema, ...settingFields } = ActionConfigSchema.shape;
const ActionBody = z.strictObject({
  name: z.string().optional().describe('may be left out: the path names the action (and wins)'),
  ...settingFields,
  secret: SecretSchema.optional().describe(
    `signs every request (HMAC-SHA256); at least ${MIN_SECRET_LENGTH} characters; required when creating, kept when left out of an update; never shown again`,
  ),
});
type ActionBody = z.output<typeof ActionBody>;

const TestBody = z
  .strictObject({
    text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH).optional().describe("the user's message; a sentence saying it is a test when left out"),
    language: z.enum(['en', 'zh']).optional().describe('en when left out'),
    slots: z
      .record(z.string().regex(SLOT_NAME, 'slot names start with a lowercase letter and hold only a-z, 0-9 and _'), z.string().max(2000))
      .optional()
      .describe('slot values the request carries, by slot name'),
  })
  .optional();

const TEST_TEXT = 'This is a test from the admin dashboard.';

/**
 * The action contract (@chatbot/actions-sdk) in openapi.json's components, although no admin route
 * takes or gives it: a business reads there what its action server receives and must answer.
 */
export const ACTION_CONTRACT_SCHEMAS: ContractSchemas = {
  ActionRequest: {
    schema: ActionRequestSchema,
    io: 'output',
    description:
      `What the platform POSTs to an action's URL (JSON). Signed: ${SIGNATURE_HEADER} is "v1=" and the hex HMAC-SHA256, keyed with the action's secret, ` +
      `of "<${TIMESTAMP_HEADER}>.<raw body>"; refuse a timestamp far from your clock. ${IDEMPOTENCY_HEADER} repeats idempotencyKey.`,
  },
  ActionResponse: {
    schema: ActionResponseSchema,
    io: 'input',
    description: 'What an action answers (HTTP 200, JSON): the reply (text, or a catalogue replyKey), buttons, slots to set, a form to start, a handoff.',
  },
};

/** An action as the API shows it. An allow-list, so that neither the secret nor a column added later is shown by mistake. */
function actionView(stored: StoredAction): z.output<typeof StoredActionJson> {
  const { name, url, timeoutMs, interimAfterMs, retries, repeatOnRetry, allowPrivateNetwork, updatedBy, updatedAt } = stored;
  return { name, url, timeoutMs, interimAfterMs, retries, repeatOnRetry, allowPrivateNetwork, secretSet: true, updatedBy, updatedAt: updatedAt.toISOString() };
}

/**
 * The whole config through ActionConfigSchema, for its rules across fields (interimAfterMs below
 * timeoutMs); the stored secret stands in for one the update leaves out, and is not returned.
 */
function checkConfig(name: string, body: ActionBody, stored: StoredAction | null) {
  const secret = body.secret ?? stored?.secret;
  if (secret === undefined)
    throw new ApiError(400, `body.secret: action "${name}" is new, so it needs a secret (at least ${MIN_SECRET_LENGTH} characters) to sign its requests with`);
  const parsed = ActionConfigSchema.safeParse({ ...body, secret, name });
  if (!parsed.success) throw new ApiError(400, describeZodError('body', parsed.error));
  const { secret: _secret, ...settings } = parsed.data;
  return settings;
}

/**
 * Actions: the webhooks the bot calls when a form completes (fulfilment, as Rasa's action server or
 * Dialogflow's), with a Test button's call. A URL that reaches a private address is refused unless
 * the action allows it (no SSRF through the bot); the secret is write-only. Every change reaches workers at once.
 */
export function actionRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const catalogueChanged = (reason: string) => announceCatalogueChange(deps, reason);
  const findAction = async (name: string): Promise<StoredAction> => {
    const stored = await getAction(deps.db, name);
    if (!stored) throw new ApiError(404, `there is no action "${name}"`);
    return stored;
  };
  const formsNaming = async (action: string): Promise<string[]> =>
    (await listForms(deps.db)).filter((form) => (form.definition as { action?: unknown } | null)?.action === action).map((form) => form.intent);

  return [
    defineRoute({
      method: 'GET',
      path: '/actions',
      summary: 'Every action, with its settings (the secret only as secretSet), who saved it last and when',
      response: z.object({ items: z.array(StoredActionJson) }),
      handler: async () => ({ items: (await listActions(deps.db)).map(actionView) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/actions/:name',
      summary: 'One action (the secret only as secretSet)',
      params: ActionParams,
      response: StoredActionJson,
      handler: async ({ params }) => actionView(await findAction(params.name)),
    }),
    defineRoute({
      method: 'PUT',
      path: '/actions/:name',
      summary:
        'Create or replace an action; the secret is required when creating and kept when an update leaves it out. A URL that resolves to a private, loopback or link-local address is refused unless allowPrivateNetwork is true',
      params: ActionParams,
      body: ActionBody,
      response: StoredActionJson,
      handler: async ({ params, body, principal, audit }) => {
        const settings = checkConfig(params.name, body, await getAction(deps.db, params.name));
        const address = await checkActionAddress(settings.url, settings.allowPrivateNetwork);
        if (!address.ok) throw new ApiError(400, `body.url: ${address.reason}`);
        const stored = await saveAction(deps.db, { ...settings, secret: body.secret }, principal.actor);
        await catalogueChanged(`action ${params.name} saved`);
        const { name: _named, ...audited } = settings;
        await audit('action.save', params.name, { ...audited, secret: body.secret === undefined ? 'kept' : 'set' });
        return actionView(stored);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/actions/:name',
      summary: 'Delete an action: a form that names it answers with its own completion reply (done) again',
      params: ActionParams,
      handler: async ({ params, audit }) => {
        await deleteAction(deps.db, params.name);
        await catalogueChanged(`action ${params.name} deleted`);
        await audit('action.delete', params.name);
        return { deleted: params.name };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/actions/:name/test',
      summary:
        "Call an action once with a sample request (test: true) and show what came back: the dashboard's Test button. The circuit breaker is left out, so a failing action shows its own error",
      params: ActionParams,
      body: TestBody,
      response: z.object({ request: ActionRequestSchema, outcome: ActionCallOutcomeJson }),
      handler: async ({ params, body, audit }) => {
        const stored = await findAction(params.name);
        const request = testActionRequest({
          action: stored.name,
          text: body?.text ?? TEST_TEXT,
          language: body?.language ?? 'en',
          slots: body?.slots ?? {},
          form: (await formsNaming(stored.name))[0] ?? null,
        });
        // A stored action is a whole ActionConfig (checked when saved), its secret included.
        const outcome = await new ActionCaller().call(stored, request, { bypassBreaker: true });
        // Audited: it sends a request signed with the action's secret out of the platform.
        await audit('action.test', stored.name, { status: outcome.status, httpStatus: outcome.httpStatus });
        return { request, outcome };
      },
    }),
  ];
}
