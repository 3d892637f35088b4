import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { EventsModule } from '../events/events.module';
import { CreditModule } from '../credit/credit.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsCommandService } from './applications-command.service';
import { ApplicationsQueryService } from './applications-query.service';
import { AttachmentsController } from '../attachments/attachments.controller';
import { AttachmentsService } from '../attachments/attachments.service';
import { AttachmentStorage } from '../attachments/attachment-storage';

@Module({
  imports: [CallsModule, EventsModule, CreditModule],
  controllers: [ApplicationsController, AttachmentsController],
  providers: [ApplicationsCommandService, ApplicationsQueryService, AttachmentsService, AttachmentStorage],
})
export class ApplicationsModule {}
