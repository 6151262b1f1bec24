import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { FieldError } from './field-errors';
import { DOMAIN_ERROR_STATUS, DomainError } from '../errors/domain-error';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: FieldError[];
  requestId?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isClientHttpError(v: unknown): v is { statusCode: number; message: string } {
  return (
    isRecord(v) &&
    typeof v.statusCode === 'number' &&
    v.statusCode >= 400 &&
    v.statusCode < 500 &&
    v.expose === true &&
    typeof v.message === 'string'
  );
}

function fromHttpException(ex: HttpException): ErrorBody {
  const statusCode = ex.getStatus();
  const error = STATUS_CODES[statusCode] ?? 'Error';
  const res = ex.getResponse();
  if (typeof res === 'string') return { statusCode, error, message: res, details: [] };
  const r = isRecord(res) ? res : {};
  let message = r.message;
  // Nest's own ValidationPipe and parse pipes answer with message: string[].
  let details: FieldError[] = Array.isArray(r.details) ? (r.details as FieldError[]) : [];
  if (Array.isArray(message)) {
    details = details.length ? details : message.map((m) => ({ field: '', message: String(m) }));
    message = 'Validation failed';
  }
  return {
    statusCode,
    error: typeof r.error === 'string' ? r.error : error,
    message: typeof message === 'string' ? message : ex.message,
    details,
  };
}

/** Renders every error in the contract's single shape, whatever threw it. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();

    let body: ErrorBody;
    if (exception instanceof HttpException) {
      body = fromHttpException(exception);
    } else if (exception instanceof DomainError) {
      const statusCode = DOMAIN_ERROR_STATUS[exception.kind];
      body = {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
        details: exception.details,
      };
      if (exception.retryAfterSec !== undefined) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSec))));
      }
    } else if (
      exception instanceof QueryFailedError &&
      (exception.driverError as { code?: string })?.code === '23505'
    ) {
      // A unique violation that slipped past a handler's own check (a race): still a 409, never a 500.
      body = {
        statusCode: 409,
        error: 'Conflict',
        message: 'A resource with this value already exists',
        details: [],
      };
    } else if (isClientHttpError(exception)) {
      // body-parser's own errors (e.g. a body over the limit) arrive as http-errors objects.
      const statusCode = exception.statusCode;
      body = {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
        details: [],
      };
    } else {
      body = {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: 'Internal Server Error',
        message: 'Internal server error',
        details: [],
      };
    }
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: req.url, reqId: req.id }, 'request failed');
    }
    if (req.id) body.requestId = String(req.id);
    res.status(body.statusCode).json(body);
  }
}
