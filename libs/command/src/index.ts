export * from './command.module';
export * from './entities';
export * from './dto/command.dto';
export type { IssuedCommand } from './commands/issue-kiosk-command/issue-kiosk-command.handler';
export * from './commands/cancel-kiosk-command/cancel-kiosk-command.command';
export * from './commands/record-command-ack/record-command-ack.command';
export * from './commands/claim-deliverable-commands/claim-deliverable-commands.command';
export {
  MAINTENANCE_HOLD,
  PAYMENT_SESSION_HOLD,
} from './commands/claim-deliverable-commands/claim-deliverable-commands.handler';
export type { ClaimedCommand } from './commands/claim-deliverable-commands/claim-deliverable-commands.handler';
export * from './queries/get-command/get-command.query';
export * from './queries/list-kiosk-commands/list-kiosk-commands.query';
export { DELIVERY_CHANNEL } from './services/delivery-requests';
export * from './events/commands-became-deliverable.event';
export { CommandExpiry } from './services/command-expiry';
export { BulkFanOutRecovery } from './services/bulk-fan-out-recovery';
export * from './dto/bulk-command.dto';
export * from './commands/create-bulk-command/create-bulk-command.command';
export type { AcceptedBulkCommand } from './commands/create-bulk-command/create-bulk-command.handler';
export * from './queries/get-bulk-command/get-bulk-command.query';
