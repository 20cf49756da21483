// Specification of check.mjs. Run: node --test data/default-bot/
// Each case starts from a small valid data set in a temporary folder, breaks one rule, and expects
// the checker to name the problem; the shipped data itself must pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MIN_EXAMPLES_PER_LANGUAGE, checkDefaultBot, comparisonKey, formatCountsTable } from './check.mjs';

const shippedFolder = dirname(fileURLToPath(import.meta.url));
const checkScript = join(shippedFolder, 'check.mjs');
const folders = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function examples(intent, count, englishStem, chineseStem) {
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    rows.push({ text: `${englishStem} ${i}`, intent, language: 'en' });
    rows.push({ text: `${chineseStem}${i}`, intent, language: 'zh' });
  }
  return rows;
}

function catalogueEntry(name) {
  return {
    name,
    description: `${name} replies`,
    responses: { en: ['Hello there!', 'Hi!'], zh: ['您好！', '你好呀～'] },
  };
}

function validData() {
  return {
    train: examples('greeting', MIN_EXAMPLES_PER_LANGUAGE, 'hello number', '你好编号'),
    oos: [
      { text: "what's the weather", intent: 'oos', language: 'en' },
      { text: '今天天气怎么样', intent: 'oos', language: 'zh' },
    ],
    intents: ['greeting', 'fallback', 'handoff'].map(catalogueEntry),
  };
}

// Writes the data set to a fresh folder; `trainLines` replaces train.jsonl's text when given.
function writeFolder({ train, oos, intents, trainLines }) {
  const folder = mkdtempSync(join(tmpdir(), 'default-bot-check-'));
  folders.push(folder);
  const jsonLines = (rows) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  writeFileSync(join(folder, 'train.jsonl'), trainLines ?? jsonLines(train));
  writeFileSync(join(folder, 'oos.jsonl'), jsonLines(oos));
  writeFileSync(join(folder, 'intents.json'), JSON.stringify(intents, null, 2));
  return folder;
}

function errorsFor(change) {
  const data = validData();
  change(data);
  return checkDefaultBot(writeFolder(data)).errors;
}

function assertOneErrorMatching(errors, pattern) {
  assert.equal(errors.filter((error) => pattern.test(error)).length, 1, `expected one error matching ${pattern}, got:\n${errors.join('\n')}`);
}

describe('checkDefaultBot', () => {
  test('the shipped default bot data passes every check', () => {
    const result = checkDefaultBot(shippedFolder);
    assert.deepEqual(result.errors, []);
    assert.ok(result.counts.size >= 16);
  });

  test('a valid data set has no errors and is counted per intent and language', () => {
    const result = checkDefaultBot(writeFolder(validData()));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.counts.get('greeting'), { en: MIN_EXAMPLES_PER_LANGUAGE, zh: MIN_EXAMPLES_PER_LANGUAGE });
    assert.deepEqual(result.outOfScopeCounts, { en: 1, zh: 1 });
  });

  test('a line that is not JSON is reported with its file and line number', () => {
    const data = validData();
    const lines = data.train.map((row) => JSON.stringify(row));
    lines.splice(2, 0, '{"text": "broken"');
    const { errors } = checkDefaultBot(writeFolder({ ...data, trainLines: lines.join('\n') }));
    assertOneErrorMatching(errors, /^train\.jsonl:3: not valid JSON/);
  });

  test('a Chinese example without Chinese characters is rejected', () => {
    const errors = errorsFor((data) => data.train.push({ text: 'hello zh', intent: 'greeting', language: 'zh' }));
    assertOneErrorMatching(errors, /labelled zh but has no Chinese characters/);
  });

  test('an English example with Chinese characters is rejected', () => {
    const errors = errorsFor((data) => data.train.push({ text: 'hi 你好', intent: 'greeting', language: 'en' }));
    assertOneErrorMatching(errors, /labelled en but contains Chinese characters/);
  });

  test('an unknown language and unknown keys are rejected', () => {
    const errors = errorsFor((data) => data.train.push({ text: 'bonjour', intent: 'greeting', language: 'fr', source: 'x' }));
    assertOneErrorMatching(errors, /"language" must be one of en, zh/);
    assertOneErrorMatching(errors, /unknown keys: source/);
  });

  test('an intent without an entry in intents.json is rejected', () => {
    const errors = errorsFor((data) => data.train.push(...examples('order_status', MIN_EXAMPLES_PER_LANGUAGE, 'where is it', '到哪了')));
    assertOneErrorMatching(errors, /intent "order_status" is not in intents.json/);
  });

  test('an intent with too few examples in one language is rejected', () => {
    const errors = errorsFor((data) => {
      data.train = data.train.filter((row) => row.text !== '你好编号0');
    });
    assertOneErrorMatching(errors, /"greeting" has 39 zh examples, needs at least 40/);
  });

  test('exact duplicates and near-duplicates are rejected', () => {
    const errors = errorsFor((data) => {
      data.train.push({ text: 'hello number 1', intent: 'greeting', language: 'en' });
      data.train.push({ text: 'Hello, number 2!', intent: 'greeting', language: 'en' });
    });
    assertOneErrorMatching(errors, /"hello number 1" is a duplicate of train\.jsonl:3/);
    assertOneErrorMatching(errors, /"Hello, number 2!" is a near-duplicate of train\.jsonl:5/);
  });

  test('the same text under two intents is rejected, also across train and oos', () => {
    const errors = errorsFor((data) => data.oos.push({ text: 'hello number 7', intent: 'oos', language: 'en' }));
    assertOneErrorMatching(errors, /\(oos\) is also in greeting/);
  });

  test('oos.jsonl may only hold the oos label', () => {
    const errors = errorsFor((data) => data.oos.push({ text: 'where is my parcel', intent: 'order_status', language: 'en' }));
    assertOneErrorMatching(errors, /oos\.jsonl:3: intent must be "oos"/);
  });

  test('the fallback and handoff entries are required and have no examples', () => {
    const missing = errorsFor((data) => {
      data.intents = data.intents.filter((entry) => entry.name !== 'handoff');
    });
    assertOneErrorMatching(missing, /the "handoff" entry is missing/);
    const trained = errorsFor((data) => data.train.push(...examples('fallback', MIN_EXAMPLES_PER_LANGUAGE, 'huh what', '什么意思')));
    assertOneErrorMatching(trained, /"fallback" is a reply-only entry/);
  });

  test('responses are required in both languages, without placeholders', () => {
    const errors = errorsFor((data) => {
      data.intents[0].responses = { en: ['Hi {name}!', 'Hello!'] };
    });
    assertOneErrorMatching(errors, /"greeting": has no "zh" responses/);
    assertOneErrorMatching(errors, /"en" response 1 contains a placeholder brace/);
  });

  test('a single reply per language is too few', () => {
    const errors = errorsFor((data) => {
      data.intents[0].responses.zh = ['您好！'];
    });
    assertOneErrorMatching(errors, /has 1 "zh" responses, needs at least 2/);
  });

  test("buttons are labelled in their list's language, and a reply button sends text in it", () => {
    const fine = errorsFor((data) => {
      data.intents[0].buttons = { en: [{ type: 'reply', label: 'Talk to a person', text: 'talk to a human' }], zh: [{ type: 'reply', label: '转人工' }] };
    });
    assert.deepEqual(fine, []);
    const errors = errorsFor((data) => {
      data.intents[0].buttons = { en: [{ type: 'reply', label: '转人工' }], zh: [{ type: 'reply', label: '转人工', text: 'talk to a human' }], fr: [] };
    });
    assertOneErrorMatching(errors, /"greeting": "en" button 1: "label" is labelled en but contains Chinese characters/);
    assertOneErrorMatching(errors, /"greeting": "zh" button 1: "text" is labelled zh but has no Chinese characters/);
    assertOneErrorMatching(errors, /"greeting": "buttons" has an unknown language: fr/);
  });

  test('an intent in intents.json without training examples is rejected', () => {
    const errors = errorsFor((data) => data.intents.push(catalogueEntry('complaint')));
    assertOneErrorMatching(errors, /"complaint" has no examples in train\.jsonl/);
  });
});

describe('comparisonKey', () => {
  test('ignores case, punctuation, spacing and full-width forms', () => {
    assert.equal(comparisonKey('Where is my order?!'), comparisonKey('where is  my order'));
    assert.equal(comparisonKey('在吗？'), comparisonKey('在吗'));
    assert.equal(comparisonKey('ＯＫ谢谢'), comparisonKey('ok谢谢'));
    assert.notEqual(comparisonKey('order 1'), comparisonKey('order 2'));
  });
});

describe('check.mjs as a command', () => {
  test('prints the counts table and exits 0 for valid data', () => {
    const run = spawnSync(process.execPath, [checkScript, writeFolder(validData())], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\| greeting \| 40 \| 40 \| 80 \|/);
  });

  test('exits 1 and lists the problems for broken data', () => {
    const data = validData();
    data.train.pop();
    const run = spawnSync(process.execPath, [checkScript, writeFolder(data)], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /1 problem\(s\)/);
    assert.match(run.stderr, /"greeting" has 39 zh examples/);
  });

  test('the table has one row per intent plus totals and oos', () => {
    const table = formatCountsTable(checkDefaultBot(writeFolder(validData())));
    assert.match(table, /\| \*\*all 1 intents\*\* \| 40 \| 40 \| 80 \|/);
    assert.match(table, /\| oos \(oos\.jsonl\) \| 1 \| 1 \| 2 \|/);
  });
});
