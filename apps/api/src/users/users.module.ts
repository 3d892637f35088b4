import { Module } from '@nestjs/common';
import { UsersCommandService } from './users-command.service';
import { UsersController } from './users.controller';
import { UsersQueryService } from './users-query.service';

@Module({
  controllers: [UsersController],
  providers: [UsersCommandService, UsersQueryService],
})
export class UsersModule {}
