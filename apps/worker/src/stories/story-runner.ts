import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import {
  CATALOGUE_LANGUAGES,
  actionJobId,
  InboundMessageSchema,
  inboundJobId,
  renderTemplate,
  type ConversationSequence,
  type InboundMessage,
  type Logger,
  type OutboundDraft,
} from '@chatbot/core';
import { ActionCaller } from '@chatbot/actions';
import { findExchange, type Db } from '@chatbot/db';
import { parseDialogueState } from '@chatbot/dialogue';
import { createActionProcessor, type ActionProcessorDeps } from '../actions/action-processor';
import type { BotCatalogue } from '../bot-catalogue';
import { createInboundProcessor, type InboundProcessorDeps } from '../inbound-processor';
import { createWorkerMetrics } from '../worker-metrics';
import { checkStep, type ObservedStep } from './story-check';
import type { Story } from './story-file';

/**
 * The channel of story conversations. No adapter has this name, so nothing is ever delivered, and
 * the conversations cannot be mistaken for (or collide with) a real user's.
 */
export const STORY_CHANNEL = 'story';

/** What stories run against: the worker's store, model and catalogue. */
export interface StoryBot {
  db: Db;
  classify: InboundProcessorDeps['classify'];
  catalogue: () => BotCatalogue;
  timeZone?: string;
  logger: Logger;
  /** How the bot's actions are called; the real HTTP caller by default (a story runs against the configured backend). */
  callAction?: ActionProcessorDeps['callAction'];
}

export interface StepResult {
  /** 1-based, as a reader counts. */
  step: number;
  user: string;
  passed: boolean;
  problems: string[];
  /** What the step did; null when the worker failed on it. */
  observed: ObservedStep | null;
}

export interface StoryResult {
  file: string;
  name: string;
  language: 'en' | 'zh' | null;
  passed: boolean;
  /** The steps run: all of them, or up to the first that failed (the rest would talk to a conversation gone astray). */
  steps: StepResult[];
  notRun: number;
  durationMs: number;
}

export interface StoryRun {
  passed: number;
  failed: number;
  durationMs: number;
  stories: StoryResult[];
}

/**
 * Runs stories through the worker's own inbound processor (classification, entities, the dialogue
 * policy, the stored turns and state, handoff), one after the other, each in a conversation of its
 * own that is deleted afterwards. No queue and no channel: each step is handed to the processor as
 * the job a channel's message would be, and its reply is taken where the processor queues it.
 */
export async function runStories(bot: StoryBot, stories: readonly Story[]): Promise<StoryRun> {
  const started = Date.now();
  const sent = new Map<string, OutboundDraft>();
  const sequence = new StepOrder();
  const metrics = createWorkerMetrics();
  // The last message sent for a step is its reply (an action's interim "Let me check..." comes before it).
  const publishReply = async (reply: OutboundDraft) => {
    if (reply.replyTo) sent.set(reply.replyTo, reply);
  };
  const caller = new ActionCaller();
  const answerByAction = createActionProcessor({
    db: bot.db,
    sequence,
    catalogue: bot.catalogue,
    callAction: bot.callAction ?? ((config, request) => caller.call(config, request)),
    publishReply,
    announceInboxChange: async () => undefined,
    metrics,
    logger: bot.logger,
  });
  const processor = createInboundProcessor({
    db: bot.db,
    sequence,
    classify: bot.classify,
    catalogue: bot.catalogue,
    timeZone: bot.timeZone,
    publishReply,
    // The action answers before the step is checked, as the worker's action job would.
    publishAction: async (job, inboundJobIdValue) => {
      await answerByAction({ id: actionJobId(inboundJobIdValue), data: job } as unknown as Job);
    },
    // Stories run without people: no inbox is watching.
    announceInboxChange: async () => undefined,
    metrics,
    logger: bot.logger,
  });
  const results: StoryResult[] = [];
  for (const story of stories) results.push(await runStory(bot, story, processor, sent));
  const passed = results.filter((result) => result.passed).length;
  return { passed, failed: results.length - passed, durationMs: Date.now() - started, stories: results };
}

type Processor = ReturnType<typeof createInboundProcessor>;

async function runStory(bot: StoryBot, story: Story, processor: Processor, sent: Map<string, OutboundDraft>): Promise<StoryResult> {
  const started = Date.now();
  const conversationKey = `${STORY_CHANNEL}:${randomUUID()}`;
  const steps: StepResult[] = [];
  let lastAt = 0;
  try {
    for (const [index, step] of story.steps.entries()) {
      // Real time, strictly increasing: the policy reads "now" from it (slots expire) and turns sort by it.
      lastAt = Math.max(Date.now(), lastAt + 1);
      const message = InboundMessageSchema.parse({
        id: randomUUID(),
        channel: STORY_CHANNEL,
        nativeMessageId: `${conversationKey}:${index + 1}`,
        conversationKey,
        user: { id: conversationKey, displayName: 'story' },
        text: step.user,
        metadata: {},
        seq: index + 1,
        receivedAt: new Date(lastAt).toISOString(),
      });
      let result: StepResult;
      try {
        await processor(storyJob(message));
        const { observed, inconsistency } = await observe(bot, message, sent.get(message.nativeMessageId) ?? null);
        const problems = [...checkStep(step, observed, story.language), ...inconsistency];
        result = { step: index + 1, user: step.user, passed: problems.length === 0, problems, observed };
      } catch (error) {
        result = {
          step: index + 1,
          user: step.user,
          passed: false,
          problems: [`the worker failed on this message: ${error instanceof Error ? error.message : String(error)}`],
          observed: null,
        };
      } finally {
        sent.delete(message.nativeMessageId);
      }
      steps.push(result);
      if (!result.passed) break;
    }
  } finally {
    await bot.db.conversation.deleteMany({ where: { channel: STORY_CHANNEL, conversationKey } });
  }
  const passed = steps.length === story.steps.length && steps.every((step) => step.passed);
  return {
    file: story.file,
    name: story.name,
    language: story.language ?? null,
    passed,
    steps,
    notRun: story.steps.length - steps.length,
    durationMs: Date.now() - started,
  };
}

/** What the processor stored and sent for a message, as a story checks it. */
async function observe(bot: StoryBot, message: InboundMessage, sent: OutboundDraft | null): Promise<{ observed: ObservedStep; inconsistency: string[] }> {
  const exchange = await findExchange(bot.db, message.channel, message.nativeMessageId);
  if (!exchange) throw new Error('nothing was stored for it');
  const { conversation, inboundTurn, replyTurn } = exchange;
  const state = parseDialogueState(conversation.dialogueState);
  const reply = sent && { text: renderTemplate(sent.text, sent.variables ?? {}), kind: sent.kind === 'system' ? ('system' as const) : ('bot' as const) };
  const inconsistency: string[] = [];
  if ((replyTurn === null) !== (reply === null)) inconsistency.push(`worker: a reply was ${reply ? 'sent but not stored' : 'stored but not sent'}`);
  else if (replyTurn && reply && replyTurn.text !== reply.text) inconsistency.push(`worker: the stored reply ${JSON.stringify(replyTurn.text)} is not the one sent`);
  const slotTexts = Object.fromEntries(Object.entries(state.slots).map(([name, slot]) => [name, slot.text.trim()]));
  const observed: ObservedStep = {
    intent: inboundTurn.intent,
    outOfScope: inboundTurn.outOfScope,
    confidence: inboundTurn.confidence ?? 0,
    reply,
    intentReplies: reply ? catalogueRepliesIn(bot.catalogue(), reply.text, slotTexts) : [],
    events: Array.isArray(inboundTurn.dialogueEvents) ? (inboundTurn.dialogueEvents as ObservedStep['events']) : [],
    slots: Object.fromEntries(Object.entries(state.slots).map(([name, slot]) => [name, slot.value])),
    form: state.form && { intent: state.form.intent, asking: state.form.asking, confirming: state.form.confirming },
    handedOff: conversation.status === 'handed_off',
  };
  return { observed, inconsistency };
}

/** The catalogue entries one of whose texts (in either language, with the slot values filled in) is part of `text`. */
function catalogueRepliesIn(bot: BotCatalogue, text: string, slots: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [intent, texts] of bot.replies) {
    const candidates = CATALOGUE_LANGUAGES.flatMap((language) => texts[language] ?? []);
    if (candidates.some((candidate) => candidate.trim() !== '' && text.includes(renderTemplate(candidate, slots)))) found.push(intent);
  }
  return found.sort();
}

/** The BullMQ job the processor reads: the message as its data. A story never has to wait its turn, so being put back is a bug. */
function storyJob(message: InboundMessage): Job {
  const job = {
    id: inboundJobId(message.channel, message.nativeMessageId),
    data: message,
    moveToDelayed: () => Promise.reject(new Error('the message was put back to wait for an earlier one, though steps run one at a time')),
  };
  return job as unknown as Job;
}

/**
 * The conversation order a story needs: its steps run one at a time, in order, so each message's
 * predecessor is always answered; this only remembers what was answered (a retried step is "done").
 * No Redis: a story run needs nothing but PostgreSQL.
 */
class StepOrder implements Pick<ConversationSequence, 'check' | 'markDone'> {
  private readonly done = new Map<string, number>();

  async check(conversationKey: string, seq: number): Promise<'ready' | 'wait' | 'done'> {
    const done = this.done.get(conversationKey) ?? 0;
    return done >= seq ? 'done' : done === seq - 1 ? 'ready' : 'wait';
  }

  async markDone(conversationKey: string, seq: number): Promise<void> {
    this.done.set(conversationKey, Math.max(seq, this.done.get(conversationKey) ?? 0));
  }
}
