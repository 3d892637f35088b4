import { AcceptanceController } from './acceptance.controller';
import { AcceptanceService } from './acceptance.service';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { CreditModule } from '../credit/credit.module';
import { MidtermController } from './midterm.controller';
import { MidtermService } from './midterm.service';
import { MidtermPanelController, PanelReviewsController } from './midterm-panel.controller';
import { MidtermPanelService } from './midterm-panel.service';
import { ProjectAttachmentsController } from './project-attachments.controller';
import { ProjectAttachmentsService } from './project-attachments.service';
import { ProjectChangesController } from './project-changes.controller';
import { ProjectChangesService } from './project-changes.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';
import { ProjectsCommandService } from './projects-command.service';
import { ProjectsController } from './projects.controller';
import { ProjectsQueryService } from './projects-query.service';
import { RaceController } from './race.controller';
import { RaceCommandService } from './race-command.service';
import { RaceQueryService } from './race-query.service';

@Module({
  imports: [CreditModule],
  controllers: [
    ProjectsController,
    ProjectReportsController,
    ProjectChangesController,
    ProjectAttachmentsController,
    MidtermController,
    AcceptanceController,
    MidtermPanelController,
    PanelReviewsController,
    RaceController,
  ],
  providers: [
    ProjectsCommandService,
    ProjectsQueryService,
    ProjectReportsService,
    ProjectChangesService,
    ProjectAttachmentsService,
    AttachmentStorage,
    MidtermService,
    AcceptanceService,
    MidtermPanelService,
    RaceCommandService,
    RaceQueryService,
  ],
})
export class ProjectsModule {}
