/** Shared between global setup, teardown and test files through process.env. */
export const TEST_ENV_KEYS = {
  dbName: 'NASKAH_TEST_DB',
  temporalPid: 'NASKAH_TEST_TEMPORAL_PID',
} as const;

export const TEST_DB_USER = 'naskah_test';
export const TEST_DB_PASSWORD = 'naskah-test';
