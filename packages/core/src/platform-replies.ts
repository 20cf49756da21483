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

/** The apology for a message the platform could not answer at all (its job failed for good), so the user does not wait in silence. */
const MESSAGE_FAILED: Record<CatalogueLanguage, string> = {
  en: 'Sorry, something went wrong on our side and I could not answer that message. Our team has been told; please try again in a little while.',
  zh: '抱歉，我们这边出了点问题，暂时无法回复这条消息。我们已通知工作人员，请稍后再试。',
};

export function messageFailedReply(language: CatalogueLanguage): string {
  return MESSAGE_FAILED[language];
}
