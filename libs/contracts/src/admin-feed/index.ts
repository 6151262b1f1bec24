export * from './admin-feed-events';
