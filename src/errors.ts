/**
 * The error catalogue. Bad *input* is never thrown (it becomes a `Rejected` and a dead letter); these are for
 * configuration mistakes, broken invariants and infrastructure failures. Every code is documented in
 * README.md ("Error codes"), which a test checks.
 */
export type Stage =
  | 'config'
  | 'source'
  | 'parse'
  | 'window'
  | 'detect'
  | 'pipeline'
  | 'store'
  | 'serve'
  | 'cli';

interface ErrorSpec {
  stage: Stage;
  retryable: boolean;
  statusCode: number;
  message: string;
}

export const ERROR_CODES = {
  VSP_CONFIG_INVALID: {
    stage: 'config',
    retryable: false,
    statusCode: 500,
    message: 'invalid configuration',
  },
  VSP_SOURCE_UNREADABLE: {
    stage: 'source',
    retryable: true,
    statusCode: 500,
    message: 'source cannot be read',
  },
  VSP_SOURCE_DEAD_LETTER_FAILED: {
    stage: 'source',
    retryable: true,
    statusCode: 500,
    message: 'dead-letter write failed; stopping so nothing is lost',
  },
  VSP_WINDOW_WATERMARK_REGRESSED: {
    stage: 'window',
    retryable: false,
    statusCode: 500,
    message: 'watermark may only move forward',
  },
  VSP_PIPELINE_WORKER_FAILED: {
    stage: 'pipeline',
    retryable: true,
    statusCode: 500,
    message: 'a shard worker thread failed; the batch is not committed',
  },
  VSP_STORE_FAILED: { stage: 'store', retryable: true, statusCode: 500, message: 'store operation failed' },
  VSP_STORE_PUBLISH_FAILED: {
    stage: 'store',
    retryable: true,
    statusCode: 500,
    message: 'publishing results or shard state to Kafka failed; the batch is not committed',
  },
  VSP_STORE_QUERY_MISSING: {
    stage: 'store',
    retryable: false,
    statusCode: 500,
    message: 'query file missing',
  },
  VSP_SERVE_BAD_QUERY: { stage: 'serve', retryable: false, statusCode: 400, message: 'bad query' },
  VSP_SERVE_NOT_FOUND: { stage: 'serve', retryable: false, statusCode: 404, message: 'not found' },
  VSP_SERVE_UNAUTHORIZED: {
    stage: 'serve',
    retryable: false,
    statusCode: 401,
    message: 'a valid API token is required (Authorization: Bearer <token>)',
  },
  VSP_SERVE_FORBIDDEN: {
    stage: 'serve',
    retryable: false,
    statusCode: 403,
    message: "outside the token's role or scope",
  },
  VSP_SERVE_RATE_LIMITED: {
    stage: 'serve',
    retryable: true,
    statusCode: 429,
    message: 'too many requests',
  },
  VSP_SERVE_INTERNAL: {
    stage: 'serve',
    retryable: true,
    statusCode: 500,
    message: 'internal error (details are in the server log, never in the response)',
  },
  VSP_CLI_USAGE: { stage: 'cli', retryable: false, statusCode: 400, message: 'bad command-line usage' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class VspError extends Error {
  readonly code: ErrorCode;
  readonly stage: Stage;
  readonly retryable: boolean;
  readonly statusCode: number;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const spec = ERROR_CODES[code];
    super(detail ? `${spec.message}: ${detail}` : spec.message, options);
    this.name = 'VspError';
    this.code = code;
    this.stage = spec.stage;
    this.retryable = spec.retryable;
    this.statusCode = spec.statusCode;
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      stage: this.stage,
      retryable: this.retryable,
      statusCode: this.statusCode,
      message: this.message,
      cause: this.cause instanceof Error ? this.cause.message : this.cause,
    };
  }
}

export const vspError = (code: ErrorCode, detail?: string, cause?: unknown) =>
  new VspError(code, detail, cause === undefined ? undefined : { cause });
