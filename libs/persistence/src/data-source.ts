import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeLogger } from './parameter-free-logger';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  logging?: boolean;
}

/** The one data source definition used by the CLI, the apps and the tests (STYLE §9). */
export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
  return {
    type: 'mysql',
    connectorPackage: 'mysql2',
    url: opts.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    poolSize: opts.poolSize ?? 10,
    logging: opts.logging ? ['error', 'warn', 'migration'] : ['error'],
    logger: new ParameterFreeLogger(opts.logging ? ['error', 'warn', 'migration'] : ['error']),
    extra: { connectTimeout: 5000 },
  };
}

export function createDataSource(opts: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(opts));
}
