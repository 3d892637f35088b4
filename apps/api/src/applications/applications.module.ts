import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { EventsModule } from '../events/events.module';
import { CreditModule } from '../credit/credit.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [CallsModule, EventsModule, CreditModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService],
})
export class ApplicationsModule {}
