/** A message an adapter received that the platform refuses (empty, too long, malformed). */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/** A zod error's issues in one line ("path: problem; ..."), for an InvalidMessageError. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
