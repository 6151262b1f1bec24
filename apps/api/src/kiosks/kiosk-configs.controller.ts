import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@app/core';
import { AuditActor, AuthenticatedUser, Role } from '@app/contracts';
import { GetTagConfigQuery, SetConfigDto, SetTagConfigCommand, TagConfigDto, TagParamDto } from '@app/kiosk';
import { ApiError, ApiErrors } from '../common/api-errors.decorator';
import { Actor } from '../common/request-context';

/** Settings per tag (CONTRACT §8, remote configuration): they apply to every kiosk carrying the tag. */
@ApiTags('kiosks')
@ApiBearerAuth()
@Controller('kiosk-configs')
export class KioskConfigsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('tags/:tag')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'A tag’s settings (admins)', description: '404 when the tag has none set.' })
  @ApiParam({ name: 'tag', example: 'station' })
  @ApiOkResponse({ type: TagConfigDto })
  @ApiErrors(400, 401, 403, 404)
  getTagConfig(@Param() p: TagParamDto): Promise<TagConfigDto> {
    return this.queries.execute(new GetTagConfigQuery(p.tag));
  }

  @Put('tags/:tag')
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Set the settings every kiosk with this tag inherits (admins)',
    description:
      'Replaces the tag’s settings. Every kiosk carrying the tag (now or later) merges them: key by key, its own settings win over its tags’, and among its tags the last one by name (byte order) that sets a key wins; nested objects are taken whole. Each kiosk whose merged settings changed gets a new, higher version before the response, and a `configure` command right after it (sent in the background, replacing any still on its way; kiosks offline get it at their next join); `kiosksChanged` says how many, and GET /kiosks/{id}/config shows each one’s `pending` command once it is issued. All or nothing: if any kiosk’s merged settings would exceed 8192 bytes, nothing changes (422). `{}` clears the tag’s settings. Operators, viewers and API keys get 403.',
  })
  @ApiParam({ name: 'tag', example: 'station', description: '1-40 letters, digits or . _ : / -' })
  @ApiOkResponse({ type: TagConfigDto })
  @ApiError(
    400,
    'A bad tag, or settings that are not a JSON object, nest too deep or hold \\\\u0000',
    undefined,
    {
      message: 'Validation failed',
      details: [{ field: 'tag', message: 'tag must be 1-40 letters, digits or . _ : / -' }],
    },
  )
  @ApiErrors(401, 403)
  @ApiError(413, 'The settings take more than 8192 bytes as JSON', undefined, {
    message: 'settings take 9000 bytes as JSON; at most 8192',
    details: [{ field: 'settings', message: 'settings take 9000 bytes as JSON; at most 8192' }],
  })
  @ApiError(422, 'Some kiosk’s merged settings would exceed 8192 bytes', undefined, {
    message: 'The merged settings of 2 kiosk(s) would exceed 8192 bytes',
    details: [{ field: 'settings', message: 'kiosk 12: merged settings would take 9100 bytes' }],
  })
  setTagConfig(
    @Param() p: TagParamDto,
    @Body() body: SetConfigDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<TagConfigDto> {
    return this.commands.execute(new SetTagConfigCommand(p.tag, body.settings, user.id, actor));
  }
}
