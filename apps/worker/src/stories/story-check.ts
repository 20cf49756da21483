import { NO_FORM, OUT_OF_SCOPE, type StoryStep } from './story-file';

/** What one message of a story did, read from what the worker stored and sent. */
export interface ObservedStep {
  /** The classified intent; null when the model found the message out of scope. */
  intent: string | null;
  outOfScope: boolean;
  confidence: number;
  /** The reply as the user reads it; null when the bot stayed silent (a person has the conversation). */
  reply: { text: string; kind: 'bot' | 'system' } | null;
  /** The catalogue entries (intents, "fallback", "handoff") whose reply text is part of the reply. */
  intentReplies: string[];
  /** The dialogue events stored with the message (none when no form was involved). */
  events: Array<{ type: string } & Record<string, unknown>>;
  /** The conversation's slot values after the message. */
  slots: Record<string, string | number>;
  /** The form waiting for an answer after the message: the slot it asked for, or a yes or no. */
  form: { intent: string; asking: string | null; confirming: boolean } | null;
  /** Whether the conversation is with a person after the message. */
  handedOff: boolean;
}

const HAN = /\p{Script=Han}/u;

/** The expectations of a step that `observed` does not meet, one sentence each; empty when it passes. */
export function checkStep(step: StoryStep, observed: ObservedStep, language?: 'en' | 'zh'): string[] {
  const problems: string[] = [];
  const { reply } = observed;

  if (step.intent !== undefined) {
    const actual = observed.outOfScope ? OUT_OF_SCOPE : observed.intent;
    if (actual !== step.intent) problems.push(`intent: expected ${step.intent}, got ${actual ?? OUT_OF_SCOPE} (confidence ${observed.confidence.toFixed(2)})`);
  }

  const wantsReply = step.reply !== undefined || step.reply_contains !== undefined;
  if (wantsReply && reply === null) problems.push('reply: expected one, but the bot stayed silent (a person has the conversation)');
  if (step.reply && reply !== null) problems.push(...replyProblems(step.reply, observed));
  for (const part of step.reply_contains ?? []) {
    if (reply !== null && !reply.text.includes(part)) problems.push(`reply: expected it to contain ${JSON.stringify(part)}`);
  }
  if (language && reply !== null && HAN.test(reply.text) !== (language === 'zh'))
    problems.push(
      `reply: expected it in ${language === 'zh' ? 'Chinese (zh)' : 'English (en)'}, the story's language; got ${language === 'zh' ? 'no Chinese' : 'Chinese'}`,
    );

  for (const [name, expected] of Object.entries(step.slots ?? {})) {
    const actual = Object.hasOwn(observed.slots, name) ? String(observed.slots[name]) : null;
    if (actual !== expected)
      problems.push(`slots.${name}: expected ${expected === null ? 'not set' : JSON.stringify(expected)}, got ${actual === null ? 'not set' : JSON.stringify(actual)}`);
  }

  if (step.form !== undefined) {
    const actual = observed.form?.intent ?? NO_FORM;
    if (actual !== step.form) problems.push(`form: expected ${step.form}, got ${actual}`);
  }
  if (step.handoff !== undefined && step.handoff !== observed.handedOff)
    problems.push(
      step.handoff
        ? 'handoff: expected the conversation to go to a person; it stays with the bot'
        : 'handoff: expected the bot to keep the conversation; it went to a person',
    );

  const recorded = new Set(observed.events.map((event) => event.type));
  for (const type of step.events ?? []) if (!recorded.has(type)) problems.push(`events: expected ${type}, not recorded`);
  return problems;
}

function replyProblems(expected: NonNullable<StoryStep['reply']>, observed: ObservedStep): string[] {
  const problems: string[] = [];
  const { form } = observed;
  const waiting = waitingFor(observed);
  if (expected.asks !== undefined && (form === null || form.confirming || form.asking !== expected.asks))
    problems.push(`reply: expected it to ask for ${expected.asks}; ${waiting}`);
  if (expected.confirms && !form?.confirming) problems.push(`reply: expected it to ask for a confirmation (yes or no); ${waiting}`);
  const completed = observed.events.filter((event) => event.type === 'form_completed').map((event) => String(event.intent));
  if (expected.completes !== undefined && !completed.includes(expected.completes))
    problems.push(
      `reply: expected the ${expected.completes} form to complete; ${completed.length > 0 ? `the ${completed.join(', ')} form completed` : 'no form completed'}`,
    );
  if (expected.cancelled && !observed.events.some((event) => event.type === 'form_cancelled')) problems.push('reply: expected a form to be cancelled; none was');
  const replies = observed.intentReplies.length > 0 ? `it holds the reply of ${observed.intentReplies.join(', ')}` : 'it holds no catalogue reply';
  if (expected.intent_reply !== undefined && !observed.intentReplies.includes(expected.intent_reply))
    problems.push(`reply: expected the catalogue reply of ${expected.intent_reply}; ${replies}`);
  if (expected.fallback && !observed.intentReplies.includes('fallback')) problems.push(`reply: expected the fallback reply; ${replies}`);
  return problems;
}

/** "the order_status form waits for order_id", "no form is waiting", ... */
export function waitingFor(observed: Pick<ObservedStep, 'form'>): string {
  const { form } = observed;
  if (form === null) return 'no form is waiting';
  if (form.confirming) return `the ${form.intent} form waits for a yes or no`;
  return `the ${form.intent} form waits for ${form.asking ?? 'nothing'}`;
}
