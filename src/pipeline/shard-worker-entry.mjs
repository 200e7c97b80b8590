// A shard worker thread's entry (pipeline/shard-workers.ts). The product is TypeScript run through tsx's loader,
// and a worker starts with no loader of its own (it is given no execArgv): register tsx here, as bin/vsplesk.mjs
// does, so the worker loads the same way under the CLI, `tsx` scripts and vitest.
import { register } from 'tsx/esm/api';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
register();
await import('./shard-worker.ts');
