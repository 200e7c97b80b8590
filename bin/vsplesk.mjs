#!/usr/bin/env node
// The `vsplesk` command. The product is TypeScript run through tsx's loader (so `--pipeline pipelines/x.ts`
// files load the same way as the code). natural's index runs dotenv, which prints to stdout: keep it quiet.
import { register } from 'tsx/esm/api';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
