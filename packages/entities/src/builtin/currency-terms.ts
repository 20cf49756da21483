import { loadRecognizerModule, type RecognizerLanguage } from './recognizers';

// The currency model finds an amount only next to one of its unit names or symbols ("dollars", "$", "元",
// "块"), and it is the slowest model by far. A chunk without any of those terms cannot hold an amount, so
// it is not given to the model. The terms are the library's own lists, so the check cannot disagree with it.

const RESOURCES: Record<RecognizerLanguage, string> = { en: 'EnglishNumericWithUnit', zh: 'ChineseNumericWithUnit' };
const ASCII_WORD = /^[a-z][a-z.]*$/;

const termPatterns = new Map<RecognizerLanguage, RegExp>();

/** Whether the text holds a currency unit name or symbol the currency model knows. */
export function mentionsCurrency(text: string, language: RecognizerLanguage): boolean {
  let pattern = termPatterns.get(language);
  if (pattern === undefined) {
    pattern = buildTermPattern(language);
    termPatterns.set(language, pattern);
  }
  return pattern.test(text.toLowerCase());
}

function buildTermPattern(language: RecognizerLanguage): RegExp {
  const resources = loadRecognizerModule('@microsoft/recognizers-text-number-with-unit')[RESOURCES[language]] as Record<string, Map<string, string>>;
  const terms = new Set<string>();
  for (const list of [resources.CurrencySuffixList, resources.CurrencyPrefixList]) {
    for (const alternatives of list?.values() ?? []) for (const term of alternatives.split('|')) if (term.trim()) terms.add(term.trim().toLowerCase());
  }
  const words: string[] = [];
  const others: string[] = [];
  // English words need word edges ("usd" is not in "usdt"), as the model's own expressions require;
  // symbols and Chinese terms match anywhere.
  for (const term of terms) (ASCII_WORD.test(term) ? words : others).push(escapeRegExp(term));
  const alternatives = [...(words.length ? [`(?<![a-z])(?:${words.join('|')})(?![a-z])`] : []), ...others];
  return alternatives.length ? new RegExp(alternatives.join('|')) : /$^/;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
