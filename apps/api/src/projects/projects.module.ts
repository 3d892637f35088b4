import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { MidtermController } from './midterm.controller';
import { MidtermService } from './midterm.service';

@Module({
  controllers: [ProjectsController, MidtermController],
  providers: [ProjectsService, MidtermService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
