import type { Texts } from './language';
import type { RejectionCode } from './slot-filling';

/** What the policy says on its own, per language (a form's own texts come from the form). */
export const POLICY_TEXTS = {
  /** A form was cancelled and nothing else is waiting. */
  cancelled: { en: "OK, I've stopped. Is there anything else I can help you with?", zh: '好的，已经取消了。还有什么可以帮您的吗？' },
  /** A form was cancelled and an earlier one is asked again right after. */
  cancelledResuming: { en: "OK, I've stopped that.", zh: '好的，已经取消了。' },
  /** The user said no to the confirmation: the slots are asked again. */
  restart: { en: "OK, let's start again.", zh: '好的，我们重新来。' },
  /** The answer to a confirmation was neither yes nor no. */
  confirmUnclear: { en: 'Please answer yes or no.', zh: '请回答“是”或“不是”。' },
} satisfies Record<string, Texts>;

/** Why a value was refused, when the slot has no `invalid` text of its own. {_choices} lists the allowed values. */
export const DEFAULT_REFUSALS: Record<RejectionCode, Texts> = {
  no_value: { en: "Sorry, I didn't get that.", zh: '抱歉，我没有看明白。' },
  pattern: { en: "Sorry, that doesn't look right.", zh: '抱歉，格式好像不对。' },
  not_allowed: { en: 'Please answer with one of: {_choices}.', zh: '请从以下选项中选择：{_choices}。' },
};

/** The variable with a slot's allowed values, usable in its prompt and refusal (no slot can be called that). */
export const CHOICES_VARIABLE = '_choices';
export const CHOICES_SEPARATOR: Texts = { en: ', ', zh: '、' };
