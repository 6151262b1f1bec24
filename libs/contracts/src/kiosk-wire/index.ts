export * from './kiosk-wire-events';
export * from './kiosk-wire-payloads';
