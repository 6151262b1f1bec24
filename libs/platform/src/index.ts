export * from './platform.module';
export * from './domain-modules';
