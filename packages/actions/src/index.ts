// The name's rule is the SDK's: forms and intents name actions too.
export { ActionNameSchema } from '@chatbot/actions-sdk';
export { ActionConfigSchema, DEFAULT_ACTION_TIMEOUT_MS, DEFAULT_INTERIM_AFTER_MS, MAX_ACTION_TIMEOUT_MS, MIN_SECRET_LENGTH } from './action-config';
export type { ActionConfig, ActionConfigInput } from './action-config';
export { PrivateAddressError, checkActionAddress, isPublicAddress } from './address-guard';
export { ActionCaller, BREAKER_FAILURES, BREAKER_OPEN_MS, MAX_RESPONSE_BYTES } from './action-caller';
export type { ActionCallOutcome, ActionCallStatus, CallOptions } from './action-caller';
