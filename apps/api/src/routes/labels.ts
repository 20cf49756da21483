import { labelTurns, TurnLabelSchema } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { announceCatalogueChange } from '../admin/catalogue-changed';
import { defineRoute, type AnyAdminRoute, type Audit } from '../admin/admin-route';

const CreateIntentFlag = z.boolean().default(false).describe('create intents that do not exist yet instead of answering 422');

/** Labelling user messages: an intent name, or null for "out of scope". */
export function labelRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const label = async (labels: Array<z.output<typeof TurnLabelSchema>>, createIntent: boolean, actor: string, audit: Audit) => {
    const result = await labelTurns(deps.db, { labels, createIntent, createdBy: actor });
    // A new intent joins the catalogue (with no reply texts yet): workers reload it.
    if (result.createdIntents.length > 0) {
      await announceCatalogueChange(deps, 'intent created by labelling');
    }
    await audit(labels.length === 1 ? 'label.create' : 'label.bulk-create', labels.length === 1 ? labels[0]!.turnId : null, {
      labels: labels.map(({ turnId, intent }) => ({ turnId, intent })),
      createdIntents: result.createdIntents,
    });
    return result;
  };

  return [
    defineRoute({
      method: 'POST',
      path: '/labels',
      summary: 'Label one user message with an intent, a new intent (createIntent) or out of scope (intent null)',
      body: z.strictObject({ ...TurnLabelSchema.shape, createIntent: CreateIntentFlag }),
      status: 201,
      handler: ({ body, principal, audit }) => label([{ turnId: body.turnId, intent: body.intent }], body.createIntent, principal.actor, audit),
    }),
    defineRoute({
      method: 'POST',
      path: '/labels/bulk',
      summary: 'Label many user messages at once; all or none are stored',
      body: z.strictObject({ labels: z.array(TurnLabelSchema).min(1).max(1000), createIntent: CreateIntentFlag }),
      status: 201,
      handler: ({ body, principal, audit }) => label(body.labels, body.createIntent, principal.actor, audit),
    }),
  ];
}
