import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function generateClient(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/generate.mjs', import.meta.url))], { stdio: 'inherit' });
}
