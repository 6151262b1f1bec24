import { applyDecorators, BadRequestException, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  type ContentObject,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort key and id of the last row of the previous page. */
export interface KeysetCursor {
  k: string | number;
  id: string | number;
}

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): KeysetCursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'k' in parsed &&
      'id' in parsed &&
      ['string', 'number'].includes(typeof parsed.k) &&
      ['string', 'number'].includes(typeof parsed.id)
    ) {
      return parsed as KeysetCursor;
    }
  } catch {
    // fall through to the 400 below
  }
  throw new BadRequestException({
    message: 'Invalid cursor',
    details: [{ field: 'cursor', message: 'invalid cursor' }],
  });
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
  key: (r: R) => KeysetCursor,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(key(last)) : null };
}

class PageMetaDto {
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
}

/** Documents `{ items: Model[], nextCursor }` for a list route. */
export const ApiPageResponse = <M extends Type<unknown>>(model: M, otherContent: ContentObject = {}) => {
  const schema = {
    title: `${model.name}Page`,
    allOf: [
      { $ref: getSchemaPath(PageMetaDto) },
      {
        properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } } },
        required: ['items'],
      },
    ],
  };
  return applyDecorators(
    ApiExtraModels(PageMetaDto, model),
    // `otherContent`: the same 200 in other media types (a CSV of the whole set), documented as such.
    ApiOkResponse({ content: { 'application/json': { schema }, ...otherContent } }),
  );
};
