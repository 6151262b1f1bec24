import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse, CurrentUser, ApiErrorDto, Page, PageQueryDto, Roles } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';
import {
  ActivateModelCommand,
  AiModelDto,
  DatasetFileDto,
  DatasetUploadDto,
  AnomalyScoreDto,
  DeleteModelCommand,
  GetRetrainingJobQuery,
  ListModelsQuery,
  RequestRetrainingCommand,
  RetrainingAcceptedDto,
  RetrainingJobDto,
  RetrainModelDto,
  RollbackModelCommand,
  ScoreTelemetryCommand,
  ScoreTelemetryDto,
} from '@app/ai';
import { ApiErrors } from '../common/api-errors.decorator';
import { DatasetUploadReceiver } from './dataset-upload.receiver';

@ApiTags('ai')
@ApiBearerAuth()
@Controller('ai')
export class AnomalyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly datasets: DatasetUploadReceiver,
  ) {}

  @Get('models')
  @ApiOperation({
    summary: 'List the anomaly models',
    description:
      'The registry, newest first: version, algorithm, status (`candidate` | `active` | `retired`), held-out ' +
      'metrics, threshold and feature-spec hash. A fresh installation has the committed baseline, active.',
  })
  @ApiPageResponse(AiModelDto)
  @ApiErrors(400, 401)
  listModels(@Query() page: PageQueryDto): Promise<Page<AiModelDto>> {
    return this.queries.execute(new ListModelsQuery(page.limit, page.cursor));
  }

  @Post('score')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Score a telemetry payload with the active model',
    description:
      'Takes a wire `kiosk_update` payload (snake_case). Returns the anomaly probability, whether it is above the ' +
      'model’s threshold, and the fields that pushed the score up, each with its contribution to the log-odds and a ' +
      'sentence. With `kiosk_id`, the reading is judged against that kiosk’s own baselines (unchanged by the call). ' +
      'Nothing is stored.',
  })
  @ApiOkResponse({ type: AnomalyScoreDto })
  @ApiErrors(400, 401, 404, 422)
  score(@Body() body: ScoreTelemetryDto, @CurrentUser() user: AuthenticatedUser): Promise<AnomalyScoreDto> {
    return this.commands.execute(new ScoreTelemetryCommand(user, body));
  }

  @Post('models/rollback')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Roll back to the previously active model',
    description:
      'Re-activates the model that was active before the current one, on every instance within seconds.',
  })
  @ApiOkResponse({ type: AiModelDto })
  @ApiErrors(401, 403, 422)
  rollbackModel(@CurrentUser() user: AuthenticatedUser): Promise<AiModelDto> {
    return this.commands.execute(new RollbackModelCommand(user.id));
  }

  @Post('models/:version/activate')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate a model',
    description:
      'Makes the model the one that scores readings; the previous active model is retired. Every API instance ' +
      'swaps to it within seconds (Redis pub/sub), without dropping readings. A model built for another feature ' +
      'spec is refused (422).',
  })
  @ApiParam({ name: 'version', example: 'anomaly-baseline-20261125T122921' })
  @ApiOkResponse({ type: AiModelDto })
  @ApiErrors(401, 403, 404, 422)
  activateModel(
    @Param('version') version: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AiModelDto> {
    return this.commands.execute(new ActivateModelCommand(version, user.id));
  }

  @Delete('models/:version')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a model', description: 'The active model cannot be deleted (422).' })
  @ApiParam({ name: 'version', example: 'anomaly-baseline-20261125T122921' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, 422)
  async deleteModel(@Param('version') version: string): Promise<void> {
    await this.commands.execute(new DeleteModelCommand(version));
  }

  @Post('datasets')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DatasetFileDto })
  @ApiOperation({
    summary: 'Upload a labelled telemetry CSV',
    description:
      'Each row is validated on its own (contract ranges, peripheral states, ISO timestamps, a known label); valid ' +
      'rows are kept for the next retraining on real or mixed data, rejected ones are reported by line. The file ' +
      'is streamed and parsed in a worker thread under caps (defaults; `AI_DATASET_*`): 50 MB, 200,000 rows, ' +
      '4,096 bytes per record, 64 columns of which at most 16 unknown (ignored), one file part plus at most 10 ' +
      'text fields of 1 KB, 60 s per upload, 2 uploads at a time per user. The file must be UTF-8 without NUL. ' +
      '400: no `file` part, malformed multipart, bad encoding, not a CSV, required columns missing, too many ' +
      'unknown columns, or no valid row; 413: a size cap (details name it); 422: the time limit.',
  })
  @ApiCreatedResponse({ type: DatasetUploadDto })
  @ApiErrors(400, 401, 403, 413, 422)
  @ApiResponse({
    status: 429,
    description:
      'The caller already has the allowed number of uploads in progress; `Retry-After` says when to retry',
    type: ApiErrorDto,
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer', example: 5 } } },
  })
  @ApiResponse({
    status: 503,
    description: 'This instance is parsing as many uploads as it may; `Retry-After` says when to retry',
    type: ApiErrorDto,
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer', example: 5 } } },
  })
  uploadDataset(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DatasetUploadDto> {
    return this.datasets.receive(req, res, user.id);
  }

  @Post('models/retrain')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Retrain the anomaly model',
    description:
      'Queues a retraining in the worker (`ai-retraining`). The candidate is scored on a frozen evaluation set ' +
      '(a fixed simulator fleet plus every reading operators judged) next to the active model and becomes active ' +
      'only if it is not worse on F1 and false-positive rate (margins AI_PROMOTION_*); otherwise it stays a ' +
      'candidate with the reason. Operators may train on `synthetic` data only. While a retraining on the same ' +
      '`dataSource` is waiting or running, a request returns that job (`deduplicated: true`) instead of queueing ' +
      'another. Each user may ask AI_RETRAIN_RATE_LIMIT times per AI_RETRAIN_RATE_WINDOW_SEC (default 5 per hour, ' +
      'deduplicated requests included, across instances); beyond it: 429 with `Retry-After`.',
  })
  @ApiAcceptedResponse({ type: RetrainingAcceptedDto })
  @ApiErrors(400, 401, 403, 429)
  retrainModel(
    @Body() body: RetrainModelDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RetrainingAcceptedDto> {
    return this.commands.execute(new RequestRetrainingCommand(user, body.dataSource));
  }

  @Get('jobs/:id')
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'Follow a retraining job',
    description:
      'State, percent, the current stage (and the validation loss while training), and the result.',
  })
  @ApiParam({ name: 'id', example: '17' })
  @ApiOkResponse({ type: RetrainingJobDto })
  @ApiErrors(401, 403, 404)
  getRetrainingJob(@Param('id') id: string): Promise<RetrainingJobDto> {
    return this.queries.execute(new GetRetrainingJobQuery(id));
  }
}
