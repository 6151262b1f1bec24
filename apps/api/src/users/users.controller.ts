import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, Page, PageQueryDto, Roles } from '@app/core';
import { Role } from '@app/contracts';
import {
  AuditContext,
  CreateUserCommand,
  CreateUserDto,
  DeleteUserCommand,
  GetUserQuery,
  ListUsersQuery,
  UpdateUserCommand,
  UpdateUserDto,
  UserDto,
  UserEntity,
} from '@app/auth';
import { ApiErrors } from '../common/api-errors.decorator';
import { Actor } from '../common/request-context';

@ApiTags('users')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiPageResponse(UserDto)
  @ApiErrors(400, 401, 403)
  listUsers(@Query() q: PageQueryDto): Promise<Page<UserDto>> {
    return this.queries.execute(new ListUsersQuery(q.limit, q.cursor));
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserDto, description: '`Location` names the new user' })
  @ApiErrors(400, 401, 403, 409)
  async createUser(
    @Body() body: CreateUserDto,
    @Actor() actor: AuditContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto> {
    const user = await this.commands.execute<CreateUserCommand, UserEntity>(
      new CreateUserCommand(body.username, body.password, body.role, actor),
    );
    res.location(`/api/v1/users/${user.id}`);
    return UserDto.from(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404)
  async getUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.queries.execute<GetUserQuery, UserEntity>(new GetUserQuery(id)));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user’s role or password, or disable/enable them',
    description:
      'Changing the password or disabling ends all of the user’s sessions. The last enabled admin cannot be demoted or disabled (422).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async updateUser(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @Actor() actor: AuditContext,
  ): Promise<UserDto> {
    return UserDto.from(
      await this.commands.execute<UpdateUserCommand, UserEntity>(new UpdateUserCommand(id, body, actor)),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user', description: 'The last enabled admin cannot be deleted (422).' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 422)
  async deleteUser(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditContext): Promise<void> {
    await this.commands.execute(new DeleteUserCommand(id, actor));
  }
}
