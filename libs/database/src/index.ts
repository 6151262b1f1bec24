export * from './data-source-options';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrate';
export * from './testing/test-database';
export * from './query-records';
export * from './outbox';
export * from './pg-array-literal';
