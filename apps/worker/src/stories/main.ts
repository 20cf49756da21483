/**
 * `pnpm bot test [folder or file] [--json]`: runs conversation stories against the worker's own logic
 * and store and reports them (see data/default-bot/stories/README.md). Exit status 0 when every story
 * passes, 1 when one fails, 2 when the stories or the store cannot be used.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { configGroups, createLogger } from '@chatbot/core';
import { DEFAULT_BOT_DIR } from '@chatbot/default-bot';
import { failureLine } from '@chatbot/local-services';
import { z } from 'zod';
import { openStoryBot } from './story-bot';
import { readStories, StoryFileError } from './story-file';
import { formatStoryReport, storyReportJson } from './story-report';
import { runStories } from './story-runner';
import { openStoryStore, type StoryStore } from './story-store';

const USAGE = `Usage: pnpm bot test [folder or file] [--json]

Runs conversation stories (default: data/default-bot/stories) through the worker's own logic: the
active model, the catalogue and forms in the database, the inbound processor and its stored turns.
  store   DATABASE_URL when set (the stories' own conversations are deleted afterwards); otherwise a
          temporary PostgreSQL with the default bot (its model is trained once and kept in .data/story-models)
  --json  print one JSON object {passed, failed, durationMs, stories} and nothing else on stdout
Exit status: 0 every story passed, 1 a story failed, 2 the stories or the store could not be used.`;

const Settings = z.object({
  MODEL_BACKEND: configGroups.model.MODEL_BACKEND,
  NLU_THRESHOLD: configGroups.worker.NLU_THRESHOLD,
  BOT_TIME_ZONE: configGroups.worker.BOT_TIME_ZONE,
});

/** Where the user ran pnpm (pnpm --filter ... exec runs this in apps/worker; INIT_CWD is the directory pnpm was started in). */
const userDir = process.env.INIT_CWD ?? process.cwd();
const shown = (path: string) => (relative(userDir, path).startsWith('..') ? path : relative(userDir, path) || '.');

function parseArguments(args: string[]): { json: boolean; path: string } | { help: true } | { error: string } {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') return { help: true };
  if (command !== 'test') return { error: command === undefined ? 'no command given' : `unknown command "${command}"` };
  let json = false;
  const paths: string[] = [];
  for (const arg of rest) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-')) return { error: `unknown option "${arg}"` };
    else paths.push(arg);
  }
  if (paths.length > 1) return { error: 'give one folder or file of stories' };
  const given = paths[0];
  return { json, path: given === undefined ? join(DEFAULT_BOT_DIR, 'stories') : isAbsolute(given) ? given : resolve(userDir, given) };
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const settings = Settings.safeParse(process.env);
  if (!settings.success) {
    console.error(settings.error.issues.map((issue) => issue.message).join('\n'));
    return 2;
  }
  const { MODEL_BACKEND: backend, NLU_THRESHOLD: threshold, BOT_TIME_ZONE: timeZone } = settings.data;
  // Everything but the report goes to stderr, so that --json leaves stdout to the one JSON object.
  const say = (line: string) => console.error(line);
  const logger = createLogger('bot-test', process.env.LOG_LEVEL ?? 'warn', { destination: process.stderr });

  const stories = await readStories(parsed.path);
  let store: StoryStore | null = null;
  const stop = async (code: number) => {
    await store?.close();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(130));
  try {
    store = await openStoryStore({ env: process.env, logger, backend, say });
    const bot = await openStoryBot(store.db, { logger, backend, threshold, timeZone });
    try {
      (parsed.json ? say : console.log)(
        `Running ${stories.length} ${stories.length === 1 ? 'story' : 'stories'} from ${shown(parsed.path)} against ${store.description}, model ${bot.modelVersion}`,
      );
      const run = await runStories(bot, stories);
      if (parsed.json) console.log(JSON.stringify(storyReportJson(run)));
      else console.log(`\n${formatStoryReport(run)}`);
      return run.failed > 0 ? 1 : 0;
    } finally {
      bot.dispose();
    }
  } finally {
    await store?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A story file's problems are one a line; anything else is one line with its fix, where one is known.
    console.error(error instanceof StoryFileError ? error.message : failureLine(error));
    process.exit(2);
  },
);
