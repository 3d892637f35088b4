import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { EventFeed } from './event-feed';

@Module({ controllers: [EventsController], providers: [EventsService, EventFeed], exports: [EventsService] })
export class EventsModule {}
