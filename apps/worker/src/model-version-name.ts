/** A sortable, unique-enough version name: v20261129-193000-1a2b3c4d (creation time + start of the data hash). */
export function modelVersionName(createdAt: Date, dataHash: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const hex = dataHash.replace(/^[a-z0-9]+:/, ''); // "sha256:1a2b..." -> "1a2b..."
  return `v${stamp}-${hex.slice(0, 8)}`;
}
