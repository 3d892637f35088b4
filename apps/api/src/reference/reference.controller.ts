import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  COUNTIES,
  CREDIT_LEVELS,
  DEFAULT_INDIRECT_TIERS,
  DURATION_KEYS,
  KEY_FIELDS,
  MODES,
  OUTCOME_DETAIL_FIELDS,
  OUTCOME_TYPE_LABELS,
  OUTCOME_TYPES,
  REGIONS,
  RELEASE_EVENTS,
  STAGES,
  SUBJECT_TYPES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { Reference, referenceSchema } from './reference.schemas';

/** The domain's lists as they are in this build: they change only with a deploy. */
const REFERENCE: Reference = {
  keyFields: KEY_FIELDS,
  counties: [...COUNTIES],
  indirectTiers: [...DEFAULT_INDIRECT_TIERS],
  outcomeTypes: OUTCOME_TYPES.map((code) => ({
    code,
    ...OUTCOME_TYPE_LABELS[code],
    fields: OUTCOME_DETAIL_FIELDS[code],
  })),
  eventSubjectTypes: [...SUBJECT_TYPES],
  programTemplate: {
    modes: [...MODES],
    stages: [...STAGES],
    durations: [...DURATION_KEYS],
    creditLevels: [...CREDIT_LEVELS],
    regions: [...REGIONS],
    releaseConditions: [...RELEASE_EVENTS],
  },
};

const CACHE_CONTROL = 'public, max-age=3600';

@Controller('reference')
export class ReferenceController {
  @Get()
  @Endpoint({
    summary:
      '参考数据 The domain’s lists the portal offers: key fields, counties, indirect-cost tiers, outcome types, event subject types, program-template values (no login)',
    tags: ['public 公开'],
    public: true,
    response: referenceSchema,
    headers: { response: { 'Cache-Control': `${CACHE_CONTROL} (the lists change only with a deploy)` } },
  })
  get(@Res({ passthrough: true }) res: FastifyReply): Reference {
    void res.header('cache-control', CACHE_CONTROL);
    return REFERENCE;
  }
}
