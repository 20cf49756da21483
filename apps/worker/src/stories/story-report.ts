import { waitingFor, type ObservedStep } from './story-check';
import type { StoryResult, StoryRun } from './story-runner';

/**
 * The readable report of a story run: a line per story (✓ or ✗) under its file; under a failed one,
 * the step, each expectation it missed, and what happened instead; then a summary line.
 */
export function formatStoryReport(run: StoryRun): string {
  const lines: string[] = [];
  let file: string | null = null;
  for (const story of run.stories) {
    if (story.file !== file) {
      if (file !== null) lines.push('');
      file = story.file;
      lines.push(file);
    }
    lines.push(`  ${story.passed ? '✓' : '✗'} ${story.name}`);
    if (!story.passed) lines.push(...failureLines(story));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(run));
  return lines.join('\n');
}

/** "38 stories: 37 passed, 1 failed (4.2 s)". */
export function summaryLine(run: Pick<StoryRun, 'passed' | 'failed' | 'durationMs'>): string {
  const total = run.passed + run.failed;
  return `${total} ${total === 1 ? 'story' : 'stories'}: ${run.passed} passed, ${run.failed} failed (${(run.durationMs / 1000).toFixed(1)} s)`;
}

/** The lines under a failed story: its failed step, what was expected, what happened. */
export function failureLines(story: StoryResult): string[] {
  const failed = story.steps.find((step) => !step.passed);
  if (!failed) return [];
  const total = story.steps.length + story.notRun;
  const lines = [`      step ${failed.step} of ${total}, user: ${JSON.stringify(failed.user)}`];
  for (const problem of failed.problems) lines.push(`        - ${problem}`);
  if (failed.observed) {
    lines.push('        what happened:');
    for (const [label, value] of observedFields(failed.observed)) lines.push(`          ${label.padEnd(8)}${value}`);
  }
  if (story.notRun > 0) {
    const first = failed.step + 1;
    lines.push(`      (${story.notRun === 1 ? `step ${first}` : `steps ${first}-${total}`} not run)`);
  }
  return lines;
}

/** What a step did, as label and value pairs. */
export function observedFields(observed: ObservedStep): Array<[string, string]> {
  const slots = Object.entries(observed.slots);
  return [
    ['intent', `${observed.outOfScope ? 'out_of_scope' : observed.intent} (${observed.confidence.toFixed(2)})`],
    [
      'reply',
      observed.reply ? `${observed.reply.kind === 'system' ? 'handoff notice' : 'bot'}: ${JSON.stringify(observed.reply.text)}` : 'none (a person has the conversation)',
    ],
    ['form', observed.form ? waitingFor(observed).replace(/^the /, '') : 'none'],
    ['slots', slots.length > 0 ? slots.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ') : 'none'],
    ['events', observed.events.length > 0 ? observed.events.map(describeEvent).join(', ') : 'none'],
    ['handoff', observed.handedOff ? 'yes' : 'no'],
  ];
}

/** "slot_filled(order_status, order_id=48213)", "form_interrupted(order_status, by opening_hours)", ... */
function describeEvent(event: ObservedStep['events'][number]): string {
  const details: string[] = [];
  if (typeof event.intent === 'string') details.push(event.intent);
  if (typeof event.slot === 'string') details.push(event.value === undefined ? event.slot : `${event.slot}=${JSON.stringify(event.value)}`);
  if (typeof event.by === 'string') details.push(`by ${event.by}`);
  if (typeof event.reason === 'string') details.push(event.reason);
  if (typeof event.outcome === 'string') details.push(`-> ${event.outcome}`);
  return details.length > 0 ? `${event.type}(${details.join(', ')})` : event.type;
}

/** The one JSON object `pnpm bot test --json` prints. */
export function storyReportJson(run: StoryRun): { passed: number; failed: number; durationMs: number; stories: StoryResult[] } {
  return { passed: run.passed, failed: run.failed, durationMs: run.durationMs, stories: run.stories };
}
