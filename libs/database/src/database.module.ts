import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/core';
import { buildDataSourceOptions } from './data-source-options';
import { LongReadsModule } from './long-reads/long-reads.module';
import { runMigrationsLocked } from './migrate';

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig['database']): DynamicModule {
    const url = config.url;
    if (!url) throw new Error('DATABASE_URL is not set and no embedded PostgreSQL was started');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(url, config.poolSize),
            autoLoadEntities: true,
            retryAttempts: 10,
            retryDelay: 1000,
          }),
          // Migrations run here, before any other provider can touch the schema.
          dataSourceFactory: async (options) => {
            if (!options) throw new Error('No data source options');
            const dataSource = await new DataSource(options).initialize();
            if (config.migrateOnStart) {
              const applied = await runMigrationsLocked(dataSource);
              if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
            }
            return dataSource;
          },
        }),
        LongReadsModule.forRoot(config.longReads),
      ],
      exports: [TypeOrmModule],
    };
  }
}
