import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { CampaignsCommandService } from './campaigns-command.service';
import { CampaignsQueryService } from './campaigns-query.service';
import { DemandDraftingCommandService } from './demand-drafting-command.service';
import { DemandScreeningCommandService } from './demand-screening-command.service';
import { DemandTraceQueryService } from './demand-trace-query.service';
import { DemandsController } from './demands.controller';
import { DemandsQueryService } from './demands-query.service';
import { TopicsCommandService } from './topics-command.service';
import { TopicsQueryService } from './topics-query.service';

@Module({
  imports: [EventsModule],
  controllers: [DemandsController],
  providers: [
    CampaignsCommandService,
    CampaignsQueryService,
    DemandDraftingCommandService,
    DemandScreeningCommandService,
    DemandsQueryService,
    DemandTraceQueryService,
    TopicsCommandService,
    TopicsQueryService,
  ],
})
export class DemandsModule {}
