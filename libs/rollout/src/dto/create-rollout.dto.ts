import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class RolloutParamsDto {
  @ApiProperty({
    example: '2.4.0',
    description: 'The firmware version kiosks must come back on',
    maxLength: 64,
  })
  @IsString()
  @Length(1, 64)
  version: string;

  @ApiProperty({
    example: 'https://updates.example.com/kiosk-2.4.0.img',
    description: 'Where the kiosk downloads the image',
  })
  @IsString()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @Length(1, 2000)
  url: string;

  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 of the image, 64 hex digits',
  })
  @IsString()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256: string;
}

export class RolloutTargetDto {
  @ApiPropertyOptional({ example: 'station', description: 'Every kiosk with this tag' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:/-]{1,40}$/, { message: 'tag must be 1-40 letters, digits or . _ : / -' })
  tag?: string;

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3], description: 'These kiosks', maxItems: 20000 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  kioskIds?: number[];

  @ApiPropertyOptional({
    example: '2.4.0',
    description: 'Every kiosk reporting a firmware below this semver version',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  firmwareBelow?: string;
}

export class CreateRolloutDto {
  @ApiProperty({ example: 'Firmware 2.4.0, stations first', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ['update'], example: 'update', description: 'Only `update` is rolled out' })
  @IsIn(['update'])
  command: 'update';

  @ApiProperty({ type: RolloutParamsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RolloutParamsDto)
  params: RolloutParamsDto;

  @ApiProperty({ type: RolloutTargetDto, description: 'Exactly one of `tag`, `kioskIds`, `firmwareBelow`' })
  @IsObject()
  @ValidateNested()
  @Type(() => RolloutTargetDto)
  target: RolloutTargetDto;

  @ApiProperty({
    type: [Number],
    example: [10, 30, 60],
    description: 'Share of the kiosks in each wave, in percent (1-100 each, 1-20 waves, summing to 100)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100, { each: true })
  waves: number[];

  @ApiProperty({
    example: 0.2,
    minimum: 0,
    maximum: 1,
    description: 'A wave whose failed share exceeds this aborts the rollout',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  failureThreshold: number;

  @ApiProperty({
    example: 600,
    minimum: 0,
    maximum: 604800,
    description: 'Wait after a wave finished before the next starts',
  })
  @IsInt()
  @Min(0)
  @Max(604800)
  waitSeconds: number;

  @ApiPropertyOptional({
    example: false,
    description:
      'Command each kiosk only while it is inside one of its maintenance windows (its own or a tag’s)',
  })
  @IsOptional()
  @IsBoolean()
  respectMaintenanceWindows?: boolean;
}
