import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '@app/core';
import { NOTIFICATION_EVENT_TYPES, NotificationEventType } from '@app/contracts';

const URL_DESCRIPTION =
  'http(s) only. In production, targets on private or loopback addresses are refused unless ' +
  'WEBHOOK_ALLOW_PRIVATE=true (every address the host resolves to is checked, again at each delivery).';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/kiosk-fleet',
    maxLength: 2048,
    description: URL_DESCRIPTION,
  })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({
    enum: NOTIFICATION_EVENT_TYPES,
    enumName: 'NotificationEventType',
    isArray: true,
    example: ['alert.raised'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENT_TYPES, { each: true })
  events: NotificationEventType[];

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 256,
    writeOnly: true,
    example: 'a-shared-secret-of-16-or-more-characters',
    description:
      'HMAC key of X-Webhook-Signature. Omitted: one is generated and shown once, in this response.',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({ default: true, example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({
    maxLength: 2048,
    description: URL_DESCRIPTION,
    example: 'https://hooks.example.com/kiosk-fleet-v2',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_EVENT_TYPES, enumName: 'NotificationEventType', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENT_TYPES, { each: true })
  events?: NotificationEventType[];

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 256,
    writeOnly: true,
    description: 'Replaces the secret',
    example: 'another-secret-of-16-or-more-characters',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export interface WebhookRow {
  id: string;
  url: string;
  events: NotificationEventType[];
  active: boolean;
  created_at: Date;
}

/** The webhook resource (CONTRACT.md §6): never the secret. */
export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://hooks.example.com/kiosk-fleet' })
  url: string;

  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, enumName: 'NotificationEventType', isArray: true })
  events: NotificationEventType[];

  @ApiProperty()
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(r: WebhookRow): WebhookDto {
    return {
      id: r.id,
      url: r.url,
      events: r.events,
      active: r.active,
      createdAt: r.created_at.toISOString(),
    };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret: shown only in this response', example: 'whsec_…' })
  secret: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The event’s stable id, sent as X-Webhook-Id (deduplicate by it)',
  })
  eventId: string;

  @ApiProperty({
    example: 'alert.raised',
    description: 'An event type, or `webhook.test` for test deliveries',
  })
  eventType: string;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    enumName: 'WebhookDeliveryStatus',
    description: 'failed: the last attempt failed and another is scheduled; dead: retries ran out',
  })
  status: DeliveryStatus;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 42 })
  lastLatencyMs: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the last attempt failed' })
  lastError: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  static from(r: DeliveryRow): WebhookDeliveryDto {
    return {
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      lastStatusCode: r.last_status_code,
      lastLatencyMs: r.last_latency_ms,
      lastError: r.last_error,
      nextAttemptAt:
        r.status === 'delivered' || r.status === 'dead' ? null : (r.next_attempt_at?.toISOString() ?? null),
      createdAt: r.created_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
    };
  }
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
