import { Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TokenService } from '@app/auth';
import { AppConfig, InjectAppConfig, Roles } from '@app/core';
import { Role } from '@app/contracts';
import { ApiErrors } from '../common/api-errors.decorator';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_ROUTE } from './queue-board-auth';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('admin/queue-board')
export class QueueBoardController {
  constructor(
    private readonly tokens: TokenService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  @Post('session')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Let this browser open the queue board',
    description:
      'Sets an HttpOnly, SameSite=Strict cookie scoped to /api/v1/admin/queues that carries the caller’s access token ' +
      'until it expires (at most JWT_ACCESS_TTL_SEC); then open /api/v1/admin/queues. API clients may instead send ' +
      'their bearer token to the board directly.',
  })
  @ApiNoContentResponse()
  @ApiErrors(401, 403)
  async openQueueBoardSession(
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = authorization.replace(/^Bearer\s+/i, '');
    const { exp } = await this.tokens.verifyAccessToken(token);
    res.cookie(QUEUE_BOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.isProduction,
      path: `/api/v1${QUEUE_BOARD_ROUTE}`,
      maxAge: Math.max(0, exp * 1000 - Date.now()),
    });
  }
}
