import type { CatalogueLanguage, ResponseTexts } from '@chatbot/core';

/** Reply texts per intent and language, as stored in the database's catalogue. */
export type ReplyCatalogue = Map<string, ResponseTexts>;

/** Catalogue entry used when the model is not confident or the message is out of scope. */
export const FALLBACK_INTENT = 'fallback';

export interface ChosenReply {
  text: string;
  /** The catalogue entry the text came from (the intent, or "fallback"). */
  source: string;
  language: CatalogueLanguage;
}

/** Chinese messages get Chinese replies; everything else gets English. */
export function replyLanguage(detected: string | null | undefined): CatalogueLanguage {
  return detected === 'zh' ? 'zh' : 'en';
}

/**
 * The language to answer a message in: the message's own when it is written in one ('en', 'zh');
 * otherwise (an order number, an emoji: detected 'other') the one the conversation was answered in
 * so far, so that "48213" in a Chinese conversation is answered in Chinese; English for a new one.
 */
export function answerLanguage(detected: string | null | undefined, conversationLanguage: string | null | undefined): CatalogueLanguage {
  return detected === 'en' || detected === 'zh' ? detected : replyLanguage(conversationLanguage);
}

/**
 * Picks the reply for a classified message. Variants of one intent are chosen by a hash of
 * `variantKey` (the message id), so a retried job picks the same text.
 */
export function chooseReply(catalogue: ReplyCatalogue, prediction: { intent: string | null; outOfScope: boolean; language: string }, variantKey: string): ChosenReply {
  const language = replyLanguage(prediction.language);
  const wanted = prediction.outOfScope || !prediction.intent ? FALLBACK_INTENT : prediction.intent;
  for (const source of [wanted, FALLBACK_INTENT]) {
    const entry = catalogue.get(source);
    const texts = entry?.[language]?.length ? entry[language] : entry?.en;
    if (texts && texts.length > 0) return { text: texts[hash(variantKey) % texts.length] as string, source, language };
  }
  throw new Error(`The reply catalogue has no "${FALLBACK_INTENT}" entry: seed it (pnpm start does) before starting workers`);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
