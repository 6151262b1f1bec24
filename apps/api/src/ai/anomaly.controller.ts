import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
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
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiPageResponse,
  AuthenticatedUser,
  CurrentUser,
  DomainError,
  Page,
  PageQueryDto,
  Role,
  Roles,
} from '@app/core';
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
  UploadDatasetCommand,
} from '@app/ai';
import { ApiErrors } from '../common/api-errors.decorator';

const MAX_DATASET_BYTES = 50 * 1024 * 1024;

/** What multer hands over for a file field (memory storage). */
interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('ai')
@ApiBearerAuth()
@Controller('ai')
export class AnomalyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
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
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DATASET_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DatasetFileDto })
  @ApiOperation({
    summary: 'Upload a labelled telemetry CSV',
    description:
      'Each row is validated on its own (contract ranges, peripheral states, ISO timestamps, a known label); valid ' +
      'rows are kept for the next retraining on real or mixed data, rejected ones are reported by line. Up to 50 MB.',
  })
  @ApiCreatedResponse({ type: DatasetUploadDto })
  @ApiErrors(400, 401, 403, 413)
  uploadDataset(
    @UploadedFile() file: UploadedCsv | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DatasetUploadDto> {
    if (file === undefined) {
      throw new DomainError('invalid', 'A CSV file is required', [
        { field: 'file', message: 'attach the CSV as multipart field "file"' },
      ]);
    }
    return this.commands.execute(new UploadDatasetCommand(file.originalname, file.buffer, user.id));
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
