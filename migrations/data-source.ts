import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AUTH_ENTITIES } from '@app/auth';
import { buildDataSourceOptions } from '@app/database';

/**
 * For the TypeORM CLI only (`npm run migration:*`). The app builds its own data source; this one
 * lists every entity so `migration:generate` can diff them against the database.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the database to migrate');

export default new DataSource({ ...buildDataSourceOptions(url), entities: [...AUTH_ENTITIES] });
