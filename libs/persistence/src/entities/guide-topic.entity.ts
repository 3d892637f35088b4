import { Entity, PrimaryColumn } from 'typeorm';

/** The topics a published guide carries, linked once each at publication (corrections keep them). */
@Entity({ name: 'guide_topics' })
export class GuideTopicEntity {
  @PrimaryColumn('uuid', { name: 'guide_id' })
  guideId!: string;

  @PrimaryColumn('uuid', { name: 'topic_id' })
  topicId!: string;
}
