import {
  addIntentExamples,
  AddIntentExamplesSchema,
  addResponse,
  CatalogueLanguageSchema,
  createIntent,
  CreateIntentSchema,
  CreateResponseSchema,
  deleteIntent,
  deleteIntentExample,
  deleteResponse,
  getIntent,
  listIntentExamples,
  listIntents,
  updateIntent,
  UpdateIntentSchema,
  updateResponse,
  UpdateResponseSchema,
} from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { announceCatalogueChange } from '../admin/catalogue-changed';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';

const IntentParams = z.strictObject({ name: z.string().min(1).max(100) });
const IdParams = z.strictObject({ id: z.string().min(1) });

/**
 * The reply catalogue: intents with their reply texts per language, the buttons under their reply
 * and the action that answers them (every change reaches workers at once), and the training phrases
 * admins write for intents (used from the next training run).
 */
export function intentRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const catalogueChanged = (reason: string) => announceCatalogueChange(deps, reason);

  return [
    defineRoute({
      method: 'GET',
      path: '/intents',
      summary: 'List intents with their reply texts (only those of one language when given), buttons and action',
      query: z.strictObject({ language: CatalogueLanguageSchema.optional() }),
      handler: async ({ query }) => ({ items: await listIntents(deps.db, query) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/intents',
      summary: 'Create an intent, optionally with reply texts and buttons per language and an action',
      body: CreateIntentSchema.strict(),
      status: 201,
      handler: async ({ body, audit }) => {
        const intent = await createIntent(deps.db, body);
        await catalogueChanged(`intent ${intent.name} created`);
        await audit('intent.create', intent.name, { responses: intent.responses.length });
        return intent;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/intents/:name',
      summary: 'One intent with all its reply texts, its buttons and its action',
      params: IntentParams,
      handler: ({ params }) => getIntent(deps.db, params.name),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/intents/:name',
      summary:
        "Edit an intent's description, buttons (replacing all of them: a language left out has none) or action (null: none; an action that is not configured leaves the reply to answer). Names are fixed: labels and models refer to them",
      params: IntentParams,
      body: UpdateIntentSchema.strict(),
      handler: async ({ params, body, audit }) => {
        const intent = await updateIntent(deps.db, params.name, body);
        await catalogueChanged(`intent ${intent.name} edited`);
        await audit('intent.update', intent.name, body);
        return intent;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/intents/:name',
      summary: 'Delete an intent, its reply texts and its written training phrases (labels that name it are kept)',
      params: IntentParams,
      handler: async ({ params, audit }) => {
        await deleteIntent(deps.db, params.name);
        await catalogueChanged(`intent ${params.name} deleted`);
        await audit('intent.delete', params.name);
        return { deleted: params.name };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/intents/:name/responses',
      summary: 'Add a reply text in one language to an intent',
      params: IntentParams,
      body: CreateResponseSchema.strict(),
      status: 201,
      handler: async ({ params, body, audit }) => {
        const response = await addResponse(deps.db, params.name, body);
        await catalogueChanged(`response added to ${params.name}`);
        await audit('response.create', response.id, { intent: params.name, language: response.language, text: response.text });
        return response;
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/responses/:id',
      summary: 'Edit a reply text or its position',
      params: IdParams,
      body: UpdateResponseSchema,
      handler: async ({ params, body, audit }) => {
        const response = await updateResponse(deps.db, params.id, body);
        await catalogueChanged(`response ${response.id} edited`);
        await audit('response.update', response.id, body);
        return response;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/responses/:id',
      summary: 'Delete a reply text',
      params: IdParams,
      handler: async ({ params, audit }) => {
        const response = await deleteResponse(deps.db, params.id);
        await catalogueChanged(`response ${response.id} deleted`);
        await audit('response.delete', response.id, { language: response.language, text: response.text });
        return { deleted: response.id };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/intents/:name/examples',
      summary: "An intent's training phrases written by admins, oldest first",
      params: IntentParams,
      handler: async ({ params }) => ({ items: await listIntentExamples(deps.db, params.name) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/intents/:name/examples',
      summary: "Add training phrases to an intent (409 when one is another intent's); the next training run learns them",
      params: IntentParams,
      body: z.strictObject({ texts: AddIntentExamplesSchema.shape.texts }),
      status: 201,
      handler: async ({ params, body, principal, audit }) => {
        const result = await addIntentExamples(deps.db, params.name, { texts: body.texts, createdBy: principal.actor });
        await audit('intent-example.add', params.name, { added: result.added.length, alreadyPresent: result.alreadyPresent });
        return result;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/intent-examples/:id',
      summary: 'Delete a training phrase',
      params: IdParams,
      handler: async ({ params, audit }) => {
        const example = await deleteIntentExample(deps.db, params.id);
        await audit('intent-example.delete', example.intent, { text: example.text });
        return { deleted: example.id };
      },
    }),
  ];
}
