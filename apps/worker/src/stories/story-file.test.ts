import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStoryFile, readStories, StoryFileError } from './story-file';

const story = (steps: string) => `stories:\n  - name: where is my order (en)\n    language: en\n    steps:\n${steps}`;
const parseError = (source: string) => {
  try {
    parseStoryFile(source, 'orders.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(StoryFileError);
    return (error as Error).message;
  }
  throw new Error('parsed without an error');
};

describe('parseStoryFile', () => {
  it('reads stories with their steps and expectations, numbers and yes/no as the text typed', () => {
    const [parsed] = parseStoryFile(
      story(
        '      - user: where is my order?\n        intent: order_status\n        reply: { asks: order_id }\n        form: order_status\n' +
          '      - user: 48213\n        reply: { completes: order_status }\n        reply_contains: 48213\n        slots: { order_id: 48213, reason: null }\n        handoff: false\n        events: [slot_filled]\n' +
          '      - user: yes\n',
      ),
      'orders.yaml',
    );
    expect(parsed).toEqual({
      file: 'orders.yaml',
      name: 'where is my order (en)',
      language: 'en',
      steps: [
        { user: 'where is my order?', intent: 'order_status', reply: { asks: 'order_id' }, form: 'order_status' },
        {
          user: '48213',
          reply: { completes: 'order_status' },
          reply_contains: ['48213'],
          slots: { order_id: '48213', reason: null },
          handoff: false,
          events: ['slot_filled'],
        },
        { user: 'yes' },
      ],
    });
  });

  it('refuses a file that is not YAML, saying where', () => {
    expect(parseError(story('      - user: "where is my order?\n'))).toMatch(/^orders\.yaml:\d+:\d+: not valid YAML: Missing closing "quote$/);
    expect(parseError('stories:\n  - name: a\n    name: b\n    steps: []\n')).toBe('orders.yaml:3:5: not valid YAML: Map keys must be unique');
  });

  it('refuses an unknown expectation, naming the story, the step and the known ones', () => {
    expect(parseError(story('      - user: hi\n      - user: where is my order?\n        intnet: order_status\n'))).toBe(
      'orders.yaml: story 1 "where is my order (en)", step 2 (user: "where is my order?"): unknown expectation "intnet" (known: user, intent, reply, reply_contains, slots, form, handoff, events)',
    );
    expect(parseError(story('      - user: hi\n        reply: { confirm: true }\n'))).toBe(
      'orders.yaml: story 1 "where is my order (en)", step 1 (user: "hi"): reply: unknown kind of reply "confirm" (known: asks, confirms, completes, cancelled, intent_reply, fallback)',
    );
  });

  it('refuses an empty reply expectation', () => {
    expect(parseError(story('      - user: hi\n        reply: {}\n'))).toBe(
      'orders.yaml: story 1 "where is my order (en)", step 1 (user: "hi"): reply: needs at least one of: asks, confirms, completes, cancelled, intent_reply, fallback',
    );
  });

  it('refuses a step without user text', () => {
    expect(parseError(story('      - intent: greeting\n'))).toBe(
      'orders.yaml: story 1 "where is my order (en)", step 1: user: missing: write what the user says (user: ...)',
    );
    expect(parseError(story('      - user: "  "\n'))).toBe(
      'orders.yaml: story 1 "where is my order (en)", step 1 (user: "  "): user: is empty: write what the user says',
    );
  });

  it('lists every problem of a file, each with its place', () => {
    const message = parseError(
      'stories:\n  - name: a\n    language: fr\n    steps:\n      - user: hi\n        reply: { confirms: false }\n        events: [form_begun]\n        slots: { order_id: "1", address: 1 Main St, Springfield }\n',
    );
    expect(message.split('\n')).toEqual([
      'orders.yaml: story 1 "a": language: must be en or zh',
      'orders.yaml: story 1 "a", step 1 (user: "hi"): reply.confirms: write `confirms: true` or leave it out',
      'orders.yaml: story 1 "a", step 1 (user: "hi"): slots: "Springfield" is not a slot name (lowercase snake_case); a value with a comma inside { } needs quotes',
      expect.stringMatching(/^orders\.yaml: story 1 "a", step 1 \(user: "hi"\): events: "form_begun" must be one of: form_started, slot_filled, /),
    ]);
  });

  it('refuses a file without stories, a story without steps and two stories of one name', () => {
    expect(parseError('')).toBe('orders.yaml: must hold `stories:`, a list of stories (see data/default-bot/stories/README.md)');
    expect(parseError('stories:\n  - name: a\n    steps: []\n')).toBe('orders.yaml: story 1 "a": steps: is empty: a story needs at least one step');
    expect(parseError('stories:\n  - name: a\n    steps: [{ user: hi }]\n  - name: a\n    steps: [{ user: hello }]\n')).toBe(
      'orders.yaml: story 2 "a": the name is used by an earlier story of the file',
    );
  });
});

describe('readStories', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('reads every YAML file of a folder in name order, skipping other files, and reports all bad files at once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'stories-'));
    await writeFile(join(dir, 'b.yaml'), 'stories:\n  - name: second\n    steps: [{ user: hi }]\n');
    await writeFile(join(dir, 'a.yml'), 'stories:\n  - name: first\n    steps: [{ user: hello }]\n');
    await writeFile(join(dir, 'README.md'), '# not a story');
    expect((await readStories(dir)).map((read) => [read.file, read.name])).toEqual([
      ['a.yml', 'first'],
      ['b.yaml', 'second'],
    ]);
    expect((await readStories(join(dir, 'b.yaml'))).map((read) => read.file)).toEqual(['b.yaml']);

    await writeFile(join(dir, 'c.yaml'), 'stories: []\n');
    await writeFile(join(dir, 'd.yaml'), 'stories:\n  - name: x\n    steps: [{ intent: greeting }]\n');
    await expect(readStories(dir)).rejects.toThrow(
      'c.yaml: stories: is empty: a story file needs at least one story\nd.yaml: story 1 "x", step 1: user: missing: write what the user says (user: ...)',
    );
  });

  it('says so when the folder is missing or holds no stories', async () => {
    dir = await mkdtemp(join(tmpdir(), 'stories-'));
    await expect(readStories(join(dir, 'nowhere'))).rejects.toThrow(`${join(dir, 'nowhere')}: no such file or folder`);
    await expect(readStories(dir)).rejects.toThrow(`${dir}: no story files (*.yaml) in this folder`);
  });
});
