import { describe, expect, it } from 'vitest';
import type { ObservedStep } from './story-check';
import { formatStoryReport, storyReportJson, summaryLine } from './story-report';
import type { StoryRun } from './story-runner';

const asked: ObservedStep = {
  intent: 'order_status',
  outOfScope: false,
  confidence: 0.97,
  reply: { text: "Sure, I can help with that. What's your order number?", kind: 'bot' },
  intentReplies: [],
  events: [{ type: 'form_started', intent: 'order_status' }],
  slots: {},
  form: { intent: 'order_status', asking: 'order_id', confirming: false },
  handedOff: false,
};
const completed: ObservedStep = {
  ...asked,
  confidence: 0.41,
  outOfScope: true,
  intent: null,
  reply: { text: "Thanks! I've noted order 48213.", kind: 'bot' },
  events: [
    { type: 'slot_filled', intent: 'order_status', slot: 'order_id', value: '48213' },
    { type: 'form_completed', intent: 'order_status', slots: { order_id: '48213' } },
  ],
  slots: { order_id: '48213' },
  form: null,
};

const run: StoryRun = {
  passed: 1,
  failed: 1,
  durationMs: 1234,
  stories: [
    {
      file: 'cancel.yaml',
      name: 'a cancel phrase stops the form (en)',
      language: 'en',
      passed: true,
      steps: [{ step: 1, user: 'where is my order?', passed: true, problems: [], observed: asked }],
      notRun: 0,
      durationMs: 20,
    },
    {
      file: 'order_status.yaml',
      name: 'asks for the order number, then notes it (en)',
      language: 'en',
      passed: false,
      steps: [
        { step: 1, user: 'where is my order?', passed: true, problems: [], observed: asked },
        { step: 2, user: "it's 48213", passed: false, problems: ['form: expected order_status, got none'], observed: completed },
      ],
      notRun: 2,
      durationMs: 30,
    },
  ],
};

describe('formatStoryReport', () => {
  it('shows each story under its file, and for a failure the step, what was expected and what happened', () => {
    expect(formatStoryReport(run)).toBe(
      [
        'cancel.yaml',
        '  ✓ a cancel phrase stops the form (en)',
        '',
        'order_status.yaml',
        '  ✗ asks for the order number, then notes it (en)',
        `      step 2 of 4, user: "it's 48213"`,
        '        - form: expected order_status, got none',
        '        what happened:',
        '          intent  out_of_scope (0.41)',
        `          reply   bot: "Thanks! I've noted order 48213."`,
        '          form    none',
        '          slots   order_id="48213"',
        '          events  slot_filled(order_status, order_id="48213"), form_completed(order_status)',
        '          handoff no',
        '      (steps 3-4 not run)',
        '',
        '2 stories: 1 passed, 1 failed (1.2 s)',
      ].join('\n'),
    );
  });

  it('names what the form waits for, a handoff notice and a silent bot', () => {
    const handedOff: StoryRun = {
      passed: 0,
      failed: 1,
      durationMs: 50,
      stories: [
        {
          ...run.stories[1]!,
          steps: [
            {
              step: 1,
              user: 'talk to a human',
              passed: false,
              problems: ['handoff: expected the bot to keep the conversation; it went to a person'],
              observed: { ...asked, reply: { text: 'Connecting you', kind: 'system' }, handedOff: true },
            },
          ],
          notRun: 1,
        },
      ],
    };
    const report = formatStoryReport(handedOff);
    expect(report).toContain('          reply   handoff notice: "Connecting you"\n          form    order_status form waits for order_id\n');
    expect(report).toContain('          handoff yes\n      (step 2 not run)\n');
    const silent = formatStoryReport({
      ...handedOff,
      stories: [{ ...handedOff.stories[0]!, steps: [{ ...handedOff.stories[0]!.steps[0]!, observed: { ...asked, reply: null } }] }],
    });
    expect(silent).toContain('reply   none (a person has the conversation)');
  });

  it('shows a step the worker failed on without what happened', () => {
    const failed: StoryRun = {
      ...run,
      stories: [
        { ...run.stories[1]!, steps: [{ step: 1, user: 'hi', passed: false, problems: ['the worker failed on this message: boom'], observed: null }], notRun: 0 },
      ],
    };
    expect(formatStoryReport(failed)).toContain('      step 1 of 1, user: "hi"\n        - the worker failed on this message: boom\n\n');
  });
});

describe('summaryLine and storyReportJson', () => {
  it('counts stories in words and keeps the JSON to the run', () => {
    expect(summaryLine({ passed: 1, failed: 0, durationMs: 40 })).toBe('1 story: 1 passed, 0 failed (0.0 s)');
    expect(JSON.parse(JSON.stringify(storyReportJson(run)))).toMatchObject({
      passed: 1,
      failed: 1,
      stories: [
        { file: 'cancel.yaml', passed: true },
        { passed: false, notRun: 2 },
      ],
    });
  });
});
