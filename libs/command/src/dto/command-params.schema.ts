import type { SchemaObject } from '@nestjs/swagger';

/*
 * The params of each command as services/command-params.ts accepts them (snake_case, unknown keys
 * refused), as closed objects, so the generated SDK types params as a union instead of a free-form
 * map. Exactly one branch matches any accepted params (`{}` only the first), hence `oneOf`.
 */
const REASON_PARAMS: SchemaObject = {
  type: 'object',
  description: 'block, restart, maintenance: an optional reason; unblock: `{}`',
  properties: { reason: { type: 'string', minLength: 1, maxLength: 200 } },
  additionalProperties: false,
};

const UPDATE_PARAMS: SchemaObject = {
  type: 'object',
  description: 'update: the firmware version, where to fetch it, and the digest of the image there',
  properties: {
    version: { type: 'string', minLength: 1, maxLength: 64 },
    url: { type: 'string', format: 'uri', maxLength: 2000, description: 'http(s) only' },
    sha256: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{64}$',
      description: 'SHA-256 of the image at `url`: the kiosk refuses a download that does not match',
    },
  },
  required: ['version'],
  additionalProperties: false,
};

const REFUND_PARAMS: SchemaObject = {
  type: 'object',
  description: 'refund: the payment, and an amount when partial',
  properties: {
    payment_id: { type: 'string', format: 'uuid' },
    amount: { type: 'string', pattern: '^\\d{1,12}(\\.\\d{1,3})?$', example: '12.50' },
  },
  required: ['payment_id'],
  additionalProperties: false,
};

const CONFIGURE_PARAMS: SchemaObject = {
  type: 'object',
  description:
    'configure (issued only by PUT /kiosks/{id}/config and PUT /kiosk-configs/tags/{tag}): the merged settings and their version',
  properties: {
    version: { type: 'integer', minimum: 1 },
    settings: {
      type: 'object',
      additionalProperties: { $ref: '#/components/schemas/JsonValue' },
      description: 'At most 8192 bytes as compact JSON, at most 8 levels deep',
    },
  },
  required: ['version', 'settings'],
  additionalProperties: false,
};

export const COMMAND_PARAMS_SCHEMA = {
  oneOf: [REASON_PARAMS, UPDATE_PARAMS, REFUND_PARAMS, CONFIGURE_PARAMS],
};
