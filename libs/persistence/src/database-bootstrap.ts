import type { RowDataPacket } from 'mysql2';
import { Connection, createConnection } from 'mysql2/promise';
import { createDataSource } from './data-source';

export interface ParsedDbUrl {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseDatabaseUrl(url: string): ParsedDbUrl {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

const IDENT = /^[A-Za-z0-9_]+$/;

function checkedApp(appUrl: string): ParsedDbUrl {
  const app = parseDatabaseUrl(appUrl);
  if (!IDENT.test(app.database) || !IDENT.test(app.user)) {
    throw new Error(`Database and user names must match ${IDENT}: ${app.database}, ${app.user}`);
  }
  return app;
}

function adminConnection(adminUrl: string): Promise<Connection> {
  const admin = parseDatabaseUrl(adminUrl);
  return createConnection({ host: admin.host, port: admin.port, user: admin.user, password: admin.password });
}

/**
 * Makes sure the application's database and user exist. When the application user can already
 * reach its database nothing is done; otherwise the admin URL (root locally) creates both. The
 * user gets its privileges from applyAppGrants, after the migrations.
 */
export async function ensureDatabase(appUrl: string, adminUrl: string): Promise<'existing' | 'created'> {
  const app = checkedApp(appUrl);
  try {
    const c = await createConnection({ ...app });
    await c.end();
    return 'existing';
  } catch {
    // fall through to create
  }
  const c = await adminConnection(adminUrl);
  try {
    await c.query(`CREATE DATABASE IF NOT EXISTS \`${app.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    for (const host of ['localhost', '127.0.0.1', '%']) {
      await c.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [app.user, host, app.password]);
    }
    return 'created';
  } finally {
    await c.end();
  }
}

/** The admin URL pointed at the application's database: the connection migrations run on. */
export function databaseAdminUrl(appUrl: string, adminUrl: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${checkedApp(appUrl).database}`;
  return u.toString();
}

/** Rows are only ever added to these: the application may read and insert, never change or delete. */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_event', 'account_audit_event'];
/** Written by migrations only, through the admin connection. */
export const MIGRATIONS_TABLE = 'typeorm_migrations';

export interface TableGrant {
  table: string;
  privileges: string[];
}

/** What the application user may do on each table of its database: data only, never DDL. */
export function grantPlan(tables: readonly string[]): TableGrant[] {
  return tables
    .filter((table) => table !== MIGRATIONS_TABLE)
    .map((table) => ({ table, privileges: APPEND_ONLY_TABLES.includes(table) ? ['SELECT', 'INSERT'] : ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] }));
}

const NO_SUCH_GRANT = new Set([1141, 1147]);

async function revoke(c: Connection, sql: string, user: string, host: string): Promise<void> {
  try {
    await c.query(sql, [user, host]);
  } catch (e) {
    if (!NO_SUCH_GRANT.has((e as { errno?: number }).errno ?? 0)) throw e;
  }
}

/** Every privilege the account holds on the database, its tables and columns (and globally, when asked); other databases are left alone. */
async function revokeAll(c: Connection, user: string, host: string, database: string, global: boolean): Promise<void> {
  if (global) {
    await revoke(c, 'REVOKE ALL PRIVILEGES ON *.* FROM ?@?', user, host);
    await revoke(c, 'REVOKE GRANT OPTION ON *.* FROM ?@?', user, host);
  }
  // A database-level grant may be written with the `_` wildcard escaped.
  const [dbs] = await c.query<Array<{ db: string } & RowDataPacket>>('SELECT Db AS db FROM mysql.db WHERE User = ? AND Host = ? AND Db IN (?, ?)', [
    user,
    host,
    database,
    database.replace(/_/g, '\\_'),
  ]);
  for (const { db } of dbs) {
    await revoke(c, `REVOKE ALL PRIVILEGES ON \`${db}\`.* FROM ?@?`, user, host);
    await revoke(c, `REVOKE GRANT OPTION ON \`${db}\`.* FROM ?@?`, user, host);
  }
  const [tables] = await c.query<Array<{ name: string } & RowDataPacket>>(
    `SELECT Table_name AS name FROM mysql.tables_priv WHERE User = ? AND Host = ? AND Db = ?
     UNION SELECT Table_name FROM mysql.columns_priv WHERE User = ? AND Host = ? AND Db = ?`,
    [user, host, database, user, host, database],
  );
  for (const { name } of tables) {
    await revoke(c, `REVOKE ALL PRIVILEGES ON \`${database}\`.\`${name.replace(/`/g, '``')}\` FROM ?@?`, user, host);
    await revoke(c, `REVOKE GRANT OPTION ON \`${database}\`.\`${name.replace(/`/g, '``')}\` FROM ?@?`, user, host);
  }
}

export interface AppGrants {
  user: string;
  hosts: string[];
  grants: TableGrant[];
}

/**
 * Least privilege for the application's user (DATABASE_URL): after every migration run, for every
 * host the user exists for, revoke what it holds on its database, then grant per table what
 * grantPlan allows for the tables that exist now. Idempotent; MariaDB 10.11 and MySQL 8.
 */
export async function applyAppGrants(appUrl: string, adminUrl: string): Promise<AppGrants> {
  const app = checkedApp(appUrl);
  if (app.user === parseDatabaseUrl(adminUrl).user) {
    throw new Error(`DATABASE_URL connects as the admin user ${app.user}: give the application its own user, with the grants this command applies`);
  }
  const c = await adminConnection(adminUrl);
  try {
    const [users] = await c.query<Array<{ host: string } & RowDataPacket>>('SELECT Host AS host FROM mysql.user WHERE User = ? ORDER BY Host', [
      app.user,
    ]);
    if (!users.length) throw new Error(`the application user ${app.user} does not exist`);
    const [tables] = await c.query<Array<{ name: string } & RowDataPacket>>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
      [app.database],
    );
    const grants = grantPlan(tables.map((t) => t.name));
    for (const { host } of users) {
      await revokeAll(c, app.user, host, app.database, true);
      for (const g of grants) {
        await c.query(`GRANT ${g.privileges.join(', ')} ON \`${app.database}\`.\`${g.table.replace(/`/g, '``')}\` TO ?@?`, [app.user, host]);
      }
    }
    return { user: app.user, hosts: users.map((u) => u.host), grants };
  } finally {
    await c.end();
  }
}

/** Pending migrations through the admin connection on the application's database, then the application user's grants. */
export async function migrateDatabase(appUrl: string, adminUrl: string, opts: { logging?: boolean } = {}): Promise<string[]> {
  const ds = createDataSource({ url: databaseAdminUrl(appUrl, adminUrl), logging: opts.logging, poolSize: 1 });
  await ds.initialize();
  let ran: string[];
  try {
    ran = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
  await applyAppGrants(appUrl, adminUrl);
  return ran;
}

/** Drops the database and every grant that names it (table grants outlive a dropped database). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!IDENT.test(database)) throw new Error(`Bad database name ${database}`);
  const c = await adminConnection(adminUrl);
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
    const [holders] = await c.query<Array<{ user: string; host: string } & RowDataPacket>>(
      `SELECT User AS user, Host AS host FROM mysql.db WHERE Db IN (?, ?)
       UNION SELECT User, Host FROM mysql.tables_priv WHERE Db = ?
       UNION SELECT User, Host FROM mysql.columns_priv WHERE Db = ?`,
      [database, database.replace(/_/g, '\\_'), database, database],
    );
    for (const { user, host } of holders) await revokeAll(c, user, host, database, false);
  } finally {
    await c.end();
  }
}
