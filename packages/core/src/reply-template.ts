/**
 * Replies that carry values the user typed (slot values: an order number, an email address) are sent
 * as a template with `{name}` placeholders and the values beside it, never spliced together before the
 * channel sees them: each channel escapes the values for its own markup (Slack's `<!channel>`, Discord's
 * masked links and mentions), so a value can never become markup, whatever it contains.
 */

const PLACEHOLDER = /\{([a-z_][a-z0-9_]{0,39})\}/g;

/**
 * Fills `{name}` placeholders with `escape(value)`. A placeholder without a variable is left as it
 * is; a value is inserted once and never read again as a template (a value "{order_id}" stays that text).
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, string>>, escape: (value: string) => string = (value) => value): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) => (Object.hasOwn(variables, name) ? escape(variables[name]!) : placeholder));
}

/** The placeholder names a template uses, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}
