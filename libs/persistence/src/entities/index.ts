import { ApplicationEntity } from './application.entity';
import { CallEntity } from './call.entity';
import { DomainEventEntity } from './domain-event.entity';
import { InstitutionEntity } from './institution.entity';
import { UserEntity } from './user.entity';

export { ApplicationEntity, CallEntity, DomainEventEntity, InstitutionEntity, UserEntity };

/** Listed explicitly: glob loading breaks under bundlers. */
export const ENTITIES = [InstitutionEntity, UserEntity, CallEntity, ApplicationEntity, DomainEventEntity];
