export * from './notification-event-types';
export * from './outbox-event';
