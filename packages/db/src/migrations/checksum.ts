import { createHash } from 'node:crypto';

/** The checksum Prisma records for a migration: sha256 of the script, as 64 lowercase hex digits. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a script matches a recorded checksum. Like Prisma, a file whose line endings git turned
 * from LF into CRLF (or back) still counts as unchanged.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll(/\r?\n/g, '\r\n')];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}
