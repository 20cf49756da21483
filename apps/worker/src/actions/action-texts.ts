import type { Button } from '@chatbot/actions-sdk';
import type { CatalogueLanguage } from '@chatbot/core';

/** What the bot says around an action call, per language. */

/** Sent when an action has not answered within its interimAfterMs. */
export const INTERIM_TEXT: Record<CatalogueLanguage, string> = {
  en: 'Let me check that for you…',
  zh: '我帮您查一下……',
};

/** Said instead of the action's answer when it failed, timed out or its circuit is open: never silence. */
export const ACTION_FAILED_TEXT: Record<CatalogueLanguage, string> = {
  en: "Sorry, I couldn't look that up just now. Please try again in a few minutes, or talk to a person.",
  zh: '抱歉，暂时查不到相关信息。请过几分钟再试，或者转人工客服。',
};

/** The button offered with the apology: it sends what the default bot's handoff intent understands. */
export function talkToPersonButton(language: CatalogueLanguage): Button {
  return language === 'zh' ? { type: 'reply', label: '转人工', text: '转人工' } : { type: 'reply', label: 'Talk to a person', text: 'talk to a human' };
}
