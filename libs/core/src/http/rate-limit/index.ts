export * from './gcra';
export * from './gcra-limiter-client';
export * from './rate-limit-principal';
export * from './rate-limit-policy';
export * from './rest-rate-limiter';
export * from './rest-rate-limit-metrics';
export * from './rest-rate-limit.guard';
export * from './rest-rate-limit.module';
