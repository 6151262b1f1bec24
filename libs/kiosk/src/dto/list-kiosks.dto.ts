import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { KIOSK_STATUSES, KioskStatus, PageQueryDto } from '@app/core';

export class ListKiosksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: KIOSK_STATUSES, enumName: 'KioskStatus' })
  @IsOptional()
  @IsIn(KIOSK_STATUSES)
  status?: KioskStatus;

  @ApiPropertyOptional({ example: 'station' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({
    example: 'retiro',
    description: 'Case-insensitive search in serial, name and address',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class KioskQrQueryDto {
  @ApiPropertyOptional({ enum: ['png', 'svg'], default: 'png' })
  @IsOptional()
  @IsIn(['png', 'svg'])
  format: 'png' | 'svg' = 'png';
}
