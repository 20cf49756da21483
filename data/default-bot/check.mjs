#!/usr/bin/env node
// Validates the default bot's data files (train.jsonl, oos.jsonl, intents.json) and prints the
// number of examples per intent and language as a Markdown table.
// Plain Node, no dependencies, so it runs before anything is installed:
//   node data/default-bot/check.mjs [folder]     (folder defaults to the one this file is in)
// Exits with status 1 and one line per problem when the data breaks a rule.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LANGUAGES = ['en', 'zh'];
export const MIN_EXAMPLES_PER_LANGUAGE = 40;
export const MIN_RESPONSES_PER_LANGUAGE = 2;
// Replies the platform uses on its own (low confidence, hand-over); the model never predicts them.
export const REPLY_ONLY_INTENTS = ['fallback', 'handoff'];
export const OUT_OF_SCOPE_LABEL = 'oos';

const INTENT_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const EXAMPLE_KEYS = ['text', 'intent', 'language'];
const INTENT_KEYS = ['name', 'description', 'responses', 'buttons', 'action'];
// Button fields whose text the customer reads or sends.
const BUTTON_TEXT_FIELDS = ['label', 'text'];

// Two texts that differ only in case, width, punctuation or spacing teach the model nothing new,
// and the same text under two intents teaches it a contradiction: both are compared in this form.
export function comparisonKey(text) {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

// Chinese text must contain Han characters; English text must contain Latin letters and no Han.
export function languageMismatch(text, language) {
  if (language === 'zh' && !HAN.test(text)) return 'is labelled zh but has no Chinese characters';
  if (language === 'en' && HAN.test(text)) return 'is labelled en but contains Chinese characters';
  if (language === 'en' && !LATIN.test(text)) return 'is labelled en but has no Latin letters';
  return null;
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value, allowed) {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

function exampleProblems(value) {
  if (!isPlainObject(value)) return ['is not a JSON object'];
  const problems = [];
  const extra = unknownKeys(value, EXAMPLE_KEYS);
  if (extra.length > 0) problems.push(`has unknown keys: ${extra.join(', ')}`);
  const { text, intent, language } = value;
  if (typeof text !== 'string' || text.trim() === '') problems.push('"text" must be a non-empty string');
  else if (text !== text.trim()) problems.push('"text" has leading or trailing whitespace');
  if (typeof intent !== 'string' || !INTENT_NAME.test(intent)) {
    problems.push(`"intent" must be a snake_case name, got ${JSON.stringify(intent)}`);
  }
  if (!LANGUAGES.includes(language)) {
    problems.push(`"language" must be one of ${LANGUAGES.join(', ')}, got ${JSON.stringify(language)}`);
  } else if (typeof text === 'string') {
    const mismatch = languageMismatch(text, language);
    if (mismatch) problems.push(`"text" ${mismatch}`);
  }
  return problems;
}

// Returns the valid examples of a JSON Lines file; every bad line adds an error naming file:line.
function readExamples(path, fileName, errors) {
  let content;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    errors.push(`${fileName}: cannot be read (${error.message})`);
    return [];
  }
  const examples = [];
  content.split('\n').forEach((line, index) => {
    const where = `${fileName}:${index + 1}`;
    if (line.trim() === '') return;
    let value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push(`${where}: not valid JSON (${error.message})`);
      return;
    }
    const problems = exampleProblems(value);
    for (const problem of problems) errors.push(`${where}: ${problem}`);
    if (problems.length === 0) examples.push({ ...value, where });
  });
  return examples;
}

function responseProblems(responses, language) {
  if (!Array.isArray(responses)) return [`has no "${language}" responses`];
  const problems = [];
  if (responses.length < MIN_RESPONSES_PER_LANGUAGE) {
    problems.push(`has ${responses.length} "${language}" responses, needs at least ${MIN_RESPONSES_PER_LANGUAGE}`);
  }
  responses.forEach((response, index) => {
    const which = `"${language}" response ${index + 1}`;
    if (typeof response !== 'string' || response.trim() === '') {
      problems.push(`${which} must be a non-empty string`);
      return;
    }
    // Replies are sent as they are: a template placeholder would reach the customer verbatim.
    if (/[{}]/.test(response)) problems.push(`${which} contains a placeholder brace`);
    const mismatch = languageMismatch(response, language);
    if (mismatch) problems.push(`${which} ${mismatch}`);
  });
  return problems;
}

// The buttons' shape is checked where the bot is loaded (@chatbot/core's IntentButtonsSchema); here,
// what a schema cannot see: each label, and the text a reply button sends, is in its list's language.
function buttonProblems(buttons) {
  if (buttons === undefined) return [];
  if (!isPlainObject(buttons)) return [`"buttons" must be an object with ${LANGUAGES.join(' and ')} lists`];
  const problems = unknownKeys(buttons, LANGUAGES).map((key) => `"buttons" has an unknown language: ${key}`);
  for (const language of LANGUAGES) {
    const list = buttons[language] ?? [];
    if (!Array.isArray(list)) {
      problems.push(`"buttons.${language}" must be a list`);
      continue;
    }
    list.forEach((button, index) => {
      for (const field of BUTTON_TEXT_FIELDS) {
        const value = isPlainObject(button) ? button[field] : undefined;
        const mismatch = typeof value === 'string' ? languageMismatch(value, language) : null;
        if (mismatch) problems.push(`"${language}" button ${index + 1}: "${field}" ${mismatch}`);
      }
    });
  }
  return problems;
}

// Returns the catalogue's entries by name; every malformed entry adds an error.
function readCatalogue(path, errors) {
  const catalogue = new Map();
  let entries;
  try {
    entries = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    errors.push(`intents.json: cannot be read as JSON (${error.message})`);
    return catalogue;
  }
  if (!Array.isArray(entries)) {
    errors.push('intents.json: must be a JSON array of intents');
    return catalogue;
  }
  entries.forEach((entry, index) => {
    const label = isPlainObject(entry) && typeof entry.name === 'string' ? entry.name : `entry ${index + 1}`;
    const where = `intents.json "${label}"`;
    if (!isPlainObject(entry)) {
      errors.push(`${where}: is not a JSON object`);
      return;
    }
    const extra = unknownKeys(entry, INTENT_KEYS);
    if (extra.length > 0) errors.push(`${where}: has unknown keys: ${extra.join(', ')}`);
    if (typeof entry.name !== 'string' || !INTENT_NAME.test(entry.name)) {
      errors.push(`${where}: "name" must be a snake_case name`);
      return;
    }
    if (entry.name === OUT_OF_SCOPE_LABEL) errors.push(`${where}: "${OUT_OF_SCOPE_LABEL}" is reserved for oos.jsonl`);
    if (catalogue.has(entry.name)) errors.push(`${where}: is listed twice`);
    if (typeof entry.description !== 'string' || entry.description.trim() === '') {
      errors.push(`${where}: "description" must be a non-empty string`);
    }
    if (!isPlainObject(entry.responses)) {
      errors.push(`${where}: "responses" must be an object with ${LANGUAGES.join(' and ')} lists`);
    } else {
      for (const language of LANGUAGES) {
        for (const problem of responseProblems(entry.responses[language], language)) errors.push(`${where}: ${problem}`);
      }
    }
    for (const problem of buttonProblems(entry.buttons)) errors.push(`${where}: ${problem}`);
    catalogue.set(entry.name, entry);
  });
  for (const name of REPLY_ONLY_INTENTS) {
    if (!catalogue.has(name)) errors.push(`intents.json: the "${name}" entry is missing`);
  }
  return catalogue;
}

function countByIntentAndLanguage(examples) {
  const counts = new Map();
  for (const { intent, language } of examples) {
    if (!counts.has(intent)) counts.set(intent, Object.fromEntries(LANGUAGES.map((l) => [l, 0])));
    counts.get(intent)[language] += 1;
  }
  return counts;
}

// The same text (after comparisonKey) may appear only once across both files.
function findRepeatedTexts(examples, errors) {
  const firstSeen = new Map();
  for (const example of examples) {
    const key = comparisonKey(example.text);
    if (key === '') {
      errors.push(`${example.where}: "text" has no letters or digits`);
      continue;
    }
    const earlier = firstSeen.get(key);
    if (!earlier) {
      firstSeen.set(key, example);
    } else if (earlier.intent !== example.intent) {
      errors.push(`${example.where}: ${JSON.stringify(example.text)} (${example.intent}) is also in ${earlier.intent} at ${earlier.where}`);
    } else {
      const kind = earlier.text === example.text ? 'duplicate' : 'near-duplicate';
      errors.push(`${example.where}: ${JSON.stringify(example.text)} is a ${kind} of ${earlier.where}`);
    }
  }
}

export function checkDefaultBot(folder) {
  const errors = [];
  const train = readExamples(join(folder, 'train.jsonl'), 'train.jsonl', errors);
  const outOfScope = readExamples(join(folder, 'oos.jsonl'), 'oos.jsonl', errors);
  const catalogue = readCatalogue(join(folder, 'intents.json'), errors);

  for (const example of outOfScope) {
    if (example.intent !== OUT_OF_SCOPE_LABEL) {
      errors.push(`${example.where}: intent must be "${OUT_OF_SCOPE_LABEL}", got "${example.intent}"`);
    }
  }
  const counts = countByIntentAndLanguage(train);
  for (const [intent, perLanguage] of counts) {
    if (REPLY_ONLY_INTENTS.includes(intent)) {
      errors.push(`train.jsonl: "${intent}" is a reply-only entry and must have no training examples`);
    } else if (!catalogue.has(intent)) {
      errors.push(`train.jsonl: intent "${intent}" is not in intents.json`);
    }
    for (const language of LANGUAGES) {
      if (perLanguage[language] < MIN_EXAMPLES_PER_LANGUAGE) {
        errors.push(`train.jsonl: "${intent}" has ${perLanguage[language]} ${language} examples, needs at least ${MIN_EXAMPLES_PER_LANGUAGE}`);
      }
    }
  }
  for (const name of catalogue.keys()) {
    if (!REPLY_ONLY_INTENTS.includes(name) && !counts.has(name)) {
      errors.push(`intents.json: "${name}" has no examples in train.jsonl`);
    }
  }
  findRepeatedTexts([...train, ...outOfScope], errors);

  const outOfScopeCounts = countByIntentAndLanguage(outOfScope).get(OUT_OF_SCOPE_LABEL);
  return { errors, counts, outOfScopeCounts: outOfScopeCounts ?? { en: 0, zh: 0 } };
}

export function formatCountsTable({ counts, outOfScopeCounts }) {
  const row = (name, perLanguage) => `| ${name} | ${LANGUAGES.map((l) => perLanguage[l]).join(' | ')} | ${LANGUAGES.reduce((sum, l) => sum + perLanguage[l], 0)} |`;
  const total = Object.fromEntries(LANGUAGES.map((l) => [l, 0]));
  const lines = [`| intent | ${LANGUAGES.join(' | ')} | total |`, `|---|${LANGUAGES.map(() => '---:|').join('')}---:|`];
  for (const name of [...counts.keys()].sort()) {
    lines.push(row(name, counts.get(name)));
    for (const l of LANGUAGES) total[l] += counts.get(name)[l];
  }
  lines.push(row(`**all ${counts.size} intents**`, total));
  lines.push(row(`oos (oos.jsonl)`, outOfScopeCounts));
  return lines.join('\n');
}

const runAsScript = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (runAsScript) {
  const folder = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  const result = checkDefaultBot(folder);
  console.log(formatCountsTable(result));
  if (result.errors.length > 0) {
    console.error(`\n${result.errors.length} problem(s) in ${folder}:`);
    for (const error of result.errors) console.error(`- ${error}`);
    process.exit(1);
  }
  console.log('\nOK: the default bot data passes every check.');
}
