import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, VspError, vspError } from './errors.ts';

describe('error catalogue', () => {
  it('documents every code in README.md (as Fastify does for Errors.md)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(ERROR_CODES).filter((c) => !readme.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });

  it('follows VSP_<STAGE>_<WHAT> with the stage matching the spec', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES))
      expect(code.startsWith(`VSP_${spec.stage.toUpperCase()}_`), code).toBe(true);
  });

  it('serialises as JSON with code, stage, retryable, statusCode and cause', () => {
    const e = vspError('VSP_STORE_FAILED', 'disk full', new Error('ENOSPC'));
    expect(e).toBeInstanceOf(VspError);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      code: 'VSP_STORE_FAILED',
      stage: 'store',
      retryable: true,
      statusCode: 500,
      message: 'store operation failed: disk full',
      cause: 'ENOSPC',
    });
  });
});
