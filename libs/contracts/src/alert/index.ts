export * from './alert';
export * from './alert-raised.event';
export * from './alert-updated.event';
export * from './anomaly-detected.event';
export * from './get-kiosks-in-maintenance-window.query';
export * from './count-kiosk-alerts.query';
