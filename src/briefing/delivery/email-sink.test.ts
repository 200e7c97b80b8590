/**
 * E-mail against a real SMTP server (the smtp-server package on 127.0.0.1, a random port): the scheduler's mail
 * arrives, parsed by mailparser, with an HTML part and a text part, a Russian subject naming the town and date, and
 * a Message-ID from the delivery id; a 5xx reply is recorded as a failed delivery.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import { loadTopics } from '../../reference/topics.ts';
import { listDeliveries } from '../../store/deliveries.ts';
import { openStore, type Store } from '../../store/index.ts';
import { insertSubscription } from '../../store/subscriptions.ts';
import { messageIdOf } from './email-sink.ts';
import { runDueDeliveries } from './scheduler.ts';
import { createSinkFor } from './sinks.ts';
import { normalizeSmtpConfig } from './smtp-config.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const KALININGRAD = '27701000';
const CREATED = Date.UTC(2026, 11, 6, 12);
const MORNING = Date.UTC(2026, 11, 7, 5); // 07:00 of 7 December in Калининград (UTC+2)

const received: { to: string[]; mail: ParsedMail }[] = [];
let server: SMTPServer;
let port = 0;
let store: Store;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'], // plain SMTP on loopback: no certificate to trust
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) return callback(new Error('550 no such mailbox'));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.server.address() as AddressInfo).port;
  store = await openStore(':memory:', { gazetteer, topics });
});
afterAll(async () => {
  await store.close();
  await new Promise<void>((done) => server.close(() => done()));
});

describe('e-mail delivery', () => {
  it('arrives at a real SMTP server with an HTML and a text part; a rejected address is recorded failed', async () => {
    const smtp = normalizeSmtpConfig({
      host: '127.0.0.1',
      port: String(port),
      from: 'Всплеск <svodka@vsplesk.test>',
    });
    const sub = (target: string) =>
      insertSubscription(
        store,
        {
          kind: 'municipality',
          place: KALININGRAD,
          sink: 'email',
          target,
          formats: ['html'],
          sendAtMin: 420,
          enabled: true,
        },
        CREATED,
      );
    const good = await sub('glava@kaliningrad.test');
    const bad = await sub('nobody@kaliningrad.test');
    const outcomes = await runDueDeliveries({
      store,
      gazetteer,
      topics,
      clock: { nowMs: () => MORNING },
      sinkFor: createSinkFor({ smtp, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }),
    });
    const stateOf = (id: string) => outcomes.find((o) => o.subscriptionId === id);
    expect(stateOf(good.id)?.state).toBe('sent');
    expect(stateOf(bad.id)?.state).toBe('failed');
    expect(stateOf(bad.id)?.error).toMatch(
      /failed permanently after 1 attempt: SMTP 127\.0\.0\.1:\d+: .*550/,
    );

    expect(received.map((r) => r.to)).toEqual([['glava@kaliningrad.test']]);
    const mail = received[0]?.mail as ParsedMail;
    expect(mail.subject).toBe('Утренняя сводка: Калининград, 6 декабря 2026 г.');
    expect(mail.messageId).toBe(messageIdOf(`${good.id}.2026-12-06`));
    expect(mail.from?.value[0]?.address).toBe('svodka@vsplesk.test');
    expect(mail.html).toContain('<!DOCTYPE html>');
    expect(mail.html).toContain('Калининград');
    expect(mail.text).toContain('# Утренняя сводка: Калининград');
    expect(mail.text).not.toContain('<html');
    const rows = await listDeliveries(store);
    expect(rows.map((r) => r.state).sort()).toEqual(['failed', 'sent']);
  });

  it('validates the SMTP settings once, naming the field', () => {
    expect(normalizeSmtpConfig({})).toBeNull();
    expect(() => normalizeSmtpConfig({ host: 'smtp.test' })).toThrow(/smtp\.from/);
    expect(() => normalizeSmtpConfig({ host: 'smtp.test', from: 'a@b.test', port: '70000' })).toThrow(
      /smtp\.port/,
    );
    expect(() => normalizeSmtpConfig({ host: 'smtp.test', from: 'a@b.test', user: 'u' })).toThrow(/password/);
    expect(() => normalizeSmtpConfig({ from: 'a@b.test' })).toThrow(/without smtp\.host/);
    expect(normalizeSmtpConfig({ host: 'smtp.test', from: 'a@b.test', secure: true })).toEqual({
      host: 'smtp.test',
      port: 465,
      secure: true,
      auth: null,
      from: 'a@b.test',
    });
  });
});
