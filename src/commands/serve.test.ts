import { describe, expect, it } from 'vitest';
import { runServe } from './serve.ts';

describe('runServe', () => {
  it('listens on an ephemeral port, answers, and closes', async () => {
    const s = await runServe({ db: ':memory:', port: 0, logger: false });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${s.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ok',
        messages: 0,
        deadLetters: 0,
        lastEventTime: null,
        dataTo: null,
      });
      const page = await fetch(`${s.url}/`);
      expect(await page.text()).toContain('Всплеск');
    } finally {
      await s.close();
    }
  });
});
