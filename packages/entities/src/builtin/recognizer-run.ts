import { foldWidth } from '../width-fold';
import type { Chunk } from './chunks';
import { mentionsCurrency } from './currency-terms';
import type { BuiltinRecognizers, ModelName, RecognizerLanguage, RecognizerResult } from './recognizers';

/** A recognizer result placed in the message: [start, end), end exclusive. */
export interface Found {
  start: number;
  end: number;
  typeName: string;
  resolution: Record<string, unknown> | null | undefined;
}

export interface ModelOutput {
  found: Found[];
  /** False when the budget ran out (or the model failed) before every chunk was read. */
  complete: boolean;
}

// Cheap necessary conditions: a chunk that fails one cannot hold what the model looks for.
const PRECHECKS: Partial<Record<ModelName, (text: string, language: RecognizerLanguage) => boolean>> = {
  email: (text) => text.includes('@') || text.includes('＠'),
  url: (text) => text.includes('.') || text.includes('．'),
  phone: (text) => /[0-9\uff10-\uff19]/.test(text),
  currency: mentionsCurrency,
};

export interface RecognizerRunInput {
  recognizers: BuiltinRecognizers;
  language: RecognizerLanguage;
  /** The message as the recognizers read it (prepareForRecognizers): same length as the message. */
  prepared: string;
  chunks: readonly Chunk[];
  referenceDate: Date;
  /** performance.now() after which no recognizer call starts. */
  deadline: number;
}

/** The recognizer calls for one message: each model reads each chunk at most once, within the budget. */
export class RecognizerRun {
  private readonly outputs = new Map<ModelName, ModelOutput>();

  constructor(private readonly input: RecognizerRunInput) {}

  get(name: ModelName): ModelOutput {
    let output = this.outputs.get(name);
    if (output === undefined) {
      output = this.runModel(name);
      this.outputs.set(name, output);
    }
    return output;
  }

  /** One extra call on a piece of the message at `offset` (null if over budget or failed). */
  parsePiece(name: ModelName, text: string, offset: number): Found[] | null {
    if (performance.now() >= this.input.deadline) return null;
    try {
      return this.place(this.input.recognizers.model(name, this.input.language).parse(text, this.input.referenceDate), text, offset);
    } catch {
      return null;
    }
  }

  private runModel(name: ModelName): ModelOutput {
    const { recognizers, language, chunks, referenceDate, deadline } = this.input;
    const precheck = PRECHECKS[name];
    const found: Found[] = [];
    for (const chunk of chunks) {
      if (precheck !== undefined && !precheck(chunk.text, language)) continue;
      if (performance.now() >= deadline) return { found, complete: false };
      try {
        const results = recognizers.model(name, language).parse(chunk.text, referenceDate);
        found.push(...this.place(results, chunk.text, chunk.start));
      } catch {
        return { found, complete: false };
      }
    }
    return { found, complete: true };
  }

  /**
   * Message offsets of the results on `text` (at `offset`). The recognizers lower-case and recode what
   * they read, so a result whose span does not hold its text is looked up near where it says it is.
   */
  private place(results: readonly RecognizerResult[], text: string, offset: number): Found[] {
    const placed: Found[] = [];
    let folded: string | null = null;
    for (const result of results) {
      if (typeof result.start !== 'number' || typeof result.end !== 'number' || typeof result.text !== 'string' || result.text.length === 0) continue;
      let start = result.start;
      let end = result.end + 1;
      const wanted = foldWidth(result.text).toLowerCase();
      folded ??= foldWidth(text).toLowerCase();
      if (folded.slice(start, end) !== wanted) {
        const near = folded.indexOf(wanted, Math.max(0, start - 8));
        if (near === -1) continue;
        start = near;
        end = near + wanted.length;
      }
      placed.push({ start: offset + start, end: offset + end, typeName: result.typeName, resolution: result.resolution });
    }
    return placed;
  }
}
