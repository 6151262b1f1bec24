import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PERIPHERAL_STATES } from '@app/ml';

/** The sections of a wire `kiosk_update` (CONTRACT.md §3, snake_case), with the contract's ranges. */
export class EnvironmentalDto {
  @ApiProperty({ example: 24.1, minimum: -40, maximum: 85 })
  @IsNumber()
  @Min(-40)
  @Max(85)
  temperature: number;

  @ApiProperty({ example: 51, minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  humidity: number;

  @ApiProperty({ example: 37.5, minimum: 0, maximum: 500 })
  @IsNumber()
  @Min(0)
  @Max(500)
  air_quality: number;
}

export class HardwareDto {
  @ApiProperty({ example: 91.2, minimum: -20, maximum: 120 })
  @IsNumber()
  @Min(-20)
  @Max(120)
  cpu_temp: number;

  @ApiProperty({ example: 41, minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  cpu_usage: number;

  @ApiProperty({ example: 63.2, minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  ram_usage: number;

  @ApiProperty({ example: 71.9, minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  disk_usage: number;
}

export class PeripheralsDto {
  @ApiPropertyOptional({ enum: PERIPHERAL_STATES.printer_status })
  @IsOptional()
  @IsIn(PERIPHERAL_STATES.printer_status)
  printer_status?: string;

  @ApiPropertyOptional({ enum: PERIPHERAL_STATES.cash_acceptor })
  @IsOptional()
  @IsIn(PERIPHERAL_STATES.cash_acceptor)
  cash_acceptor?: string;

  @ApiPropertyOptional({ enum: PERIPHERAL_STATES.card_reader })
  @IsOptional()
  @IsIn(PERIPHERAL_STATES.card_reader)
  card_reader?: string;
}

export class LocationDto {
  @ApiProperty({ example: -34.6037 })
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: -58.3816 })
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiPropertyOptional({ example: 4.2 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  accuracy?: number;
}

export class NetworkDto {
  @ApiProperty({ example: 80.5, minimum: 0, maximum: 60000 })
  @IsNumber()
  @Min(0)
  @Max(60000)
  latency: number;

  @ApiProperty({ example: -61, minimum: -150, maximum: 0 })
  @IsNumber()
  @Min(-150)
  @Max(0)
  signal_strength: number;
}

export class ScoreTelemetryDto {
  @ApiPropertyOptional({
    example: 1,
    description:
      'Score against this kiosk’s own baselines (its recent history on this instance); without it the reading is ' +
      'scored as a kiosk’s first. The caller must be able to see the kiosk.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kiosk_id?: number;

  @ApiPropertyOptional({ example: '2026-11-25T10:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;

  @ApiPropertyOptional({ example: 'SIM-KIOSK-001' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  serial?: string;

  @ApiPropertyOptional({ example: 42 })
  @IsOptional()
  @IsInt()
  @Min(0)
  seq?: number;

  @ApiProperty({ type: EnvironmentalDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EnvironmentalDto)
  environmental: EnvironmentalDto;

  @ApiProperty({ type: HardwareDto })
  @IsObject()
  @ValidateNested()
  @Type(() => HardwareDto)
  hardware: HardwareDto;

  @ApiPropertyOptional({ type: PeripheralsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PeripheralsDto)
  peripherals?: PeripheralsDto;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiProperty({ type: NetworkDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NetworkDto)
  network: NetworkDto;
}

export class ExplanationTermDto {
  @ApiProperty({ example: 'cpu_temp', description: 'The reading field' })
  feature: string;

  @ApiProperty({ example: 91.2 })
  value: number;

  @ApiProperty({
    example: 2.41,
    description: 'How much the anomaly log-odds drop when this field is put back to the kiosk’s normal',
  })
  contribution: number;

  @ApiProperty({ example: "cpu_temp 91.2 °C, +2.41, 4.1σ above this kiosk's norm" })
  text: string;
}

export class AnomalyScoreDto {
  @ApiProperty({ example: 0.97, description: 'Probability of an anomaly, 0…1' })
  score: number;

  @ApiProperty({ example: true })
  isAnomaly: boolean;

  @ApiProperty({ example: 0.348 })
  threshold: number;

  @ApiProperty({ example: 'anomaly-baseline-20261125T122921' })
  modelVersion: string;

  @ApiProperty({ type: [ExplanationTermDto], description: 'Top fields by contribution, largest first' })
  explanation: ExplanationTermDto[];
}
