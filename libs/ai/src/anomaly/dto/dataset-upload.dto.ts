import { ApiProperty } from '@nestjs/swagger';

export class DatasetRowErrorDto {
  @ApiProperty({ example: 7, description: 'Line in the file (the header is line 1)' })
  row: number;

  @ApiProperty({ example: 'cpu_usage 140 is outside 0…100' })
  message: string;
}

export class DatasetUploadDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 9998 })
  accepted: number;

  @ApiProperty({ example: 2 })
  rejected: number;

  @ApiProperty({ type: [DatasetRowErrorDto], description: 'The first 1,000 rejected rows and why' })
  errors: DatasetRowErrorDto[];
}

/** The multipart body, for the OpenAPI document. */
export class DatasetFileDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    example:
      'timestamp,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,latency,signal_strength,label\n' +
      '2026-11-25T10:00:00Z,21.5,40,35,55,20,40,30,80,-70,normal\n',
    description:
      'CSV with columns timestamp, temperature, humidity, air_quality, cpu_temp, cpu_usage, ram_usage, disk_usage, ' +
      'latency, signal_strength and label (normal | a fault name | 0/1 | true/false); optional serial, sim_time, ' +
      'printer_status, cash_acceptor, card_reader. The simulator’s `--ground-truth out.csv` is accepted as is.',
  })
  file: unknown;
}
