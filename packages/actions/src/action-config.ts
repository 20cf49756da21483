import { ActionNameSchema } from '@chatbot/actions-sdk';
import { z } from 'zod';

/** What an admin configures for an action. The secret is write-only: the API never returns it. */

export const MAX_ACTION_TIMEOUT_MS = 30_000;
export const DEFAULT_ACTION_TIMEOUT_MS = 8_000;
export const DEFAULT_INTERIM_AFTER_MS = 1_500;
export const MIN_SECRET_LENGTH = 16;

export const ActionConfigSchema = z
  .strictObject({
    name: ActionNameSchema,
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
      .max(2000)
      .refine((url) => {
        const parsed = new URL(url);
        return parsed.username === '' && parsed.password === '';
      }, 'must not carry a user name or password (the request is signed with the secret instead)'),
    secret: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).max(500),
    timeoutMs: z.int().min(100).max(MAX_ACTION_TIMEOUT_MS).default(DEFAULT_ACTION_TIMEOUT_MS),
    interimAfterMs: z.int().min(0).max(MAX_ACTION_TIMEOUT_MS).default(DEFAULT_INTERIM_AFTER_MS),
    retries: z.int().min(0).max(3).default(1),
    repeatOnRetry: z.boolean().default(false),
    allowPrivateNetwork: z.boolean().default(false),
  })
  .refine((config) => config.interimAfterMs < config.timeoutMs || config.interimAfterMs === 0, {
    path: ['interimAfterMs'],
    message: 'must be shorter than timeoutMs (or 0 for no interim message)',
  });
export type ActionConfig = z.output<typeof ActionConfigSchema>;
export type ActionConfigInput = z.input<typeof ActionConfigSchema>;
