import { ApiKeyRoleSchema } from '@chatbot/db';
import { z } from 'zod';
import { allowedRoles, defineRoute, type AnyAdminRoute } from './admin-route';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema =>
  // io 'input': what a client sends (before defaults and transforms); 'output': what it gets back. Dates etc. become `{}`.
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Path parameters or query fields of a zod object schema as OpenAPI parameters. */
function parameters(where: 'path' | 'query', schema: z.ZodType | undefined): unknown[] {
  if (!schema) return [];
  const json = toJsonSchema(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/**
 * Schemas for components.schemas that no route takes or gives, but that others build against (the
 * action contract a business's action server implements): by name, with which side of it they describe.
 */
export type ContractSchemas = Record<string, { schema: z.ZodType; io: 'input' | 'output'; description: string }>;

/** OpenAPI 3 description of the admin routes, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly AnyAdminRoute[], basePath: string, contracts: ContractSchemas = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = basePath + route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const roles = allowedRoles(route);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      description: `Roles allowed: ${roles.join(', ')}.`,
      parameters: [...parameters('path', route.params), ...parameters('query', route.query)],
      // A body schema that accepts nothing at all (`.optional()`) may be left out.
      ...(route.body
        ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: toJsonSchema(route.body) } } } }
        : {}),
      responses: {
        [String(route.status ?? 200)]: route.eventStream
          ? { description: 'Success: server-sent events until the client disconnects', content: { 'text/event-stream': { schema: { type: 'string' } } } }
          : {
              description: 'Success (JSON)',
              ...(route.response ? { content: { 'application/json': { schema: toJsonSchema(route.response, 'output') } } } : {}),
            },
        '400': errorResponse('The request is malformed or refused; the message names each problem (and `reasons` lists them, where there are several)'),
        '401': errorResponse('Missing or invalid bearer token'),
        ...(ApiKeyRoleSchema.options.every((role) => roles.includes(role)) ? {} : { '403': errorResponse(`The key is not one of: ${roles.join(', ')}`) }),
        '404': errorResponse('A record the request names does not exist'),
        ...(route.method === 'GET'
          ? {}
          : { '409': errorResponse('The record is not in a state that allows this'), '422': errorResponse('Understood but refused; the message says why') }),
        ...(route.eventStream ? { '503': errorResponse('This API process streams to as many clients as it may; try again later or another process') } : {}),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Chatbot platform admin API', version: '1' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, or an API key created with POST /api/v1/api-keys' } },
      schemas: {
        ...Object.fromEntries(Object.entries(contracts).map(([name, { schema, io, description }]) => [name, { ...toJsonSchema(schema, io), description }])),
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                reasons: { type: 'array', items: { type: 'string' }, description: 'Each problem of a refused definition (a form, a custom entity), one sentence each' },
              },
            },
          },
        },
      },
    },
  };
}

/** `GET /openapi.json`, describing `routes` and itself (and `contracts` among its components). */
export function openApiRoute(routes: readonly AnyAdminRoute[], basePath: string, contracts: ContractSchemas = {}): AnyAdminRoute {
  let document: Record<string, unknown> | undefined;
  const route: AnyAdminRoute = defineRoute({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This description of the admin API (OpenAPI 3)',
    handler: async () => (document ??= buildOpenApiDocument([...routes, route], basePath, contracts)),
  });
  return route;
}
