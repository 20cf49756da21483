export { buildApiServer, type ApiServerOptions } from './server';
export { ADMIN_API_PREFIX } from './admin-api';
