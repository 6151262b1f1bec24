export * from './queue-jobs';
