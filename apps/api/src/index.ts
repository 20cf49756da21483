export { buildApiServer, DEFAULT_BASE_TRAINING_DATA, DEFAULT_MIN_EXAMPLES_PER_INTENT, type ApiServerOptions } from './server';
export { ADMIN_API_PREFIX } from './admin/admin-api';
