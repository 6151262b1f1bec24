/**
 * The remote-command vocabulary of the wire (CONTRACT.md §3) and its lifecycle, shared by the
 * modules that issue commands and those that follow them (kiosk status, admin feed, notifications).
 */
export const KIOSK_COMMANDS = [
  'block',
  'unblock',
  'restart',
  'update',
  'maintenance',
  'refund',
  'configure',
] as const;
export type KioskCommandName = (typeof KIOSK_COMMANDS)[number];

export const COMMAND_STATUSES = [
  'pending',
  'sent',
  'acknowledged',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = [
  'succeeded',
  'failed',
  'expired',
  'cancelled',
];

/** What every command event carries: enough for the admin feed's `command_updated` and for webhooks. */
export interface CommandSnapshot {
  id: string;
  kioskId: number;
  command: KioskCommandName;
  status: CommandStatus;
  at: Date;
  /**
   * The command's recorded reason (kiosk_commands.error): the kiosk's own message with a `failed`
   * answer, the server's when it superseded the command. Null or absent when there is none.
   */
  error?: string | null;
}

/**
 * Commands that stand for a fact recorded elsewhere are only issued by the module that records it,
 * through its own route: the raw command routes refuse them (422, naming the route to use).
 */
export const COMMANDS_ISSUED_ELSEWHERE: Partial<Record<KioskCommandName, string>> = {
  refund: 'POST /api/v1/payments/{id}/refund',
  // Its version must match the kiosk's desired config, which only the config routes advance.
  configure: 'PUT /api/v1/kiosks/{id}/config',
};
