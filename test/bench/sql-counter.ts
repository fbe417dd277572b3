/**
 * Counts the SQL statements this process sends to MariaDB (every mysql2 connection: the in-process
 * API and worker of the benchmark). Benchmark instrumentation only: it wraps mysql2's query and
 * execute, and tells transaction control (START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT) apart.
 */
export interface SqlCount {
  statements: number;
  transactionControl: number;
}

const counts: SqlCount = { statements: 0, transactionControl: 0 };
let installed = false;

const TX = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET TRANSACTION)/i;

export function installSqlCounter(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const base = Object.getPrototypeOf(require('mysql2').Connection.prototype) as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['query', 'execute'] as const) {
    const original = base[name];
    base[name] = function (this: unknown, ...args: unknown[]) {
      const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { sql?: string } | undefined)?.sql ?? '');
      if (TX.test(sql)) counts.transactionControl += 1;
      else counts.statements += 1;
      return original.apply(this, args);
    };
  }
}

export const sqlCount = (): SqlCount => ({ ...counts });

export const sqlSince = (before: SqlCount): SqlCount => ({
  statements: counts.statements - before.statements,
  transactionControl: counts.transactionControl - before.transactionControl,
});
