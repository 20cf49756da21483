import { cvCommand, evalCommand, predictCommand, trainCommand, UsageError } from './commands';

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  train: trainCommand,
  eval: evalCommand,
  predict: predictCommand,
  cv: cvCommand,
};

const USAGE = `usage: pnpm nlu <command> ...
  train <dataDir> --out <modelDir> [--arch NAME] [--epochs N] [--seed S]
  eval <modelDir> <dataDir> [--json] [--html report.html] [--threshold T]
  predict <modelDir> "text" ["more text" ...] [--threshold T]
  cv <dataDir> --folds K [--arch NAME] [--epochs N] [--seed S] [--json]
every command takes --backend auto|tensorflow|wasm|cpu (default: MODEL_BACKEND, else auto);
--threshold T (0..1) replaces the model's calibrated out-of-scope threshold, as NLU_THRESHOLD does in the worker`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name === undefined || name === '--help' ? '' : `unknown command "${name}"\n`}${USAGE}\n`);
    return name === '--help' ? 0 : 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (error) {
    // Expected failures (bad data, bad artefact, bad arguments) are one clear line, not a stack trace.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${message}\n`);
    return error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
