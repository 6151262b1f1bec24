export * from './platform.module';
export * from './domain-modules';
export * from './admin-feed';
