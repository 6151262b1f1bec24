import { HttpException, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import busboy, { Busboy } from 'busboy';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { AppConfig, InjectAppConfig, overloaded, tooManyRequests } from '@app/core';
import {
  DATASET_RETRY_AFTER_SEC,
  DatasetParserPool,
  DatasetRefusal,
  DatasetUploadDto,
  DatasetUploadMetrics,
  DatasetUploadSlots,
  ParsedDatasetFile,
  UploadDatasetCommand,
} from '@app/ai';

/** A text field beside the file (ignored) may hold at most this many bytes. */
const MAX_FIELD_BYTES = 1024;
/** Multipart framing around the file: boundaries and part headers; a longer declared body is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const noFile = () =>
  new DatasetRefusal('no_file', 'A CSV file is required', [
    { field: 'file', message: 'attach the CSV as multipart field "file"' },
  ]);

/**
 * The HTTP side of `POST /ai/datasets`: reads the multipart body as a stream (busboy, bounded
 * fields and parts), admits the upload (per-user and per-instance slots), hands the file's bytes to
 * a parse worker as they arrive, and stores the result through UploadDatasetCommand. Every cap is
 * enforced while bytes arrive; on a refusal, a timeout or the client leaving, the parse worker is
 * stopped and the rest of the body is drained unread so the answer reaches the client.
 */
@Injectable()
export class DatasetUploadReceiver {
  private readonly limits: AppConfig['ai']['datasets'];

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly pool: DatasetParserPool,
    private readonly slots: DatasetUploadSlots,
    private readonly metrics: DatasetUploadMetrics,
    private readonly commands: CommandBus,
  ) {
    this.limits = config.ai.datasets;
  }

  async receive(req: Request, res: Response, userId: string): Promise<DatasetUploadDto> {
    try {
      const { fileName, parsed } = await this.admitAndParse(req, res, userId);
      return await this.commands.execute(new UploadDatasetCommand(fileName, parsed, userId));
    } catch (err) {
      if (!(err instanceof DatasetRefusal)) throw err;
      this.metrics.refusedFor(err.reason);
      // Busy is a wait, not a fault of the request: the error filter sends Retry-After with it.
      if (err.reason === 'user_busy') throw tooManyRequests(err.message, DATASET_RETRY_AFTER_SEC);
      if (err.reason === 'instance_busy') throw overloaded(err.message, DATASET_RETRY_AFTER_SEC);
      // 400/413/422 with the refusal's details: statuses no DomainError kind stands for (413).
      throw new HttpException(
        { error: STATUS_CODES[err.status] ?? 'Error', message: err.message, details: err.details },
        err.status,
      );
    }
  }

  private async admitAndParse(
    req: Request,
    res: Response,
    userId: string,
  ): Promise<{ fileName: string; parsed: ParsedDatasetFile }> {
    const declared = Number(req.headers['content-length']);
    const maxBody =
      this.limits.maxFileBytes + MULTIPART_OVERHEAD_BYTES + this.limits.maxFields * MAX_FIELD_BYTES;
    if (Number.isFinite(declared) && declared > maxBody) {
      throw new DatasetRefusal('file_too_large', `The file is over ${this.limits.maxFileBytes} bytes`, [
        { field: 'file', message: `at most ${this.limits.maxFileBytes} bytes` },
      ]);
    }
    let parser: Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          fileSize: this.limits.maxFileBytes,
          files: 1,
          fields: this.limits.maxFields,
          parts: this.limits.maxFields + 1,
          fieldSize: MAX_FIELD_BYTES,
          fieldNameSize: 100,
          headerPairs: 20,
        },
      });
    } catch {
      // Not multipart/form-data (or no boundary): there is no file part to read.
      throw noFile();
    }
    const release = this.slots.acquire(userId);
    const abort = new AbortController();
    const timer = setTimeout(
      () =>
        abort.abort(
          new DatasetRefusal('timeout', `The upload took longer than ${this.limits.timeoutMs} ms`, [
            { field: 'file', message: `send and parse the file within ${this.limits.timeoutMs} ms` },
          ]),
        ),
      this.limits.timeoutMs,
    );
    const clientGone = () => {
      if (!res.writableEnded) {
        abort.abort(new DatasetRefusal('client_disconnected', 'The client closed the connection'));
      }
    };
    res.once('close', clientGone);
    req.once('error', clientGone);
    try {
      return await this.readMultipart(req, parser, abort);
    } finally {
      clearTimeout(timer);
      res.off('close', clientGone);
      req.off('error', clientGone);
      release();
      req.unpipe(parser);
      // Whatever is left of the body is read and dropped, so the client gets its answer.
      if (!req.complete) req.resume();
    }
  }

  private readMultipart(
    req: Request,
    parser: Busboy,
    abort: AbortController,
  ): Promise<{ fileName: string; parsed: ParsedDatasetFile }> {
    return new Promise((resolve, reject) => {
      let parsing: Promise<ParsedDatasetFile> | null = null;
      let fileName = 'dataset.csv';
      const fail = (err: unknown) => abort.abort(err);
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
      const tooLarge = (reason: 'too_many_fields' | 'too_many_parts' | 'field_too_large', what: string) =>
        fail(new DatasetRefusal(reason, what, [{ field: 'body', message: what }]));

      parser.on('file', (name: string, stream: Readable, info: busboy.FileInfo) => {
        if (name !== 'file' || parsing !== null) {
          stream.resume();
          fail(
            new DatasetRefusal('unexpected_file_field', `Unexpected file field "${name.slice(0, 100)}"`, [
              { field: name.slice(0, 100), message: 'the only file field is "file"' },
            ]),
          );
          return;
        }
        fileName = info.filename || fileName;
        stream.once('limit', () =>
          fail(
            new DatasetRefusal('file_too_large', `The file is over ${this.limits.maxFileBytes} bytes`, [
              { field: 'file', message: `at most ${this.limits.maxFileBytes} bytes` },
            ]),
          ),
        );
        parsing = this.pool.parse(stream, abort.signal);
        parsing.catch(fail);
      });
      parser.on('field', (_name: string, _value: string, info: busboy.FieldInfo) => {
        if (info.nameTruncated || info.valueTruncated) {
          tooLarge('field_too_large', `A text field is over ${MAX_FIELD_BYTES} bytes`);
        }
      });
      parser.on('fieldsLimit', () =>
        tooLarge('too_many_fields', `At most ${this.limits.maxFields} text fields beside the file`),
      );
      parser.on('partsLimit', () =>
        tooLarge(
          'too_many_parts',
          `At most ${this.limits.maxFields + 1} parts (one file and the text fields)`,
        ),
      );
      parser.on('filesLimit', () => tooLarge('too_many_parts', 'At most one file part'));
      parser.on('error', (err: Error) =>
        fail(
          new DatasetRefusal('malformed_multipart', 'The multipart body is malformed', [
            { field: 'body', message: err.message.slice(0, 200) },
          ]),
        ),
      );
      // The whole body was read: the answer is the parse's, once it is done.
      parser.on('close', () => {
        if (parsing === null) fail(noFile());
        else parsing.then((parsed) => resolve({ fileName, parsed }), fail);
      });
      req.pipe(parser);
    });
  }
}
