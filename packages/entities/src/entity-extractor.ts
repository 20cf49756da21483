import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { extractBuiltins } from './builtin/extract-builtins';
import { defaultRecognizers, type BuiltinRecognizers, type ModelName, type RecognizerLanguage } from './builtin/recognizers';
import { compileError, CustomEntitySchema, regexFlags, type CustomEntity, type RegexEntity } from './custom-entity';
import { keyText, LookupIndex, type KeyedText } from './lookup';
import { resolveOverlaps } from './overlap';
import { RegexSandbox } from './regex-sandbox';
import { startRegexThread } from './regex-thread';
import { BUILTIN_ENTITY_TYPES, DEFAULT_BUDGET_MS, isBuiltinEntityType, type BuiltinEntityType, type Entity, type ExtractOptions, type ExtractResult } from './types';
import { foldWidth } from './width-fold';

export interface EntityExtractorOptions {
  /** Where built-in models come from; default: the Recognizers-Text models, shared by the process. */
  recognizers?: BuiltinRecognizers;
}

/** A custom entity the extractor left out, and why (invalid as stored: it should have been refused at save). */
export interface IgnoredEntity {
  name: string;
  reason: string;
}

interface RegexEntry {
  entity: RegexEntity;
  index: number;
}

const WARM_UP_SAMPLES: Record<RecognizerLanguage, readonly string[]> = {
  en: [
    'Two tickets for $20, the 2nd at 3pm tomorrow for 2 hours: a@b.co, +1 415 555 0100, https://example.com',
    'Could you deliver 3 boxes next Friday at 4pm? I paid 45 euros on Dec 5, in 30 minutes please.',
    'Order 12345678 was due the first of January; call me tonight or within 3 days.',
  ],
  zh: [
    '两张票二十元，第二张明天下午三点，两个小时，a@b.co，13812345678，https://example.cn',
    '下周五下午四点能送三箱吗？我12月5日付了四十五元，半个小时后再联系。',
    '订单12345678本该1月1日到，今晚或者三天内给我回电话，¥350。',
  ],
};

const MODELS_FOR: Record<BuiltinEntityType, readonly ModelName[]> = {
  number: ['number', 'ordinal', 'phone', 'email', 'url'],
  ordinal: ['ordinal'],
  money: ['currency'],
  datetime: ['datetime', 'phone'],
  duration: ['datetime'],
  email: ['email'],
  phone: ['phone'],
  url: ['url'],
};

/**
 * Extracts entities from a message: built-ins (Recognizers-Text), and one bot's custom regex and lookup
 * entities. Build one per bot (when its entities change); `extract` is synchronous and bounded by the
 * message budget, and looks only for the types asked for.
 */
export class EntityExtractor {
  /** Custom entities that were left out because they are invalid (and why). */
  readonly ignored: IgnoredEntity[] = [];
  private readonly lookups = new Map<string, LookupIndex>();
  private readonly regexes = new Map<string, RegexEntry>();
  private sandbox: RegexSandbox | null = null;
  private readonly recognizers: BuiltinRecognizers;

  constructor(customEntities: readonly CustomEntity[], options: EntityExtractorOptions = {}) {
    this.recognizers = options.recognizers ?? defaultRecognizers;
    for (const candidate of customEntities) {
      const parsed = CustomEntitySchema.safeParse(candidate);
      // Entities come from the database: check them again rather than trust the type.
      const stored = (candidate as { name?: unknown } | null)?.name;
      const name = typeof stored === 'string' ? stored : '?';
      if (!parsed.success) {
        this.ignored.push({ name, reason: parsed.error.issues[0]?.message ?? 'invalid' });
        continue;
      }
      const entity = parsed.data;
      if (this.lookups.has(entity.name) || this.regexes.has(entity.name)) {
        this.ignored.push({ name, reason: 'another custom entity has this name' });
        continue;
      }
      if (entity.kind === 'lookup') {
        this.lookups.set(entity.name, new LookupIndex(entity.name, entity.values));
        continue;
      }
      const error = compileError(entity.pattern, regexFlags(entity));
      if (error !== null) this.ignored.push({ name, reason: error });
      else this.regexes.set(entity.name, { entity, index: this.regexes.size });
    }
  }

  extract(text: string, options: ExtractOptions): ExtractResult {
    if (options.types.size === 0) return { entities: [], skipped: [] };
    const started = performance.now();
    const deadline = started + (options.budgetMs ?? DEFAULT_BUDGET_MS);
    const message = cutToMaxLength(text);
    const entities: Entity[] = [];
    const skipped: string[] = [];
    const inTime = (type: string) => {
      if (performance.now() < deadline) return true;
      skipped.push(type);
      return false;
    };

    let keyed: KeyedText | null = null;
    for (const [name, lookup] of this.lookups) {
      if (!options.types.has(name) || !inTime(name)) continue;
      keyed ??= keyText(message);
      entities.push(...lookup.find(message, keyed));
    }

    const regexes = [...this.regexes.values()].filter(({ entity }) => options.types.has(entity.name));
    if (regexes.length > 0) {
      const result = this.runRegexes(message, regexes, deadline);
      entities.push(...result.entities);
      skipped.push(...result.skipped);
    }

    const builtins = new Set(BUILTIN_ENTITY_TYPES.filter((type) => options.types.has(type)));
    if (builtins.size > 0) {
      const result = extractBuiltins({
        message,
        types: builtins,
        language: options.language,
        referenceTime: options.referenceTime,
        timeZone: options.timeZone ?? 'UTC',
        deadline,
        recognizers: this.recognizers,
      });
      entities.push(...result.entities);
      skipped.push(...result.skipped);
    }
    return { entities: capPerType(resolveOverlaps(entities)), skipped };
  }

  /**
   * Loads the built-in models and runs them over a few sample messages (1 to 3 s for all of them), and
   * starts the thread the custom patterns run on, so that the first messages do not pay for loading and
   * JIT warm-up out of their budget. Call it when a worker starts; it is safe to call more than once.
   */
  warmUp(languages: readonly RecognizerLanguage[] = ['en', 'zh'], types: readonly string[] = BUILTIN_ENTITY_TYPES): void {
    if (this.regexes.size > 0) startRegexThread();
    const models = new Set(types.filter(isBuiltinEntityType).flatMap((type) => MODELS_FOR[type]));
    const now = new Date();
    for (let round = 0; round < 2; round++) {
      for (const language of languages) {
        for (const sample of WARM_UP_SAMPLES[language]) for (const model of models) this.recognizers.model(model, language).parse(sample, now);
      }
    }
  }

  private runRegexes(message: string, regexes: RegexEntry[], deadline: number): { entities: Entity[]; skipped: string[] } {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { entities: [], skipped: regexes.map(({ entity }) => entity.name) };
    this.sandbox ??= new RegexSandbox([...this.regexes.values()].map(({ entity }) => ({ source: entity.pattern, flags: regexFlags(entity) })));
    // Full-width digits and letters are matched as ASCII ("１２３４５" by \d{5}); one unit for one, so the
    // offsets are the message's.
    const folded = foldWidth(message);
    const run = this.sandbox.run(
      folded,
      regexes.map(({ index }) => index),
      remaining,
    );
    const entities: Entity[] = [];
    for (const { entity, index } of regexes) {
      for (const match of run.matches.get(index) ?? []) {
        const end = match.index + match.length;
        const value = match.group ?? folded.slice(match.index, end);
        entities.push({ type: entity.name, value, text: message.slice(match.index, end), start: match.index, end, extractor: 'regex' });
      }
    }
    const skipped = regexes.filter(({ index }) => run.unfinished.includes(index)).map(({ entity }) => entity.name);
    return { entities, skipped };
  }
}

/** At most this many entities of one type per message (the first ones): 4,000 characters of digits are no 2,000 numbers anyone means. */
export const MAX_ENTITIES_PER_TYPE = 100;

function capPerType(entities: Entity[]): Entity[] {
  const counts = new Map<string, number>();
  return entities.filter((entity) => {
    const count = (counts.get(entity.type) ?? 0) + 1;
    counts.set(entity.type, count);
    return count <= MAX_ENTITIES_PER_TYPE;
  });
}

/** The message as the platform accepts it: at most MAX_MESSAGE_LENGTH units, never half a surrogate pair. */
export function cutToMaxLength(text: string): string {
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  const cut = text.slice(0, MAX_MESSAGE_LENGTH);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
