import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { callStatusAt } from '@kjflow/domain/guide/call.rules';
import type { CampaignSpec } from '@kjflow/domain/demand/demand.rules';
import { KjStage } from '@kjflow/domain/kernel/search-attributes.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import { campaignCreatedUpdate, CampaignState, campaignStateQuery } from './definitions';
import { followWindow } from './lib/window';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/** One workflow per demand collection campaign (`demand-campaign-<id>`): its window on timers. */
export async function campaignWorkflow(spec: CampaignSpec): Promise<CampaignState> {
  const state: CampaignState = {
    campaignId: spec.id,
    status: callStatusAt(spec, Date.now()),
    created: false,
  };
  setHandler(campaignStateQuery, () => state);
  setHandler(campaignCreatedUpdate, async () => {
    await condition(() => state.created);
    return state;
  });

  await acts.createCampaign(spec, Date.now());
  state.created = true;
  upsertSearchAttributes([{ key: KjStage, value: state.status }]);

  await followWindow(spec, state, (status, at) =>
    acts.setCampaignStatus({ campaignId: spec.id, status, at }),
  );
  return state;
}
