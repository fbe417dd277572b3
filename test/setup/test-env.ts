import { argon2id } from 'argon2';

/** Shared between global setup, teardown and test files through process.env. */
export const TEST_ENV_KEYS = {
  dbName: 'NASKAH_TEST_DB',
  temporalPid: 'NASKAH_TEST_TEMPORAL_PID',
  /** The workflow bundle made once by the global setup, which every test worker runs. */
  workflowBundle: 'NASKAH_TEST_WORKFLOW_BUNDLE',
} as const;

export const TEST_DB_USER = 'naskah_test';
export const TEST_DB_PASSWORD = 'naskah-test';

/**
 * The parameters of the test officials' password hash (the demo password): argon2id at 1 MiB and
 * one pass, so each of a run's hundreds of logins verifies in about a millisecond instead of half a
 * second (64 MiB, three passes). Test data only: every hash the application itself makes (changed
 * and reset passwords, officials created or imported, `npm start`'s seed) keeps argon2's production
 * defaults, which test/security/accounts.e2e-spec.ts asserts.
 */
export const TEST_PASSWORD_HASH_OPTIONS = { type: argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;
