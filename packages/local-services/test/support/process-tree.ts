import { readdirSync, readFileSync } from 'node:fs';
import { commandOf, isRunning } from '../../src/index';

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Every running process below `pid` (children, theirs, ...), from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found.filter(isRunning);
}

/** The first of `pids` whose command line matches. */
export function findProcess(pids: readonly number[], matches: (argv: string[]) => boolean): number | undefined {
  return pids.find((pid) => matches(commandOf(pid) ?? []));
}

/** The ones of `pids` still running, with their command lines, for a failing assertion to show. */
export function stillRunning(pids: readonly number[]): string[] {
  return pids.filter(isRunning).map((pid) => `${pid}: ${(commandOf(pid) ?? []).join(' ')}`);
}
