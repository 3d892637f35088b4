import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxQueryService } from './inbox-query.service';

@Module({ controllers: [InboxController], providers: [InboxQueryService] })
export class InboxModule {}
