import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useAwardNext, useCall, useCallActions, useRoundResults } from '../../api/hooks/officer';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan, yuanToFen } from '../../lib/money';

interface Line {
  applicationId: string;
  title: string;
  rank: number;
  include: boolean;
  yuan: number | null;
}

/**
 * The award proposal from a round's ranking: the officer ticks the applications and sets amounts;
 * the total is shown live against what the call's budget has left, and the API has the last word.
 */
export function AwardProposalPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const roundId = params.get('roundId') ?? '';
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const call = useCall(id);
  const { proposeAward } = useCallActions(id);
  const results = useRoundResults(roundId, undefined, Boolean(roundId));
  const next = useAwardNext(id, roundId);
  const [edits, setEdits] = useState<Record<string, Partial<Line>>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [form] = Form.useForm();

  const lines: Line[] = useMemo(
    () =>
      (results.data?.results ?? []).map((r) => ({
        applicationId: r.applicationId,
        title: r.title,
        rank: r.rank,
        include: false,
        yuan: null,
        ...edits[r.applicationId],
      })),
    [results.data, edits],
  );
  if (results.isLoading || call.isLoading) return <Spin />;
  if (results.error) return <Alert type="error" showIcon title={errorText(results.error, lang)} />;

  const chosen = lines.filter((l) => l.include);
  const totalFen = chosen.reduce((s, l) => s + yuanToFen(l.yuan ?? 0), 0);
  const leftFen = next.data?.remainingBudgetFen ?? null;
  const over = leftFen !== null && totalFen > leftFen ? totalFen - leftFen : 0;
  const edit = (appId: string, patch: Partial<Line>) =>
    setEdits((e) => ({ ...e, [appId]: { ...e[appId], ...patch } }));

  const submit = async () => {
    setBusy(true);
    setErrors([]);
    try {
      const award = await proposeAward.mutateAsync({
        roundId,
        items: chosen.map((l) => ({ applicationId: l.applicationId, amountFen: yuanToFen(l.yuan ?? 0) })),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      navigate(`/work/awards/${award.id}`);
    } catch (err) {
      // items.N.amountFen names a line of the table: shown beside the title.
      setErrors(
        applyApiErrors(form, err, lang).map((m) =>
          m.replace(/^items\.(\d+)\.?\w*: /, (_, n: string) => `${chosen[Number(n)]?.title ?? ''}: `),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>
        {t('officer.award.newTitle', { call: call.data?.title ?? '' })}
      </Typography.Title>
      <Card>
        <Form form={form} component={false} />
        <Table<Line>
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={lines}
          columns={[
            { title: t('officer.round.rank'), dataIndex: 'rank' },
            {
              title: t('officer.award.include'),
              render: (_, l) => (
                <Checkbox
                  aria-label={`${t('officer.award.include')} ${l.title}`}
                  checked={l.include}
                  onChange={(e) => edit(l.applicationId, { include: e.target.checked })}
                />
              ),
            },
            { title: t('officer.round.application'), dataIndex: 'title' },
            {
              title: t('officer.award.amount'),
              render: (_, l) => (
                <InputNumber
                  aria-label={`${t('officer.award.amount')} ${l.title}`}
                  min={0}
                  precision={2}
                  style={{ width: 180 }}
                  value={l.yuan}
                  onChange={(v) => edit(l.applicationId, { yuan: v, include: v ? true : l.include })}
                />
              ),
            },
          ]}
        />
        <Space size="large" style={{ marginTop: 16 }}>
          <Statistic data-testid="award-total" title={t('officer.award.total')} value={fenToYuan(totalFen)} />
          <Statistic
            data-testid="award-budget"
            title={t('officer.award.budgetLeft')}
            value={fenToYuan(leftFen)}
          />
        </Space>
        {over > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={t('officer.award.over', { amount: fenToYuan(over) })}
          />
        )}
        <div style={{ marginTop: 16 }}>
          <label htmlFor="award-note">{t('officer.award.note')}</label>
          <Input.TextArea id="award-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {errors.map((e) => (
          <Alert key={e} type="error" showIcon title={e} style={{ marginTop: 8 }} />
        ))}
        <Button
          type="primary"
          style={{ marginTop: 16 }}
          loading={busy}
          disabled={!chosen.length || over > 0}
          onClick={submit}
        >
          {t('officer.award.submit')}
        </Button>
      </Card>
    </Space>
  );
}
