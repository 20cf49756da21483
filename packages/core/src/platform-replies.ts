import type { CatalogueLanguage } from './intent-catalogue';
import { MAX_MESSAGE_LENGTH } from './message-text';

const HAN = /\p{Script=Han}/u;

/**
 * The language to answer a message in: Chinese when it has a Han character, else English.
 * Cruder than @chatbot/nlp's detector on purpose: adapters must not load the NLP package, and for
 * a one-line notice "any Chinese at all" is the right call.
 */
export function replyLanguageOf(text: string): CatalogueLanguage {
  return HAN.test(text) ? 'zh' : 'en';
}

/** The refusal of a message over MAX_MESSAGE_LENGTH characters: one wording per language, for every channel. */
const MESSAGE_TOO_LONG: Record<CatalogueLanguage, string> = {
  en: `Sorry, that message is too long for me to read. Please keep it to ${MAX_MESSAGE_LENGTH} characters or fewer, or split it into a few shorter messages.`,
  zh: `抱歉，这条消息太长了，我无法读取。请把消息控制在 ${MAX_MESSAGE_LENGTH} 个字符以内，或者分成几条较短的消息发送。`,
};

export function messageTooLongReply(language: CatalogueLanguage): string {
  return MESSAGE_TOO_LONG[language];
}
