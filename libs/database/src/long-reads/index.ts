export * from './long-read-gate';
export * from './keyset-stream';
export * from './long-reads.service';
export * from './long-reads.module';
