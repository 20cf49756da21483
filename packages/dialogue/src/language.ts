import type { CatalogueLanguage } from '@chatbot/core';

/** Languages the dialogue speaks: every prompt and reply template exists in each. */
export type DialogueLanguage = CatalogueLanguage;

/** A text in every language the bot answers in. */
export type Texts = Record<DialogueLanguage, string>;

/** Joins two sentences the way the language does: a space in English, nothing in Chinese. */
export function joinSentences(language: DialogueLanguage, first: string | null, second: string): string {
  if (!first) return second;
  return language === 'zh' ? `${first}${second}` : `${first} ${second}`;
}

/** Truncates to at most `max` code points (never splitting a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}
