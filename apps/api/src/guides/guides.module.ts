import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { GuideDraftingCommandService } from './guide-drafting-command.service';
import { GuidePublicationCommandService } from './guide-publication-command.service';
import { GuidesController } from './guides.controller';
import { GuidesQueryService } from './guides-query.service';
import { PublicGuidesQueryService } from './public-guides-query.service';
import { TemplatesCommandService } from './templates-command.service';
import { TemplatesService } from './templates.service';

@Module({
  imports: [EventsModule],
  controllers: [GuidesController],
  providers: [
    GuideDraftingCommandService,
    GuidePublicationCommandService,
    GuidesQueryService,
    PublicGuidesQueryService,
    TemplatesService,
    TemplatesCommandService,
  ],
  exports: [TemplatesService],
})
export class GuidesModule {}
