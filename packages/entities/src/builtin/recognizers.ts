import { createRequire } from 'node:module';

// Built-in entities come from Microsoft's Recognizers-Text (the JavaScript packages of
// @microsoft/recognizers-text-suite, here one package per family so that each loads only when needed):
// numbers, ordinals, currency, date/time and duration, e-mail, phone and URL, in English and Chinese.
// Loading is expensive (date-time: ~200 ms to require, ~70 ms to build a culture's model, more to warm
// up), so nothing is loaded until a type needs it; EntityExtractor#warmUp does it ahead of traffic.

export type RecognizerLanguage = 'en' | 'zh';
export type ModelName = 'number' | 'ordinal' | 'currency' | 'datetime' | 'email' | 'phone' | 'url';

/** One result as the recognizers give it: `end` is inclusive, `text` lower-cased. */
export interface RecognizerResult {
  start: number;
  end: number;
  text: string;
  typeName: string;
  resolution?: Record<string, unknown> | null;
}

export interface RecognizerModel {
  parse(query: string, referenceDate?: Date): RecognizerResult[];
}

/** Where the built-in extractors get their models (tests substitute a spy or a slow fake). */
export interface BuiltinRecognizers {
  model(name: ModelName, language: RecognizerLanguage): RecognizerModel;
}

const CULTURE: Record<RecognizerLanguage, string> = { en: 'en-us', zh: 'zh-cn' };

type RecognizerClass = new (culture: string, options?: number, lazyInitialization?: boolean) => Record<string, (culture?: string) => RecognizerModel>;

interface Family {
  module: string;
  recognizer: string;
  getter: string;
}

const FAMILIES: Record<ModelName, Family> = {
  number: { module: '@microsoft/recognizers-text-number', recognizer: 'NumberRecognizer', getter: 'getNumberModel' },
  ordinal: { module: '@microsoft/recognizers-text-number', recognizer: 'NumberRecognizer', getter: 'getOrdinalModel' },
  currency: { module: '@microsoft/recognizers-text-number-with-unit', recognizer: 'NumberWithUnitRecognizer', getter: 'getCurrencyModel' },
  datetime: { module: '@microsoft/recognizers-text-date-time', recognizer: 'DateTimeRecognizer', getter: 'getDateTimeModel' },
  email: { module: '@microsoft/recognizers-text-sequence', recognizer: 'SequenceRecognizer', getter: 'getEmailModel' },
  phone: { module: '@microsoft/recognizers-text-sequence', recognizer: 'SequenceRecognizer', getter: 'getPhoneNumberModel' },
  url: { module: '@microsoft/recognizers-text-sequence', recognizer: 'SequenceRecognizer', getter: 'getURLModel' },
};

const requireCommonJs = createRequire(import.meta.url);

/** Requires a recognizer package on first use (they are CommonJS bundles). */
export function loadRecognizerModule(module: string): Record<string, unknown> {
  return requireCommonJs(module) as Record<string, unknown>;
}

/** The real recognizers, built once per model and language and shared by every extractor in the process. */
export class MicrosoftRecognizers implements BuiltinRecognizers {
  private readonly models = new Map<string, RecognizerModel>();

  model(name: ModelName, language: RecognizerLanguage): RecognizerModel {
    const key = `${name}:${language}`;
    let model = this.models.get(key);
    if (model === undefined) {
      const family = FAMILIES[name];
      const Recognizer = loadRecognizerModule(family.module)[family.recognizer] as RecognizerClass;
      // Lazy initialisation builds only the model asked for, not every model of the family.
      const recognizer = new Recognizer(CULTURE[language], 0, true);
      model = (recognizer[family.getter] as (culture?: string) => RecognizerModel).call(recognizer);
      this.models.set(key, model);
    }
    return model;
  }

  /** Which models are built (for tests and the benchmark). */
  loaded(): string[] {
    return [...this.models.keys()];
  }
}

export const defaultRecognizers = new MicrosoftRecognizers();
