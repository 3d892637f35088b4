import { Entity, PrimaryColumn } from 'typeorm';

/** Which accepted demands a topic or challenge was condensed from. */
@Entity({ name: 'topic_demands' })
export class TopicDemandEntity {
  @PrimaryColumn('uuid', { name: 'topic_id' })
  topicId!: string;

  @PrimaryColumn('uuid', { name: 'demand_id' })
  demandId!: string;
}
