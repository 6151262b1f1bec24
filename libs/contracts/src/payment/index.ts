export * from './cash-mismatch-detected.event';
export * from './get-daily-net-sales.query';
export * from './get-kiosks-in-payment-session.query';
export * from './kiosk-payment-session-ended.event';
export * from './payment';
export * from './payment-recorded.event';
export * from './payment-refunded.event';
export * from './payment-updated.event';
