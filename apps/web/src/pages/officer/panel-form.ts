import type { PanelDecisionBody as PanelBody } from '../../api/hooks/officer';
import { shanghaiIso, type Dayjs } from '../../lib/time';

export type Vote = NonNullable<PanelBody['votes']>[number]['vote'];

/**
 * The panel form's values (会评 / 答辩). The fields carry the API's names, so a refusal of
 * `members.1.name` or `consensusScore` lands on its field; each member's vote sits beside the
 * member, and the time is typed in Beijing time.
 */
export interface PanelFormValues {
  mode: PanelBody['mode'];
  heldAt: Dayjs | null;
  members: Array<{ name?: string; role?: string; vote?: Vote }>;
  consensusScore?: number | null;
  minutes?: string;
}

/** Three members to start with: the fewest a panel may have (the API's rule). */
export const EMPTY_PANEL: PanelFormValues = {
  mode: 'consensus',
  heldAt: null,
  members: [{}, {}, {}],
  consensusScore: null,
  minutes: '',
};

/**
 * The form's values as the body the API takes: a consensus sends its score, a vote sends each
 * member's vote under the member's name (an unmarked vote is left out, for the API to name).
 */
export function toPanelBody(v: PanelFormValues): PanelBody {
  const members = v.members.map((m) => ({ name: (m.name ?? '').trim(), role: (m.role ?? '').trim() }));
  const body: PanelBody = {
    mode: v.mode,
    members,
    heldAt: shanghaiIso(v.heldAt),
    minutes: (v.minutes ?? '').trim(),
  };
  if (v.mode === 'consensus') {
    if (v.consensusScore != null) body.consensusScore = v.consensusScore;
  } else {
    body.votes = v.members.flatMap((m, i) => (m.vote ? [{ memberId: members[i].name, vote: m.vote }] : []));
  }
  return body;
}

/** A recorded panel's outcome, as the round's results give it. */
export interface PanelOutcomeView {
  mode: PanelBody['mode'];
  recommended: boolean | null;
  score: number | null;
  tally: { fund: number; notFund: number; abstain: number } | null;
  explanation: { zh: string; en: string };
}
