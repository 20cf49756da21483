import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { deleteCustomEntity, listCustomEntities, listForms, saveCustomEntity, type StoredCustomEntity } from '@chatbot/db';
import { FREE_TEXT } from '@chatbot/dialogue';
import {
  BUILTIN_ENTITY_TYPES,
  checkCustomEntity,
  CustomEntitySchema,
  EntityExtractor,
  isBuiltinEntityType,
  type BuiltinEntityType,
  type CustomEntity,
  type CheckResult,
} from '@chatbot/entities';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { announceCatalogueChange } from '../admin/catalogue-changed';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { READERS } from '../admin/auth';
import { ApiError } from '../admin/api-error';
import { checkedBody } from '../admin/checked-body';
import { EntityJson, StoredCustomEntityJson } from './response-schemas';

/** What each built-in type finds, and the value it gives (English and Chinese alike). */
export const BUILTIN_ENTITY_DESCRIPTIONS: Record<BuiltinEntityType, string> = {
  number: 'A number, in digits or words ("three", "三"): the value is the number.',
  ordinal: 'A position ("2nd", "第二"): the value is the number.',
  money: 'An amount of money ("$20", "45 euros", "二十元"): the value is the amount, the unit its ISO 4217 currency code.',
  datetime: 'A date, time or range ("tomorrow at 3pm", "下周五"): the value is ISO 8601 in the bot\'s time zone (BOT_TIME_ZONE).',
  duration: 'A length of time ("2 hours", "半个小时"): the value is in seconds.',
  email: 'An email address: the value is the address in lower case.',
  phone: 'A phone number: the value is its digits, with a leading + when given.',
  url: 'A web address: the value is the URL as written.',
};

/** Even an unhurried "try it" is bounded; the worker's own budget per message is @chatbot/entities' DEFAULT_BUDGET_MS. */
const TRY_BUDGET_MS = 2000;

const EntityParams = z.strictObject({ name: z.string().min(1).max(100) });

const EntityBody = checkedBody(CustomEntitySchema, {
  fromPath: ['name'],
  description:
    'A custom entity: a regular expression ({kind: "regex", pattern, ignoreCase?}; the value is the match, or its first capture group) or a lookup list ' +
    '({kind: "lookup", values: [{value, synonyms}]}). `name` may be left out: the path names it. A pattern that could backtrack catastrophically is refused (400, with the reason).',
});

const TryBody = z.strictObject({
  text: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  language: z.enum(['en', 'zh']),
  /** Built-in types and custom entity names; every one of them when left out. */
  types: z.array(z.string().min(1).max(100)).max(100).optional().describe('the types to look for (built-in and custom names); all of them when left out'),
  /** What "tomorrow" means; now when left out. */
  referenceTime: z.iso.datetime({ offset: true }).optional(),
});

/**
 * checkCustomEntity, and two things its schema lets through: a field it does not know (a typo such as
 * "ignorecase" would silently be dropped) and the name "text", which form slots use for the message's
 * own text, so an entity of that name could never be asked for.
 */
function checkEntity(candidate: Record<string, unknown>): CheckResult {
  if (candidate.name === FREE_TEXT) return { ok: false, reason: `name "${FREE_TEXT}" is reserved: a form slot of entity "${FREE_TEXT}" takes the message's own text` };
  const option = CustomEntitySchema.options.find((schema) => schema.shape.kind.value === candidate.kind);
  const unknown = option ? Object.keys(candidate).filter((key) => !Object.hasOwn(option.shape, key)) : [];
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `a ${String(candidate.kind)} entity has no field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (a typo?); it has: ${Object.keys(option!.shape).join(', ')}`,
    };
  }
  return checkCustomEntity(candidate as unknown as CustomEntity);
}

/** The names of the forms (their intents) with a slot of this entity type. */
async function formsUsing(deps: AdminDeps, entity: string): Promise<string[]> {
  const slotEntities = (definition: unknown): unknown[] => {
    const slots = (definition as { slots?: unknown } | null)?.slots;
    return Array.isArray(slots) ? slots.map((slot: { entity?: unknown } | null) => slot?.entity) : [];
  };
  return (await listForms(deps.db)).filter((form) => slotEntities(form.definition).includes(entity)).map((form) => form.intent);
}

function entityView(stored: StoredCustomEntity): StoredCustomEntity {
  const { name: _stored, ...definition } = stored.definition as Record<string, unknown>;
  return { ...stored, definition: { name: stored.name, ...definition } };
}

/**
 * The entity types forms collect: the built-ins (read-only) and the bot's custom entities (regular
 * expressions and lookup lists), with a "try it" that runs the real extractor. Custom entities are
 * checked when saved; every change reaches workers at once.
 */
export function entityRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const catalogueChanged = (reason: string) => announceCatalogueChange(deps, reason);
  const findCustom = async (name: string) => (await listCustomEntities(deps.db)).find((entity) => entity.name === name);

  return [
    defineRoute({
      method: 'GET',
      path: '/entities',
      summary: 'The built-in entity types (what each finds) and the custom entities',
      response: z.object({ builtin: z.array(z.object({ type: z.string(), description: z.string() })), custom: z.array(StoredCustomEntityJson) }),
      handler: async () => ({
        builtin: BUILTIN_ENTITY_TYPES.map((type) => ({ type, description: BUILTIN_ENTITY_DESCRIPTIONS[type] })),
        custom: (await listCustomEntities(deps.db)).map(entityView),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/entities/:name',
      summary: 'One custom entity',
      params: EntityParams,
      response: StoredCustomEntityJson,
      handler: async ({ params }) => {
        const stored = await findCustom(params.name);
        if (stored) return entityView(stored);
        if (isBuiltinEntityType(params.name)) throw new ApiError(404, `"${params.name}" is a built-in entity type: it has no definition (see GET /api/v1/entities)`);
        throw new ApiError(404, `there is no custom entity "${params.name}"`);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/entities/:name',
      summary: 'Create or replace a custom entity (a regex or a lookup list); refused when a regex could backtrack catastrophically, or the name is a built-in type',
      params: EntityParams,
      body: EntityBody,
      response: StoredCustomEntityJson,
      handler: async ({ params, body, principal, audit }) => {
        const candidate = { ...body, name: params.name };
        const check = checkEntity(candidate);
        if (!check.ok) throw new ApiError(400, `the custom entity "${params.name}" is refused: ${check.reason}`, [check.reason]);
        const stored = await saveCustomEntity(deps.db, params.name, CustomEntitySchema.parse(candidate), principal.actor);
        await catalogueChanged(`custom entity ${params.name} saved`);
        await audit('entity.save', params.name, { kind: body.kind });
        return entityView(stored);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/entities/:name',
      summary: 'Delete a custom entity (409 while a form has a slot of it)',
      params: EntityParams,
      handler: async ({ params, audit }) => {
        if (!(await findCustom(params.name))) throw new ApiError(404, `there is no custom entity "${params.name}"`);
        const users = await formsUsing(deps, params.name);
        if (users.length > 0) {
          throw new ApiError(
            409,
            `the custom entity "${params.name}" is used by the form${users.length === 1 ? '' : 's'} of ${users.join(', ')}: change or delete ${users.length === 1 ? 'that form' : 'those forms'} first`,
          );
        }
        await deleteCustomEntity(deps.db, params.name);
        await catalogueChanged(`custom entity ${params.name} deleted`);
        await audit('entity.delete', params.name);
        return { deleted: params.name };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/entities/test',
      summary: 'Try the entity extractor on a text with the saved custom entities: what it finds, and the types it had no time for (writes nothing, so viewers may too)',
      access: READERS,
      body: TryBody,
      response: z.object({ entities: z.array(EntityJson), skipped: z.array(z.string()), unknownTypes: z.array(z.string()) }),
      handler: async ({ body }) => {
        const stored = await listCustomEntities(deps.db);
        // Parsed as the worker parses them (bot-catalogue.ts): the stored name wins.
        const customs = stored.flatMap((entity) => {
          const parsed = CustomEntitySchema.safeParse({ ...(entity.definition as object), name: entity.name });
          return parsed.success ? [parsed.data] : [];
        });
        const known = new Set<string>([...BUILTIN_ENTITY_TYPES, ...customs.map((entity) => entity.name)]);
        const types = body.types ?? [...known];
        const extractor = new EntityExtractor(customs);
        const result = extractor.extract(body.text, {
          language: body.language,
          types: new Set(types),
          referenceTime: body.referenceTime === undefined ? new Date() : new Date(body.referenceTime),
          timeZone: deps.botTimeZone,
          budgetMs: TRY_BUDGET_MS,
        });
        return { ...result, unknownTypes: types.filter((type) => !known.has(type)) };
      },
    }),
  ];
}
