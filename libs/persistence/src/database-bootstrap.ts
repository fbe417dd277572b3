import { createConnection } from 'mysql2/promise';

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

/**
 * Makes sure the application's database and user exist. When the application user can already
 * reach its database nothing is done; otherwise the admin URL (root locally) creates both.
 */
export async function ensureDatabase(appUrl: string, adminUrl: string): Promise<'existing' | 'created'> {
  const app = parseDatabaseUrl(appUrl);
  if (!IDENT.test(app.database) || !IDENT.test(app.user)) {
    throw new Error(`Database and user names must match ${IDENT}: ${app.database}, ${app.user}`);
  }
  try {
    const c = await createConnection({ ...app });
    await c.end();
    return 'existing';
  } catch {
    // fall through to create
  }
  const admin = parseDatabaseUrl(adminUrl);
  const c = await createConnection({ host: admin.host, port: admin.port, user: admin.user, password: admin.password });
  try {
    await c.query(`CREATE DATABASE IF NOT EXISTS \`${app.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    for (const host of ['localhost', '127.0.0.1', '%']) {
      await c.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [app.user, host, app.password]);
      await c.query(`GRANT ALL PRIVILEGES ON \`${app.database}\`.* TO ?@?`, [app.user, host]);
    }
    return 'created';
  } finally {
    await c.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!IDENT.test(database)) throw new Error(`Bad database name ${database}`);
  const admin = parseDatabaseUrl(adminUrl);
  const c = await createConnection({ host: admin.host, port: admin.port, user: admin.user, password: admin.password });
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await c.end();
  }
}
