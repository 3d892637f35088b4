import { AcceptanceController } from './acceptance.controller';
import { AcceptanceService } from './acceptance.service';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { CreditModule } from '../credit/credit.module';
import { HonestFailureController } from './honest-failure.controller';
import { HonestFailureCommandService } from './honest-failure-command.service';
import { HonestFailureQueryService } from './honest-failure-query.service';
import { MidtermController } from './midterm.controller';
import { MidtermCommandService } from './midterm-command.service';
import { MidtermQueryService } from './midterm-query.service';
import { RecoveryOrdersController } from './recovery-orders.controller';
import { RecoveryOrdersService } from './recovery-orders.service';
import { MidtermPanelController, PanelReviewsController } from './midterm-panel.controller';
import { MidtermPanelService } from './midterm-panel.service';
import { ProjectAttachmentsController } from './project-attachments.controller';
import { ProjectAttachmentsService } from './project-attachments.service';
import { ProjectChangesController } from './project-changes.controller';
import { ProjectChangesCommandService } from './project-changes-command.service';
import { ProjectChangesQueryService } from './project-changes-query.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsCommandService } from './project-reports-command.service';
import { ProjectReportsQueryService } from './project-reports-query.service';
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
    RecoveryOrdersController,
    AcceptanceController,
    MidtermPanelController,
    PanelReviewsController,
    RaceController,
    HonestFailureController,
  ],
  providers: [
    ProjectsCommandService,
    ProjectsQueryService,
    ProjectReportsCommandService,
    ProjectReportsQueryService,
    ProjectChangesCommandService,
    ProjectChangesQueryService,
    ProjectAttachmentsService,
    AttachmentStorage,
    MidtermCommandService,
    MidtermQueryService,
    RecoveryOrdersService,
    AcceptanceService,
    MidtermPanelService,
    RaceCommandService,
    RaceQueryService,
    HonestFailureCommandService,
    HonestFailureQueryService,
  ],
})
export class ProjectsModule {}
