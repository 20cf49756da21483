/**
 * Slot patterns: admin-written regular expressions that a value must match as a whole. A pattern
 * runs on every answer in the worker, so one that can take exponential time is refused when saved.
 */

/** Compiles a slot's pattern the way the policy uses it: the whole value must match (like HTML's `pattern`). */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Why the pattern cannot be used, or null. */
export function patternProblem(pattern: string): string | null {
  try {
    compilePattern(pattern);
  } catch (error) {
    return `is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (hasNestedRepetition(pattern)) return 'repeats a group that itself repeats, like (a+)+, which can take exponential time on some input: write it without the nesting';
  return null;
}

/**
 * Whether a group containing a variable-length repetition (*, +, {n,}, {n,m}) is itself repeated:
 * the classic catastrophic-backtracking shape. Heuristic; alternatives that overlap, like (a|a)+, are not caught.
 */
export function hasNestedRepetition(pattern: string): boolean {
  const groups: boolean[] = [];
  let inClass = false;
  let closedVariable = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] as string;
    if (char === '\\') {
      index++;
      closedVariable = false;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') groups.push(false);
    else if (char === ')') {
      const variable = groups.pop() ?? false;
      if (variable && groups.length > 0) groups[groups.length - 1] = true;
      closedVariable = variable;
      continue;
    } else {
      const repetition = repetitionAt(pattern, index);
      if (repetition) {
        if (repetition.variable && closedVariable) return true;
        if (repetition.variable && groups.length > 0) groups[groups.length - 1] = true;
        index = repetition.end;
      }
    }
    closedVariable = false;
  }
  return false;
}

/** A quantifier starting at `index`: whether it repeats a variable number of times, and where it ends. */
function repetitionAt(pattern: string, index: number): { variable: boolean; end: number } | null {
  const char = pattern[index];
  if (char === '*' || char === '+') return { variable: true, end: index };
  if (char !== '{') return null;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!match) return null;
  const variable = match[2] !== undefined && (match[3] === '' || Number(match[3]) > Number(match[1]));
  return { variable, end: index + match[0].length - 1 };
}
