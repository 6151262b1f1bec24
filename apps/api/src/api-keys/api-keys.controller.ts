import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorDto, ApiPageResponse, Page, PageQueryDto, Roles } from '@app/core';
import { Role } from '@app/contracts';
import {
  ApiKeyDto,
  AuditContext,
  CreateApiKeyCommand,
  CreateApiKeyDto,
  CreatedApiKey,
  CreatedApiKeyDto,
  GetApiKeyQuery,
  ListApiKeysQuery,
  RevokeApiKeyCommand,
} from '@app/auth';
import { Actor } from '../common/request-context';
import { ApiKeyErrors } from './api-key-errors';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiExtraModels(ApiErrorDto)
@Roles(Role.Admin)
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Issue an API key for an integrator',
    description:
      'The key (`kf_<8 characters>_<43 characters>`, 256 random bits) is in this response only: only its ' +
      'SHA-256 is stored. Send it as `X-API-Key`. It acts as a user of its `role` (operator or viewer, never ' +
      'admin) that sees only kiosks carrying at least one of its `tags`; other kiosks and what belongs to ' +
      'them answer 404, admin routes 403. After `expiresAt` it answers 401. Audited (`api_key.created`).',
  })
  @ApiCreatedResponse({
    type: CreatedApiKeyDto,
    description: '`Location` names the new key',
    headers: {
      Location: {
        description: 'The key’s record',
        schema: { type: 'string', example: '/api/v1/api-keys/6f1c2a4e-7b1d-4c0e-9a55-3e2f1d0c9b8a' },
      },
    },
  })
  @ApiKeyErrors(400, 401, 403)
  async createApiKey(
    @Body() body: CreateApiKeyDto,
    @Actor() actor: AuditContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedApiKeyDto> {
    const created = await this.commands.execute<CreateApiKeyCommand, CreatedApiKey>(
      new CreateApiKeyCommand(
        body.name,
        body.role,
        body.tags,
        body.expiresAt ? new Date(body.expiresAt) : null,
        actor,
      ),
    );
    res.location(`/api/v1/api-keys/${created.apiKey.id}`);
    return { apiKey: ApiKeyDto.from(created.apiKey), key: created.key };
  }

  @Get()
  @ApiOperation({
    summary: 'List API keys',
    description:
      'Keys not revoked (expired ones included), oldest first. Never the key itself: `prefix` tells them apart.',
  })
  @ApiPageResponse(ApiKeyDto)
  @ApiKeyErrors(400, 401, 403)
  listApiKeys(@Query() q: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.queries.execute(new ListApiKeysQuery(q.limit, q.cursor));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get an API key',
    description: 'Never the key itself. A revoked key answers 404.',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiKeyErrors(400, 401, 403, 404)
  getApiKey(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyDto> {
    return this.queries.execute(new GetApiKeyQuery(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'At once, on every instance: the next request with the key answers 401. What the key did stays ' +
      'attributed to it. Audited (`api_key.revoked`).',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiKeyErrors(400, 401, 403, 404)
  async revokeApiKey(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditContext): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(id, actor));
  }
}
