export { buildApiServer, DEFAULT_BOT_DATA_DIR, DEFAULT_MIN_EXAMPLES_PER_INTENT, type ApiServerOptions } from './server';
export { ADMIN_API_PREFIX } from './admin/admin-api';
