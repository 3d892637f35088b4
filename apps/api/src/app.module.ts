import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CallsModule } from './calls/calls.module';
import { ErrorFilter } from './common/error.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { ValidationInterceptor } from './common/validation.interceptor';
import { WorkerGateInterceptor } from './common/worker-gate.interceptor';
import { EventsModule } from './events/events.module';
import { AuditModule } from './audit/audit.module';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { loggerModule } from './observability/logging';
import { DemandsModule } from './demands/demands.module';
import { GuidesModule } from './guides/guides.module';
import { CreditModule } from './credit/credit.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ExpertsModule } from './experts/experts.module';
import { ProjectsModule } from './projects/projects.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { ReviewsModule } from './reviews/reviews.module';
import { AwardsModule } from './awards/awards.module';
import { AgreementsModule } from './agreements/agreements.module';
import { CalendarModule } from './calendar/calendar.module';
import { InboxModule } from './inbox/inbox.module';
import { ReferenceModule } from './reference/reference.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { UsersModule } from './users/users.module';
import { OpenApiController } from './openapi/openapi.controller';
import { OpenApiDocument } from './openapi/openapi-document';

@Module({
  imports: [
    loggerModule,
    DiscoveryModule,
    InfraModule,
    AuthModule,
    EventsModule,
    AuditModule,
    CallsModule,
    ApplicationsModule,
    DemandsModule,
    GuidesModule,
    ProjectsModule,
    OutcomesModule,
    ReviewsModule,
    AwardsModule,
    AgreementsModule,
    CreditModule,
    NotificationsModule,
    ExpertsModule,
    CalendarModule,
    InboxModule,
    ReferenceModule,
    InstitutionsModule,
    UsersModule,
  ],
  controllers: [HealthController, OpenApiController],
  providers: [
    OpenApiDocument,
    { provide: APP_FILTER, useClass: ErrorFilter },
    // In this order: a request is validated before it is refused for want of a worker.
    // Outermost: a repeated command is answered before anything else runs.
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
    { provide: APP_INTERCEPTOR, useClass: WorkerGateInterceptor },
  ],
})
export class AppModule {}
