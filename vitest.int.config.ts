import { defineConfig } from 'vitest/config';

/** Suites that need a real Kafka broker (scripts/kafka.sh up, or VSPLESK_KAFKA_BROKERS for your own cluster). */
export default defineConfig({
  test: {
    include: ['src/**/*.int.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    env: { DOTENV_CONFIG_QUIET: 'true', TZ: 'UTC' },
  },
});
