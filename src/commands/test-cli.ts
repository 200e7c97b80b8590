/**
 * Test support: the real `vsplesk` command in its own process (a heap limit, DuckDB's file lock and exit codes are
 * properties of a process), its exit code and stderr.
 */
import { spawn } from 'node:child_process';

const BIN = new URL('../../bin/vsplesk.mjs', import.meta.url).pathname;

export function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stderr }));
  });
}
