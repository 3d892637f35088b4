import { Module } from '@nestjs/common';
import { CalendarCommandService } from './calendar-command.service';
import { CalendarController } from './calendar.controller';
import { CalendarQueryService } from './calendar-query.service';

@Module({
  controllers: [CalendarController],
  providers: [CalendarQueryService, CalendarCommandService],
  exports: [CalendarQueryService],
})
export class CalendarModule {}
