import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * A request body that a checker reads rather than the route's zod schema (a form goes to
 * @chatbot/dialogue's checkForm, a custom entity to @chatbot/entities' checkCustomEntity): any JSON
 * object reaches the handler, which refuses it with the checker's sentences, every one of them. So that
 * openapi.json still says what to send, the body is described with the checker's own schema, less the
 * fields the path gives (`fromPath`: optional in the body, and the path wins).
 */
export function checkedBody(documentation: z.ZodType, options: { description: string; fromPath: readonly string[] }) {
  const json = z.toJSONSchema(documentation, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
  return z.record(z.string(), z.unknown()).meta({ ...withOptional(json, options.fromPath), description: options.description });
}

/** The schema with `fields` left out of `required`, in it and in each of its oneOf/anyOf alternatives. */
function withOptional(schema: JsonSchema, fields: readonly string[]): JsonSchema {
  const result: JsonSchema = { ...schema };
  if (Array.isArray(schema.required)) result.required = schema.required.filter((name) => !fields.includes(name as string));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives)) result[key] = alternatives.map((alternative: JsonSchema) => withOptional(alternative, fields));
  }
  return result;
}
