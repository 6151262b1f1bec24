import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '@app/migrations';

/**
 * The options every connection of the system uses: the app, the migration CLI and the test
 * helpers. Schema comes only from migrations; `synchronize` is never on.
 */
export function buildDataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // Keep timestamps as JS Dates in UTC regardless of the server's TimeZone setting.
    extra: { max: poolSize, options: '-c TimeZone=UTC' },
    applicationName: 'kiosk-fleet',
  };
}
