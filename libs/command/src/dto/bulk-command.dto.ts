import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { COMMAND_STATUSES, CommandStatus, KIOSK_COMMANDS, KioskCommandName } from '@app/contracts';
import { IssueCommandDto } from './command.dto';

export class BulkCommandDto extends IssueCommandDto {
  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3],
    description: 'Exactly one of `kioskIds` or `tag`',
    maxItems: 20000,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  kioskIds?: number[];

  @ApiPropertyOptional({
    example: 'station',
    description: 'Every kiosk with this tag that the caller may command',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:/-]{1,40}$/, { message: 'tag must be 1-40 letters, digits or . _ : / -' })
  tag?: string;
}

export class AcceptedBulkCommandDto {
  @ApiProperty({ format: 'uuid' })
  batchId: string;

  @ApiProperty({ example: 10000, description: 'Kiosks addressed: one command each' })
  count: number;
}

export class BulkCommandProgressDto {
  @ApiProperty({ format: 'uuid' })
  batchId: string;

  @ApiProperty({ enum: KIOSK_COMMANDS, enumName: 'KioskCommandName', example: 'restart' })
  command: KioskCommandName;

  @ApiProperty({ example: 10000 })
  count: number;

  @ApiProperty({ example: 10000, description: 'Commands created so far by the fan-out' })
  created: number;

  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(COMMAND_STATUSES.map((s) => [s, { type: 'integer' }])),
    example: { pending: 12, sent: 9988, acknowledged: 0, succeeded: 0, failed: 0, expired: 0, cancelled: 0 },
  })
  byStatus: Record<CommandStatus, number>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  fannedOutAt: string | null;
}
