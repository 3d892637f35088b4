import type { Body } from '../../api/hooks/ok';
import { pickerValue, shanghaiIso, type Dayjs } from '../../lib/time';
import { yuanToFen } from '../../lib/money';

export type GuideContentInput = Body<'/guides', 'post'>['content'];

/**
 * The guide editor's values. The fields sit under `content` with the API's names, so a refusal of
 * POST /guides (`content.budgetCapFen`, …) lands on its field; the amounts are typed in yuan and the
 * window in Beijing time (a picker's wall-clock time, whatever the browser's zone).
 */
export interface GuideFormValues {
  templateCode?: string;
  content: {
    title: string;
    intro?: string;
    eligibilityNotes?: string;
    topicIds: string[];
    budgetCapFen: number | null;
    totalBudgetFen: number | null;
    windowStart: Dayjs | null;
    windowEnd: Dayjs | null;
  };
}

/** The form's values as the guide content the API takes (fen, ISO instants). */
export function toContent(v: GuideFormValues['content']): GuideContentInput {
  return {
    title: v.title ?? '',
    intro: v.intro ?? '',
    eligibilityNotes: v.eligibilityNotes ?? '',
    topicIds: v.topicIds ?? [],
    budgetCapFen: yuanToFen(v.budgetCapFen),
    totalBudgetFen: yuanToFen(v.totalBudgetFen),
    windowStart: shanghaiIso(v.windowStart),
    windowEnd: shanghaiIso(v.windowEnd),
  };
}

/** A stored guide's content as the form's values (yuan, picker times). */
export function fromContent(c: GuideContentInput): GuideFormValues['content'] {
  return {
    title: c.title,
    intro: c.intro ?? '',
    eligibilityNotes: c.eligibilityNotes ?? '',
    topicIds: c.topicIds,
    budgetCapFen: c.budgetCapFen / 100,
    totalBudgetFen: c.totalBudgetFen / 100,
    windowStart: pickerValue(c.windowStart),
    windowEnd: pickerValue(c.windowEnd),
  };
}
