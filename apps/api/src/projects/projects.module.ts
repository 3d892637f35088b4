import { Module } from '@nestjs/common';
import { CreditModule } from '../credit/credit.module';
import { ProjectChangesController } from './project-changes.controller';
import { ProjectChangesService } from './project-changes.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';
import { MidtermController } from './midterm.controller';
import { MidtermService } from './midterm.service';
import { RaceController } from './race.controller';
import { RaceService } from './race.service';

@Module({
  imports: [CreditModule],
  controllers: [
    ProjectsController,
    ProjectReportsController,
    ProjectChangesController,
    MidtermController,
    RaceController,
  ],
  providers: [ProjectsService, ProjectReportsService, ProjectChangesService, MidtermService, RaceService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
