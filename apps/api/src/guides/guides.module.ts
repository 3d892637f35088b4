import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { GuidesController } from './guides.controller';
import { GuidesService } from './guides.service';
import { TemplatesCommandService } from './templates-command.service';
import { TemplatesService } from './templates.service';

@Module({
  imports: [EventsModule],
  controllers: [GuidesController],
  providers: [GuidesService, TemplatesService, TemplatesCommandService],
  exports: [TemplatesService],
})
export class GuidesModule {}
