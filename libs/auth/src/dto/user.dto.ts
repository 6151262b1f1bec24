import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '@app/contracts';
import type { UserEntity } from '../entities/user.entity';

const USERNAME_PATTERN = /^[a-z0-9._-]+$/;
const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class UserDto {
  @ApiProperty({ format: 'uuid', example: '0b6f1c1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f' })
  id: string;

  @ApiProperty({ example: 'ana.operator' })
  username: string;

  @ApiProperty({ enum: Role, enumName: 'Role', example: Role.Operator })
  role: Role;

  @ApiProperty({ example: false })
  disabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(u: UserEntity): UserDto {
    return {
      id: u.id,
      username: u.username,
      role: u.role,
      disabled: u.disabled,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }
}

export class CreateUserDto {
  @ApiProperty({
    example: 'ana.operator',
    minLength: 3,
    maxLength: 64,
    description: 'Case-insensitive; stored lower-case',
  })
  @Transform(lower)
  @IsString()
  @MinLength(3)
  @MaxLength(64)
  @Matches(USERNAME_PATTERN, { message: 'username may contain only letters, digits, ".", "_" and "-"' })
  username: string;

  @ApiProperty({ example: 'correct-horse-battery-staple', minLength: 12, maxLength: 256, writeOnly: true })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', example: Role.Operator })
  @IsEnum(Role)
  role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role', example: Role.Viewer })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({
    minLength: 12,
    maxLength: 256,
    writeOnly: true,
    example: 'a-new-long-passphrase',
    description: 'Ends all of the user’s sessions',
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'A disabled user cannot log in; their sessions end at once',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
