import type { BuiltinRecognizers, ModelName, RecognizerLanguage, RecognizerModel } from '../builtin/recognizers';
import type { Entity } from '../types';

/** Thursday 3 December 2026, 10:00 in Shanghai (02:00 UTC). */
export const REFERENCE_TIME = new Date('2026-12-03T02:00:00Z');
export const TIME_ZONE = 'Asia/Shanghai';

/** The parts of an entity most tests compare. */
export function brief(entities: readonly Entity[]): Array<Pick<Entity, 'type' | 'value' | 'text'> & { unit?: string }> {
  return entities.map(({ type, value, text, unit }) => (unit === undefined ? { type, value, text } : { type, value, text, unit }));
}

/** Wraps recognizers and records which models were asked for and how often they parsed. */
export class RecordingRecognizers implements BuiltinRecognizers {
  readonly requested: string[] = [];
  readonly parses: string[] = [];

  constructor(private readonly inner: BuiltinRecognizers) {}

  model(name: ModelName, language: RecognizerLanguage): RecognizerModel {
    this.requested.push(`${name}:${language}`);
    const model = this.inner.model(name, language);
    return {
      parse: (query, referenceDate) => {
        this.parses.push(`${name}:${language}`);
        return model.parse(query, referenceDate);
      },
    };
  }
}

/** Recognizers that find nothing and spend time on each call: by default busy-waiting, as the real ones do. */
export class SlowRecognizers implements BuiltinRecognizers {
  calls = 0;

  constructor(
    private readonly milliseconds: number,
    private readonly spend: (milliseconds: number) => void = busyWait,
  ) {}

  model(): RecognizerModel {
    return {
      parse: () => {
        this.calls++;
        this.spend(this.milliseconds);
        return [];
      },
    };
  }
}

function busyWait(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until);
}
