import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsDefined, IsObject, Matches } from 'class-validator';
import { SETTINGS_MAX_BYTES, SETTINGS_MAX_DEPTH } from '@app/core';
import { COMMAND_STATUSES, CommandStatus } from '@app/contracts';

const TAG = /^[A-Za-z0-9._:/-]{1,40}$/;

const SETTINGS_LIMITS_TEXT =
  `A JSON object (not an array or a scalar), at most ${SETTINGS_MAX_BYTES} bytes as compact JSON (413 above), ` +
  `at most ${SETTINGS_MAX_DEPTH} levels of objects and arrays deep, no \\u0000 or lone surrogate in any string or key (400).`;

const SETTINGS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: { $ref: getSchemaPath('JsonValue') },
};
const SETTINGS_EXAMPLE = { telemetry_interval_sec: 10, screen_brightness: 80, price_list_version: '2026-12' };

export class SetConfigDto {
  @ApiProperty({
    ...SETTINGS_SCHEMA,
    example: SETTINGS_EXAMPLE,
    description: `Replaces the settings set here before. ${SETTINGS_LIMITS_TEXT}`,
  })
  @IsDefined()
  @IsObject({ message: 'settings must be a JSON object' })
  settings: Record<string, unknown>;
}

export class TagParamDto {
  @ApiProperty({
    example: 'station',
    description: 'A tag as kiosks carry it: 1-40 letters, digits or . _ : / -',
  })
  @Matches(TAG, { message: 'tag must be 1-40 letters, digits or . _ : / -' })
  tag: string;
}

export class PendingConfigureDto {
  @ApiProperty({ format: 'uuid', description: 'The `configure` command (GET /commands/{id})' })
  commandId: string;

  @ApiProperty({ example: 7, description: 'The settings version it carries' })
  version: number;

  @ApiProperty({
    enum: COMMAND_STATUSES,
    enumName: 'CommandStatus',
    example: 'sent',
    description:
      'Where it is: `pending`/`sent`/`acknowledged` on its way; `expired` or `failed` means the kiosk gets a new one at its next join',
  })
  status: CommandStatus;
}

export class KioskConfigDto {
  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ example: 7, minimum: 0, description: 'Version of `settings`; 0: none were ever set' })
  desiredVersion: number;

  @ApiProperty({
    example: 6,
    minimum: 0,
    description: 'The highest version the kiosk acked `success` for; it never goes back',
  })
  appliedVersion: number;

  @ApiProperty({
    ...SETTINGS_SCHEMA,
    example: SETTINGS_EXAMPLE,
    description:
      'The merged settings the kiosk should run with: each top-level key from the kiosk’s own settings if set there, else from the last of its tags (tag names in byte order) that sets it. Nested objects are taken whole, not merged.',
  })
  settings: Record<string, unknown>;

  @ApiProperty({
    ...SETTINGS_SCHEMA,
    example: { screen_brightness: 80 },
    description: 'The kiosk’s own settings, as PUT /kiosks/{id}/config last set them',
  })
  ownSettings: Record<string, unknown>;

  // Inline, not a $ref: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      commandId: { type: 'string', format: 'uuid' },
      version: { type: 'integer' },
      status: { type: 'string', enum: [...COMMAND_STATUSES] },
    },
    required: ['commandId', 'version', 'status'],
    description:
      'The `configure` command carrying `desiredVersion` while the kiosk has not acked it; null once applied, or when nothing is due',
  })
  pending: PendingConfigureDto | null;
}

export class TagConfigDto {
  @ApiProperty({ example: 'station' })
  tag: string;

  @ApiProperty({ ...SETTINGS_SCHEMA, example: SETTINGS_EXAMPLE })
  settings: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({
    example: 120,
    description:
      'On PUT: how many kiosks’ merged settings changed (each got a new version; its `configure` is sent right after the response)',
  })
  kiosksChanged?: number;
}
