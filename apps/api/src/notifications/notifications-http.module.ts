import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule, BullBoardModuleOptions } from '@bull-board/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, SessionService, TokenService } from '@app/auth';
import { QueueName } from '@app/contracts';
import { NotificationModule } from '@app/notification';
import { NotificationPoliciesController } from './notification-policies.controller';
import { QUEUE_BOARD_ROUTE, queueBoardAuth } from './queue-board-auth';
import { QueueBoardController } from './queue-board.controller';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class NotificationsHttpModule {
  static forRoot(): DynamicModule {
    return {
      module: NotificationsHttpModule,
      imports: [
        NotificationModule.forRoot(),
        AuthModule,
        // Bull Board for admins: every queue's jobs, retries and failures (at /api/v1/admin/queues).
        BullBoardModule.forRootAsync({
          imports: [AuthModule],
          inject: [TokenService, SessionService],
          useFactory: (tokens: TokenService, sessions: SessionService) => ({
            route: QUEUE_BOARD_ROUTE,
            // @bull-board/express ships its own copy of @bull-board/api types (a patch version apart).
            adapter: ExpressAdapter as unknown as BullBoardModuleOptions['adapter'],
            middleware: queueBoardAuth(tokens, sessions),
            boardOptions: { uiConfig: { boardTitle: 'Kiosk fleet queues' } },
          }),
        }),
        ...Object.values(QueueName).map((name) => BullBoardModule.forFeature({ name, adapter: BullAdapter })),
      ],
      controllers: [WebhooksController, NotificationPoliciesController, QueueBoardController],
    };
  }
}
