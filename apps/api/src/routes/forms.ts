import { deleteForm, getIntent, listCustomEntities, listForms, listIntents, saveForm, type StoredForm } from '@chatbot/db';
import { checkForm, FormSchema } from '@chatbot/dialogue';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { announceCatalogueChange } from '../admin/catalogue-changed';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError } from '../admin/api-error';
import { checkedBody } from '../admin/checked-body';
import { StoredFormJson } from './response-schemas';

const IntentParams = z.strictObject({ name: z.string().min(1).max(100) });

const FormBody = checkedBody(FormSchema, {
  fromPath: ['intent'],
  description:
    'The form: the slots to collect (each with an entity type and a prompt in en and zh), an optional confirmation, the completion reply. ' +
    '`intent` may be left out: the path names it. Checked with checkForm against the catalogue and the custom entities; a refusal is 400 with every problem in error.reasons.',
});

/** A stored form as the API shows it: its definition names its intent, first. */
function formView(stored: StoredForm): StoredForm {
  const { intent: _stored, ...definition } = stored.definition as Record<string, unknown>;
  return { ...stored, definition: { intent: stored.intent, ...definition } };
}

/**
 * The forms that collect what an intent needs (one per intent) before it is answered. Each save is
 * checked against the catalogue's intents and the bot's entity types; every change reaches workers at once.
 */
export function formRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const catalogueChanged = (reason: string) => announceCatalogueChange(deps, reason);
  const formOf = async (intent: string): Promise<StoredForm | undefined> => (await listForms(deps.db)).find((stored) => stored.intent === intent);

  return [
    defineRoute({
      method: 'GET',
      path: '/forms',
      summary: 'Every form, with its intent, who saved it last and when',
      response: z.object({ items: z.array(StoredFormJson) }),
      handler: async () => ({ items: (await listForms(deps.db)).map(formView) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/intents/:name/form',
      summary: "An intent's form (404 when the intent does not exist or has none)",
      params: IntentParams,
      response: StoredFormJson,
      handler: async ({ params }) => {
        await getIntent(deps.db, params.name);
        const stored = await formOf(params.name);
        if (!stored) throw new ApiError(404, `intent "${params.name}" has no form`);
        return formView(stored);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/intents/:name/form',
      summary: "Create or replace an intent's form; refused with every problem checkForm finds (unknown entity type, a missing prompt, a placeholder naming no slot ...)",
      params: IntentParams,
      body: FormBody,
      response: StoredFormJson,
      handler: async ({ params, body, principal, audit }) => {
        await getIntent(deps.db, params.name);
        const [intents, customEntities] = await Promise.all([listIntents(deps.db), listCustomEntities(deps.db)]);
        const candidate = { ...body, intent: params.name };
        const check = checkForm(candidate, {
          intents: new Set(intents.map((intent) => intent.name)),
          entityTypes: new Set(customEntities.map((entity) => entity.name)),
        });
        if (!check.ok) {
          const count = check.reasons.length === 1 ? 'a problem' : `${check.reasons.length} problems`;
          throw new ApiError(400, `the form of "${params.name}" has ${count}: ${check.reasons.join(' ')}`, check.reasons);
        }
        // Stored as written (defaults not filled in), so that reading it back shows the admin's own text.
        const stored = await saveForm(deps.db, params.name, candidate, principal.actor);
        await catalogueChanged(`form of ${params.name} saved`);
        await audit('form.save', params.name, { slots: check.form.slots.map((slot) => ({ name: slot.name, entity: slot.entity })) });
        return formView(stored);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/intents/:name/form',
      summary: "Delete an intent's form: the intent is answered straight away again (404 when it has none)",
      params: IntentParams,
      handler: async ({ params, audit }) => {
        await getIntent(deps.db, params.name);
        await deleteForm(deps.db, params.name);
        await catalogueChanged(`form of ${params.name} deleted`);
        await audit('form.delete', params.name);
        return { deleted: params.name };
      },
    }),
  ];
}
