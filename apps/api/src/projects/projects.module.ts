import { Module } from '@nestjs/common';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { CreditModule } from '../credit/credit.module';
import { HonestFailureController } from './honest-failure.controller';
import { HonestFailureService } from './honest-failure.service';
import { MidtermController } from './midterm.controller';
import { MidtermService } from './midterm.service';
import { MidtermPanelController } from './midterm-panel.controller';
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
    MidtermPanelController,
    RaceController,
    HonestFailureController,
  ],
  providers: [
    ProjectsCommandService,
    ProjectsQueryService,
    ProjectReportsService,
    ProjectChangesService,
    ProjectAttachmentsService,
    AttachmentStorage,
    MidtermService,
    MidtermPanelService,
    RaceCommandService,
    RaceQueryService,
    HonestFailureService,
  ],
})
export class ProjectsModule {}
