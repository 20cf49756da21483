/** A message an adapter received that the platform refuses (empty, too long, malformed). */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}
