import { describe, expect, it } from 'vitest';
import { createDatabase } from './database';

describe('createDatabase', () => {
  it('refuses a URL that is not a PostgreSQL URL', () => {
    expect(() => createDatabase('mysql://localhost/db')).toThrow('DATABASE_URL must be a postgresql:// URL');
  });
});
