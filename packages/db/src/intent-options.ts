import { CATALOGUE_LANGUAGES, type IntentButtons } from '@chatbot/core';
import type { Db } from './database';
import { jsonOrNull } from './exchanges';

/** An intent's buttons and action as stored; the buttons are checked by whoever reads them (see loadBotCatalogue). */
export interface StoredIntentOptions {
  name: string;
  buttons: unknown;
  action: string | null;
}

/** Every intent's buttons and action, by name. */
export function listIntentOptions(db: Db): Promise<StoredIntentOptions[]> {
  return db.intent.findMany({ select: { name: true, buttons: true, action: true }, orderBy: { name: 'asc' } });
}

/** The buttons column's value: SQL NULL when there are none in any language, so that "no buttons" is stored one way. */
export function buttonsColumn(buttons: IntentButtons | null | undefined) {
  const any = buttons && CATALOGUE_LANGUAGES.some((language) => buttons[language].length > 0);
  return jsonOrNull(any ? buttons : null);
}
