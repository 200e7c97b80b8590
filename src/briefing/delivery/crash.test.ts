/**
 * Idempotent delivery across a SIGKILL: a real `vsplesk briefings run --once` process delivers to a local HTTP
 * receiver that holds its response; once the receiver has the request — sent, but not yet recorded `sent` — the
 * process is killed with SIGKILL. The rerun re-sends with the same idempotency key and the same page (built once,
 * kept in the store), and the store ends with exactly one `sent`; a third run sends nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import { loadTopics } from '../../reference/topics.ts';
import { listDeliveries } from '../../store/deliveries.ts';
import { openStore } from '../../store/index.ts';
import { insertSubscription } from '../../store/subscriptions.ts';
import { IDEMPOTENCY_HEADER } from './webhook-sink.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const BIN = join(REPO, 'bin/vsplesk.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-delivery-crash-'));
const db = join(dir, 'store.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gazetteer = loadGazetteer();
const topics = loadTopics();
/** 07:00 of 7 December in Калининград (UTC+2). */
const NOW = '2026-12-07T05:00:00Z';

const run = (): ChildProcess =>
  spawn('node', [BIN, 'briefings', 'run', '--db', db, '--once', '--now', NOW], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    c.on('close', (code, signal) => done({ code, signal })),
  );

async function readDeliveries() {
  const store = await openStore(db, { gazetteer, topics });
  try {
    return await listDeliveries(store);
  } finally {
    await store.close();
  }
}

describe('delivery across a SIGKILL', () => {
  it('re-sends once with the same idempotency key and ends with exactly one sent', async () => {
    const requests: { key: string; body: string }[] = [];
    let hold = true;
    let held: ServerResponse | undefined;
    let gotFirst: () => void = () => undefined;
    const firstArrived = new Promise<void>((done) => {
      gotFirst = done;
    });
    const receiver = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      requests.push({ key: String(req.headers[IDEMPOTENCY_HEADER]), body });
      if (hold) {
        held = res; // never answered: the sender is killed while waiting
        gotFirst();
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const store = await openStore(db, { gazetteer, topics });
    const sub = await insertSubscription(
      store,
      {
        kind: 'municipality',
        place: '27701000',
        sink: 'webhook',
        target: url,
        formats: ['html'],
        sendAtMin: 420,
        enabled: true,
      },
      Date.UTC(2026, 11, 6, 12),
    );
    await store.close();

    try {
      const first = run();
      const firstExit = exited(first);
      await firstArrived;
      first.kill('SIGKILL');
      expect((await firstExit).signal).toBe('SIGKILL');
      held?.destroy();
      // Killed between "pending" and "sent": the store says pending.
      expect((await readDeliveries()).map((d) => [d.state, d.attempts])).toEqual([['pending', 1]]);

      hold = false;
      const second = run();
      let stderr = '';
      second.stderr?.on('data', (c) => {
        stderr += c;
      });
      expect((await exited(second)).code, stderr).toBe(0);
      expect(requests.map((r) => r.key)).toEqual([`${sub.id}.2026-12-06`, `${sub.id}.2026-12-06`]);
      // The same page both times: built once, kept with the delivery.
      expect(requests[1]?.body).toBe(requests[0]?.body);
      const rows = await readDeliveries();
      expect(rows.map((d) => [d.date, d.state, d.attempts])).toEqual([['2026-12-06', 'sent', 2]]);
      // A receiver that drops keys it has seen applies it exactly once.
      expect(new Set(requests.map((r) => r.key)).size).toBe(1);

      // Run again: nothing more is sent.
      expect((await exited(run())).code).toBe(0);
      expect(requests).toHaveLength(2);
    } finally {
      await new Promise((done) => receiver.close(done));
    }
  }, 60_000);
});
