export * from './admin-feed-audience';
export * from './admin-feed.module';
export * from './admin-feed.publisher';
export * from './redis-emitter-admin-feed.publisher';
export * from './socket-io-redis';
export * from './sharded-socket-io-emitter';
