import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'correct-horse-battery-staple', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshTokenDto {
  @ApiProperty({
    example: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c',
    description: 'Single use: every refresh returns a new one',
  })
  @IsString()
  @MinLength(16)
  @MaxLength(128)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) for `Authorization: Bearer …`' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single-use; exchange at POST /auth/refresh' })
  refreshToken: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
