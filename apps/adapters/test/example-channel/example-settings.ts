import { z } from 'zod';

/** The example channel's environment variables; EXAMPLE_TOKEN turns it on. */
export const exampleSettings = {
  EXAMPLE_TOKEN: z.string().min(8, 'EXAMPLE_TOKEN must be at least 8 characters'),
  /** Where the service is; each test run opens its own. */
  EXAMPLE_SERVICE_URL: z.string().startsWith('memory://', 'EXAMPLE_SERVICE_URL must be a memory:// address').default('memory://example'),
};
