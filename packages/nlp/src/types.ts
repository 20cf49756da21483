/** Coarse language of a message: enough to pick Chinese or English replies and report per-language figures. */
export type Language = 'en' | 'zh' | 'other';

/** One labelled utterance, as stored in the JSON Lines datasets. */
export interface Example {
  text: string;
  intent: string;
}

/** Label used for out-of-scope examples (CLINC150's convention). */
export const OUT_OF_SCOPE = 'oos';
