export * from './get-kiosk-command-status.query';
export * from './get-kiosk-delivery-states.query';
export * from './issue-kiosk-command.command';
export * from './kiosk-command';
export * from './kiosk-command-succeeded.event';
export * from './kiosk-command-updated.event';
