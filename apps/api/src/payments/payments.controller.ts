import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { ApiPageResponse, CurrentUser, Page, Roles } from '@app/core';
import { AuthenticatedUser, PaymentView, Role } from '@app/contracts';
import {
  CreatePaymentCommand,
  CreatePaymentDto,
  ExportPaymentsQuery,
  GetPaymentQuery,
  GetPaymentSummaryQuery,
  ListPaymentsQuery,
  PaymentDto,
  PaymentFilterDto,
  PaymentSummaryDto,
  PaymentSummaryQueryDto,
  RefundPaymentCommand,
  RefundPaymentDto,
  RouteOutcome,
} from '@app/payment';
import { LongReads } from '@app/database';
import { ApiErrors } from '../common/api-errors.decorator';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import { admitLongRead, ApiLongReadErrors } from '../common/long-read';
import { PAYMENTS_CSV_EXAMPLE, sendPaymentsCsv, wantsCsv } from './payments-csv';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 255 printable characters, per caller. The same key and body within 24 h return the first response ' +
    '(header `Idempotent-Replayed: true`); the same key with another body is a 422.',
};

function answer<T>(res: Response, outcome: RouteOutcome<T>): T {
  res.status(outcome.status);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}

const filterOf = ({ limit: _limit, cursor: _cursor, ...filter }: PaymentFilterDto) => filter;

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly longReads: LongReads,
  ) {}

  @Post()
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'Record a payment taken at a kiosk (integrators)',
    description:
      '`amount` is exact: a decimal string or number in major units with no more decimals than the currency has ' +
      '(USD 2, JPY 0, KWD 3), greater than zero and at most PAYMENT_MAX_AMOUNT_MINOR. (kioskId, transactionId) is ' +
      'unique: a repeat is a 409. With `customerEmail`, a completed payment gets an email receipt.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: PaymentDto, description: '`Location` names the payment' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async createPayment(
    @Body() body: CreatePaymentDto,
    @IdempotencyKey() key: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentView> {
    const outcome = await this.commands.execute<CreatePaymentCommand, RouteOutcome<PaymentView>>(
      new CreatePaymentCommand(user, body, key),
    );
    res.location(`/api/v1/payments/${outcome.body.id}`);
    return answer(res, outcome);
  }

  @Get()
  @ApiOperation({
    summary: 'Payments, newest first (JSON page, or the whole filtered set as CSV with `Accept: text/csv`)',
    description: 'Operators and viewers see the payments of their kiosks only.',
  })
  @ApiPageResponse(PaymentDto, { 'text/csv': { schema: { type: 'string' }, example: PAYMENTS_CSV_EXAMPLE } })
  @ApiErrors(400, 401, 404)
  @ApiLongReadErrors()
  async listPayments(
    @Query() q: PaymentFilterDto,
    @Headers('accept') accept: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    if (wantsCsv(accept)) return this.sendCsv(res, q, user);
    const page = await this.queries.execute<ListPaymentsQuery, Page<PaymentView>>(
      new ListPaymentsQuery(user, filterOf(q), q.limit, q.cursor),
    );
    res.json(page);
  }

  @Get('export.csv')
  @ApiOperation({
    summary: 'Every payment matching the filters, streamed as CSV',
    description:
      'Same filters as the list (`limit`/`cursor` ignored). Rows are read in keyset chunks of 1,000, each one ' +
      'short statement under LONG_READ_STATEMENT_TIMEOUT_MS; a slow reader holds no database connection. ' +
      'At most LONG_READS_PER_USER (2) exports per user and LONG_READS_PER_INSTANCE (4) per instance run at ' +
      'once (CSV through `Accept: text/csv` included); more → 429 with `Retry-After`. A timeout before the first ' +
      'row is a 503; after it the response is cut short (no final chunk), never silently truncated. A text cell ' +
      "starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets show it instead of running it.",
  })
  @ApiOkResponse({
    description: 'CSV with a header row',
    content: { 'text/csv': { schema: { type: 'string' }, example: PAYMENTS_CSV_EXAMPLE } },
  })
  @ApiErrors(400, 401, 404)
  @ApiLongReadErrors()
  exportPayments(
    @Query() q: PaymentFilterDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    return this.sendCsv(res, q, user);
  }

  @Get('summary')
  @ApiOperation({
    summary: 'Totals per UTC day, kiosk or method, and currency, of payments that did not fail',
    description: 'Exact decimal totals; `refunded` is what was refunded from those payments.',
  })
  @ApiOkResponse({ type: PaymentSummaryDto })
  @ApiErrors(400, 401, 404)
  getPaymentSummary(
    @Query() q: PaymentSummaryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PaymentSummaryDto> {
    return this.queries.execute(
      new GetPaymentSummaryQuery(user, q.groupBy, { from: q.from, to: q.to }, q.currency, q.kioskId),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'A payment' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiErrors(400, 401, 404)
  getPayment(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PaymentView> {
    return this.queries.execute(new GetPaymentQuery(id, user));
  }

  @Post(':id/refund')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refund a payment, fully (no amount) or in part',
    description:
      'Cash: recorded at once (200). Card/QR: a `refund` command goes to the kiosk and the payment is ' +
      '`refund_pending` (202) until the kiosk confirms (then `partially_refunded`/`refunded`) or refuses ' +
      '(back to its previous status). Refunds never exceed the payment (422), also under concurrent requests. ' +
      'The refund, its kiosk command and the `Idempotency-Key` with its answer are stored in one transaction: a retry ' +
      'after any failure refunds at most once. A kiosk success that arrives after the command expired still ' +
      'completes the refund.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({ type: PaymentDto, description: 'Cash refund recorded' })
  @ApiAcceptedResponse({
    type: PaymentDto,
    description: 'Card/QR refund sent to the kiosk: `refund_pending`',
  })
  @ApiErrors(400, 401, 403, 404, 422)
  async refundPayment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RefundPaymentDto,
    @IdempotencyKey() key: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentView> {
    const outcome = await this.commands.execute<RefundPaymentCommand, RouteOutcome<PaymentView>>(
      new RefundPaymentCommand(id, user, body.amount, body.reason, key),
    );
    return answer(res, outcome);
  }

  private async sendCsv(res: Response, q: PaymentFilterDto, user: AuthenticatedUser): Promise<void> {
    admitLongRead(this.longReads, 'payments_csv', user, res);
    const rows = await this.queries.execute<ExportPaymentsQuery, Readable>(
      new ExportPaymentsQuery(user, filterOf(q)),
    );
    sendPaymentsCsv(res, rows);
  }
}
