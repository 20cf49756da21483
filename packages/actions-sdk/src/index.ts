export {
  ACTION_PROTOCOL_VERSION,
  ActionNameSchema,
  ActionRequestSchema,
  ActionResponseSchema,
  ButtonSchema,
  EntitySchema,
  HistoryTurnSchema,
  MAX_ACTION_TEXT_LENGTH,
  MAX_BUTTONS,
  MAX_BUTTON_LABEL_LENGTH,
  MAX_BUTTON_URL_LENGTH,
  SlotSchema,
} from './contract';
export type { ActionRequest, ActionResponse, Button } from './contract';
export { DEFAULT_REPLAY_WINDOW_SECONDS, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody, signatureHeaders, verifySignature } from './signature';
export type { VerifyOptions, VerifyResult } from './signature';
export { HEALTH_PATH, createActionListener, serveActions } from './server';
export type { ActionHandler, ActionListenerOptions, ActionServer } from './server';
export { oncePerKey } from './once-per-key';
