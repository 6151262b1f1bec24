import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrorDto, CurrentUser, Public, SessionOnly } from '@app/core';
import { AuthenticatedUser } from '@app/contracts';
import {
  AuditContext,
  GetUserQuery,
  LoginCommand,
  LoginDto,
  LogoutCommand,
  RefreshSessionCommand,
  RefreshTokenDto,
  TokenPairDto,
  UserDto,
  UserEntity,
} from '@app/auth';
import { QueryBus } from '@nestjs/cqrs';
import { Actor } from '../common/request-context';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with username and password',
    description:
      'A wrong username and a wrong password get the same 401. Failed attempts are slowed, never locked: ' +
      'after `LOGIN_FREE_FAILURES` failures from one client address for one username, that pair must wait ' +
      '`LOGIN_DELAY_BASE_MS`, doubling per further failure up to `LOGIN_DELAY_MAX_SEC` (a success clears it); ' +
      'past `LOGIN_USER_FAILURE_CEILING` failures per username per `LOGIN_FAILURE_WINDOW_SEC` from all ' +
      'addresses, addresses the user has not logged in from get one try per `LOGIN_USER_THROTTLE_SEC`. ' +
      'Unknown usernames are treated exactly like known ones. Also limited to `LOGIN_RATE_LIMIT_PER_MIN` ' +
      'requests per minute per client address.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(400, 401)
  @ApiResponse({
    status: 429,
    type: ApiErrorDto,
    description:
      'Wait before trying again: the (username, address) is waiting out its delay, the username is past ' +
      'its failure ceiling, or the address is over the per-minute limit',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 4 } } },
  })
  login(
    @Body() body: LoginDto,
    @Actor() actor: AuditContext & { userAgent: string | null },
  ): Promise<TokenPairDto> {
    return this.commands.execute(new LoginCommand(body.username, body.password, actor));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description: 'Refresh tokens are single use. Presenting one twice revokes its whole session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(400, 401)
  refresh(@Body() body: RefreshTokenDto, @Actor() actor: AuditContext): Promise<TokenPairDto> {
    return this.commands.execute(new RefreshSessionCommand(body.refreshToken, actor));
  }

  @Post('logout')
  @HttpCode(204)
  @SessionOnly()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'End the session',
    description:
      'Revokes the refresh family and every access token carrying this session’s `sid`. A Bearer token only: an API key gets 403.',
  })
  @ApiNoContentResponse({ description: 'The session is over: its refresh and access tokens no longer work' })
  @ApiErrors(400, 401, 403)
  async logout(
    @Body() body: RefreshTokenDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditContext,
  ): Promise<void> {
    await this.commands.execute(new LogoutCommand(user, body.refreshToken, actor));
  }

  @Get('me')
  @SessionOnly()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The caller’s own user',
    description: 'A Bearer token only: an API key gets 403.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(401, 403)
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return UserDto.from(await this.queries.execute<GetUserQuery, UserEntity>(new GetUserQuery(user.id)));
  }
}
