import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';

@Module({ imports: [CallsModule], controllers: [AwardsController], providers: [AwardsService] })
export class AwardsModule {}
