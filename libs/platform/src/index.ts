export * from './platform.module';
export * from './admin-feed';
