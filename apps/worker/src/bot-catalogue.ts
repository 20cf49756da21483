import { ActionConfigSchema, type ActionConfig } from '@chatbot/actions';
import { IntentButtonsSchema, type IntentButtons, type Logger } from '@chatbot/core';
import { listActions, listCustomEntities, listForms, listIntentOptions, loadResponseCatalogue, type Db, type StoredIntentOptions } from '@chatbot/db';
import { FormSchema, type Form } from '@chatbot/dialogue';
import { CustomEntitySchema, EntityExtractor, type CustomEntity } from '@chatbot/entities';
import type { ReplyCatalogue } from './reply-chooser';

/** What the catalogue says about an intent besides its reply texts. */
export interface IntentOptions {
  /** Offered under the intent's reply, per language. */
  buttons: IntentButtons;
  /** Answers the intent instead of its reply when it is among the bot's actions. */
  action: string | null;
}

/** What the worker answers with: the reply texts, the forms by intent, the entities to look for and the actions to call. */
export interface BotCatalogue {
  replies: ReplyCatalogue;
  /** Intents' buttons and actions, by name; an intent that is not here has neither. */
  intents: ReadonlyMap<string, IntentOptions>;
  forms: ReadonlyMap<string, Form>;
  /** Actions by name; a form naming one that is not here answers with its `done` text, an intent with its reply. */
  actions: ReadonlyMap<string, ActionConfig>;
  entities: EntityExtractor;
  /** The custom entities `entities` was built from (as JSON): a refresh that finds the same ones keeps it. */
  entitiesSource: string;
}

/**
 * Reads the bot's catalogue from the store. A form, custom entity or intent's buttons that no longer
 * parse (written straight into the database, or by an older version) are left out with a warning
 * rather than stopping every message: the API checks them when they are saved.
 */
export async function loadBotCatalogue(db: Db, logger: Logger, previous?: BotCatalogue): Promise<BotCatalogue> {
  const [replies, storedIntents, storedForms, storedEntities, storedActions] = await Promise.all([
    loadResponseCatalogue(db),
    listIntentOptions(db),
    listForms(db),
    listCustomEntities(db),
    listActions(db),
  ]);
  const intents = new Map(storedIntents.map((stored) => [stored.name, intentOptions(stored, logger)]));
  const forms = new Map<string, Form>();
  for (const stored of storedForms) {
    const parsed = FormSchema.safeParse({ ...(stored.definition as object), intent: stored.intent });
    if (parsed.success) forms.set(stored.intent, parsed.data);
    else logger.warn({ intent: stored.intent, problems: parsed.error.issues.map((issue) => issue.message) }, 'stored form is invalid; the intent is answered without it');
  }
  const customEntities: CustomEntity[] = [];
  for (const stored of storedEntities) {
    const parsed = CustomEntitySchema.safeParse({ ...(stored.definition as object), name: stored.name });
    if (parsed.success) customEntities.push(parsed.data);
    else logger.warn({ entity: stored.name, problems: parsed.error.issues.map((issue) => issue.message) }, 'stored custom entity is invalid; it is not looked for');
  }
  const actions = new Map<string, ActionConfig>();
  for (const stored of storedActions) {
    const parsed = ActionConfigSchema.safeParse({
      name: stored.name,
      url: stored.url,
      secret: stored.secret,
      timeoutMs: stored.timeoutMs,
      interimAfterMs: stored.interimAfterMs,
      retries: stored.retries,
      repeatOnRetry: stored.repeatOnRetry,
      allowPrivateNetwork: stored.allowPrivateNetwork,
    });
    if (parsed.success) actions.set(stored.name, parsed.data);
    // Never the parse error's input: it holds the secret.
    else
      logger.warn(
        { action: stored.name, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`) },
        'stored action is invalid; forms naming it answer without it',
      );
  }
  // Building an extractor compiles every pattern into a sandbox of its own: not worth redoing on each refresh.
  const entitiesSource = JSON.stringify(customEntities);
  const entities = previous?.entitiesSource === entitiesSource ? previous.entities : new EntityExtractor(customEntities);
  return { replies, intents, forms, actions, entities, entitiesSource };
}

function intentOptions(stored: StoredIntentOptions, logger: Logger): IntentOptions {
  const buttons = IntentButtonsSchema.nullable().safeParse(stored.buttons);
  if (!buttons.success) {
    const problems = buttons.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    logger.warn({ intent: stored.name, problems }, 'stored buttons are invalid; the intent is answered without them');
  }
  return { buttons: buttons.data ?? { en: [], zh: [] }, action: stored.action };
}

/** A catalogue with replies only (no buttons, actions, forms or custom entities). */
export function repliesOnly(replies: ReplyCatalogue): BotCatalogue {
  return { replies, intents: new Map(), forms: new Map(), actions: new Map(), entities: new EntityExtractor([]), entitiesSource: '[]' };
}
