import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { COMMAND_STATUSES, CommandStatus, KIOSK_COMMANDS, KioskCommandName } from '@app/contracts';
import type { CommandTransitionEntity } from '../entities/command-transition.entity';
import type { KioskCommandEntity } from '../entities/kiosk-command.entity';
import { COMMAND_PARAMS_SCHEMA } from './command-params.schema';

const PARAMS_DESCRIPTION =
  'Per command, in the kiosk wire’s snake_case: block/restart/maintenance `{reason?}`, unblock `{}`, ' +
  'update `{version, url?}`, refund `{payment_id, amount?}`. Unknown keys are refused.';

export class IssueCommandDto {
  @ApiProperty({ enum: KIOSK_COMMANDS, enumName: 'KioskCommandName', example: 'restart' })
  @IsIn(KIOSK_COMMANDS)
  command: KioskCommandName;

  @ApiPropertyOptional({
    ...COMMAND_PARAMS_SCHEMA,
    example: { reason: 'frozen screen' },
    description: PARAMS_DESCRIPTION,
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 5,
    maximum: 86400,
    default: 120,
    example: 300,
    description: 'Seconds until the command expires unanswered',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(86400)
  ttlSeconds?: number;
}

export class CommandTransitionDto {
  // Inline, not the CommandStatus component: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({
    type: 'string',
    enum: COMMAND_STATUSES,
    nullable: true,
    example: 'pending',
    description: 'null for the first transition (creation)',
  })
  from: CommandStatus | null;

  @ApiProperty({ enum: COMMAND_STATUSES, enumName: 'CommandStatus', example: 'sent' })
  to: CommandStatus;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The kiosk’s error text for a failed command',
  })
  detail: string | null;

  static from(t: CommandTransitionEntity): CommandTransitionDto {
    return { from: t.fromStatus, to: t.toStatus, at: t.at.toISOString(), detail: t.detail };
  }
}

export class CommandDto {
  @ApiProperty({ format: 'uuid', description: 'Also the `command_id` on the kiosk wire' })
  id: string;

  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ enum: KIOSK_COMMANDS, enumName: 'KioskCommandName', example: 'restart' })
  command: KioskCommandName;

  @ApiProperty({ ...COMMAND_PARAMS_SCHEMA, example: {}, description: PARAMS_DESCRIPTION })
  params: Record<string, unknown>;

  @ApiProperty({ enum: COMMAND_STATUSES, enumName: 'CommandStatus', example: 'pending' })
  status: CommandStatus;

  @ApiProperty({ example: 120 })
  ttlSeconds: number;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The bulk request it came from' })
  batchId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why a pending command is waiting',
  })
  holdReason: string | null;

  @ApiProperty({ example: 1, description: 'How many times it was emitted to the kiosk' })
  deliveries: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiPropertyOptional({
    type: [CommandTransitionDto],
    description: 'Every status change, oldest first (GET /commands/{id})',
  })
  history?: CommandTransitionDto[];

  static from(c: KioskCommandEntity, history?: CommandTransitionEntity[]): CommandDto {
    return {
      id: c.id,
      kioskId: c.kioskId,
      command: c.command,
      params: c.params,
      status: c.status,
      ttlSeconds: c.ttlSeconds,
      expiresAt: c.expiresAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
      createdBy: c.createdBy,
      batchId: c.batchId,
      holdReason: c.holdReason,
      deliveries: c.deliveries,
      sentAt: c.sentAt?.toISOString() ?? null,
      acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
      completedAt: c.completedAt?.toISOString() ?? null,
      error: c.error,
      ...(history && { history: history.map(CommandTransitionDto.from) }),
    };
  }
}
