import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'password' })
  field: string;

  @ApiProperty({ example: 'password must be longer than or equal to 12 characters' })
  message: string;
}

/** The one error shape every route answers with (CONTRACT.md §2). */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiProperty({ type: [FieldErrorDto], description: 'Field problems; empty when there are none' })
  details: FieldErrorDto[];

  @ApiPropertyOptional({ example: '6f1c1b1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f' })
  requestId?: string;
}
