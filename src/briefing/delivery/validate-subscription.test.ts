import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import { formatSendAt, parseSendAt, validateNewSubscription } from './validate-subscription.ts';

const g = loadGazetteer();

describe('a new subscription', () => {
  it('takes one place, a sink with a fitting target, formats and a local send time', () => {
    expect(
      validateNewSubscription(
        { municipality: '65701000', sink: 'file', target: ' out ', formats: 'html,pdf,html', sendAt: '6:30' },
        g,
      ),
    ).toEqual({
      kind: 'municipality',
      place: '65701000',
      sink: 'file',
      target: 'out',
      formats: ['html', 'pdf'],
      sendAtMin: 390,
      enabled: true,
    });
    expect(validateNewSubscription({ region: '66', sink: 'email', target: 'a@b.ru' }, g)).toMatchObject({
      kind: 'region',
      formats: ['html'],
      sendAtMin: 420,
    });
  });

  it('refuses what cannot be delivered, naming the problem', () => {
    const bad: [Parameters<typeof validateNewSubscription>[0], RegExp][] = [
      [{ sink: 'file', target: 'x' }, /exactly one/],
      [{ municipality: '65701000', region: '66', sink: 'file', target: 'x' }, /exactly one/],
      [{ municipality: '00000000', sink: 'file', target: 'x' }, /unknown municipality/],
      [{ region: '99x', sink: 'file', target: 'x' }, /unknown region/],
      [{ region: '66', sink: 'fax', target: 'x' }, /sink must be/],
      [{ region: '66', sink: 'webhook', target: 'ftp://h/x' }, /http\(s\) URL/],
      [{ region: '66', sink: 'webhook', target: 'not a url' }, /http\(s\) URL/],
      [{ region: '66', sink: 'email', target: 'a@b.ru, c@d.ru' }, /one address/],
      [{ region: '66', sink: 'file', target: 'x', formats: 'docx' }, /format must be/],
      [{ region: '66', sink: 'file', target: 'x', sendAt: '24:00' }, /HH:MM/],
    ];
    for (const [spec, message] of bad) expect(() => validateNewSubscription(spec, g)).toThrow(message);
    // Through the API, files stay under the briefings directory.
    const api = { containedFileTargets: true };
    for (const target of ['/etc/cron.d', '../up', 'a/../../b'])
      expect(() => validateNewSubscription({ region: '66', sink: 'file', target }, g, api)).toThrow(
        /relative/,
      );
    expect(validateNewSubscription({ region: '66', sink: 'file', target: 'region/66' }, g, api).target).toBe(
      'region/66',
    );
  });

  it('reads and writes send times', () => {
    expect([parseSendAt('07:00'), parseSendAt('23:59'), formatSendAt(420), formatSendAt(1439)]).toEqual([
      420,
      1439,
      '07:00',
      '23:59',
    ]);
  });
});
