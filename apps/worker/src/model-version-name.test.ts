import { describe, expect, it } from 'vitest';
import { modelVersionName } from './model-version-name';

describe('modelVersionName', () => {
  it('is the creation time plus the start of the data hash, safe for paths and job ids', () => {
    expect(modelVersionName(new Date('2026-11-29T19:38:20.123Z'), 'sha256:e3b0c44298fc1c14')).toBe('v20261129-193820-e3b0c442');
  });
});
