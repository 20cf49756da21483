/**
 * `pnpm bench:dialogue`: the time the dialogue layer (entity extraction for the forms in play, the
 * policy's decision, composing the reply) adds to one message, without the model (its prediction is
 * given) and without the store. Prints one JSON line per scenario with p50 and p99 in milliseconds.
 *
 * Scenarios, with the default bot's forms and entities:
 *   no-form       an intent without a form ("what time do you open"): nothing is extracted
 *   form-regex    order_status asked for its number, the answer carries it (the order_id regex)
 *   form-builtin  a form whose slot is a built-in entity (a date), answered with one
 */
import { randomUUID } from 'node:crypto';
import { FormSchema } from '@chatbot/dialogue';
import { EntityExtractor } from '@chatbot/entities';
import { readBotData } from '@chatbot/default-bot';
import type { Prediction } from '@chatbot/model';
import type { BotCatalogue } from '../src/bot-catalogue';
import { composeReply, runDialogue } from '../src/dialogue-turn';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3000);

const bot = await readBotData();
const deliveryDate = FormSchema.parse({
  intent: 'shipping_time',
  slots: [{ name: 'day', entity: 'datetime', prompt: { en: 'Which day?', zh: '哪一天？' } }],
  done: { en: 'Noted: {day}.', zh: '已记下：{day}。' },
});
const catalogue: BotCatalogue = {
  replies: new Map(bot.catalogue.map((intent) => [intent.name, intent.responses])),
  intents: new Map(
    bot.catalogue.map((intent) => [intent.name, { buttons: { en: intent.buttons?.en ?? [], zh: intent.buttons?.zh ?? [] }, action: intent.action ?? null }]),
  ),
  forms: new Map([...bot.forms, deliveryDate].map((form) => [form.intent, form])),
  actions: new Map(),
  entities: new EntityExtractor(bot.customEntities),
  entitiesSource: JSON.stringify(bot.customEntities),
};
catalogue.entities.warmUp();

const prediction = (intent: string | null, language: 'en' | 'zh' = 'en'): Prediction => ({
  intent,
  confidence: intent ? 0.95 : 0.2,
  outOfScope: intent === null,
  top: intent ? [{ intent, score: 0.95 }] : [],
  language,
});
const asking = (intent: string, slot: string) => ({ slots: {}, form: { intent, asking: slot, retries: 0, confirming: false }, paused: [] });

const scenarios = [
  { name: 'no-form', text: 'what time do you open', state: null, prediction: prediction('opening_hours') },
  { name: 'form-regex', text: "it's 48213, thanks", state: asking('order_status', 'order_id'), prediction: prediction(null) },
  { name: 'form-builtin', text: 'next Monday at 3pm please', state: asking('shipping_time', 'day'), prediction: prediction(null) },
];

for (const scenario of scenarios) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const message = {
      id: randomUUID(),
      channel: 'web',
      nativeMessageId: `bench-${round}`,
      conversationKey: 'web:bench',
      user: { id: 'bench' },
      text: scenario.text,
      metadata: {},
      seq: round + 1,
      receivedAt: new Date().toISOString(),
    };
    const started = performance.now();
    const { decision } = runDialogue(catalogue, { storedState: scenario.state, message, prediction: scenario.prediction, language: 'en', timeZone: 'UTC' });
    if (decision.reply) composeReply(catalogue, decision.reply, decision.state, 'en', message.id);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3));
  console.log(JSON.stringify({ scenario: scenario.name, rounds: ROUNDS, p50Ms: at(0.5), p99Ms: at(0.99) }));
}
