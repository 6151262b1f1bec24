export { FeedProvider, useFeedEvents, useFeedStatus } from './FeedProvider';
export type { FeedStatus } from './FeedProvider';
export { registerFeedMerger } from './registry';
export type { FeedMerger } from './registry';
export { FEED_EVENT_NAMES, coalesce } from './events';
export type {
  AlertDto,
  CommandUpdatedEvent,
  FeedBatch,
  FeedEvent,
  FeedEventMap,
  FeedEventName,
  FeedReading,
  KioskStatusEvent,
  KioskTelemetryEvent,
  PaymentDto,
  RolloutUpdatedEvent,
} from './events';
export { fleetKeys } from './fleet-cache';
export { formatMoney } from './money';
