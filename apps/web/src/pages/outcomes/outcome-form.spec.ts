import type { OutcomeView } from '../../api/hooks/outcomes';
import { outcomeBody, outcomeFormFrom, type DetailField } from './outcome-form';

// As GET /reference describes them (the domain's OUTCOME_DETAIL_FIELDS).
const label = { zh: '', en: '' };
const contract: DetailField[] = [
  { name: 'amountFen', kind: 'yuan', label },
  { name: 'counterparty', kind: 'text', label },
];
const talent: DetailField[] = [
  { name: 'count', kind: 'count', label },
  { name: 'highLevel', kind: 'flag', label },
];
const transfer: DetailField[] = [contract[1], contract[0]];

describe('the outcome form', () => {
  it('sends the chosen type’s details only, yuan as fen, and leaves out empty overrides', () => {
    const body = outcomeBody(
      {
        type: 'technology_contract',
        title: '赤泥制备免烧砖技术转让合同',
        occurredOn: '2026-09-01',
        evidence: { reference: '  2026450001234 ', attachmentIds: ['f1'] },
        keyField: null,
        county: undefined,
        placementNote: '  ',
        // A field of another type typed before the type was changed is not sent.
        details: { amountFen: 1234.56, counterparty: '百色某建材公司', venue: '中国有色金属学报' },
      },
      contract,
    );
    expect(body).toEqual({
      type: 'technology_contract',
      title: '赤泥制备免烧砖技术转让合同',
      occurredOn: '2026-09-01',
      evidence: { reference: '2026450001234', attachmentIds: ['f1'] },
      details: { amountFen: 123_456, counterparty: '百色某建材公司' },
    });
  });

  it('sends flags as booleans and no evidence as a null reference (the API asks for one)', () => {
    const body = outcomeBody(
      {
        type: 'talent_trained',
        title: '培养青年骨干',
        occurredOn: '2026-10-01',
        details: { count: 3 },
      },
      talent,
    );
    expect(body.details).toEqual({ count: 3, highLevel: false });
    expect(body.evidence).toEqual({ reference: null, attachmentIds: [] });
  });

  it('starts a correction from the returned outcome, in yuan, overrides only where a note placed them', () => {
    const returned = {
      type: 'result_transferred',
      title: '赤泥综合利用成果转化',
      occurredOn: '2026-08-01',
      evidence: { reference: 'HT-2026-08', attachmentIds: ['f2'] },
      details: { counterparty: '田东某公司', amountFen: 500_000 },
      keyField: 'eco_aluminium',
      county: '田东县',
      placementNote: '受让企业注册地在田东县',
    } as unknown as OutcomeView;
    const form = outcomeFormFrom(returned, transfer);
    expect(form).toMatchObject({
      county: '田东县',
      details: { counterparty: '田东某公司', amountFen: 5000 },
    });
    expect(outcomeBody(form, transfer)).toMatchObject({ county: '田东县', details: { amountFen: 500_000 } });
    const own = outcomeFormFrom({ ...returned, placementNote: null }, transfer);
    expect([own.keyField, own.county]).toEqual([null, null]);
  });
});
