/** A record the caller named (by id or key) does not exist. */
export class RecordNotFoundError extends Error {
  override name = 'RecordNotFoundError';
}

/** A training run's result came after the run had finished (failed or cancelled meanwhile). */
export class TrainingRunNotRunningError extends Error {
  override name = 'TrainingRunNotRunningError';
}

/** An applied migration's file no longer matches what was applied; the database and the code disagree. */
export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
}

/** A migration could not be applied (or an earlier attempt was left unfinished by another tool). */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

/** An agent acted on a conversation that is not waiting for a person (the bot has it, or it is closed). */
export class ConversationNotHandedOffError extends Error {
  override name = 'ConversationNotHandedOffError';
}

/** An agent acted on a conversation another agent has claimed; the message names that agent. */
export class ConversationClaimedError extends Error {
  override name = 'ConversationClaimedError';
}
