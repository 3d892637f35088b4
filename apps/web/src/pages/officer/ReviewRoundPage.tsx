import { Alert, Button, Card, Descriptions, InputNumber, Space, Spin, Table, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useRound, useRoundResults, type Replay, type RoundResult } from '../../api/hooks/officer';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { lazyNamed } from '../../lib/lazy-named';
import { formatTime } from '../../lib/time';
import { PanelForm, PanelOutcomeCell } from './PanelForm';
import { mayRequireRecusal, OrganisationsOverLimit, RequireRecusal, SeatStatus } from './RequireRecusal';
import type { PanelOutcomeView } from './panel-form';

// The plotting library is loaded with the chart, not with the officer's pages.
const ScoreDistribution = lazyNamed(() => import('./ScoreDistribution'), 'ScoreDistribution');

const num = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—');
/** The experts' scores spread past the template's threshold: a panel (会评) is needed. */
const disagrees = (x: RoundResult) => Boolean((x.disagreement as { disagreement?: boolean }).disagreement);

/**
 * A review round: a warning naming the panels over the template's limit of experts per
 * organisation (if any), the draw's record (seed, input hash, solver, conflicts excluded) with its replay,
 * the invitations as they progress (an officer may require an expert who has not scored to step
 * aside, 要求回避: the replacement then shows), then the results with disagreement flags and the ranking
 * against a funding line drawn at the budget the officer gives.
 */
export function ReviewRoundPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const round = useRound(id);
  const [budgetYuan, setBudgetYuan] = useState<number | null>(null);
  const budgetFen = budgetYuan !== null ? yuanToFen(budgetYuan) : undefined;
  const scored = round.data?.status === 'scored';
  const results = useRoundResults(id, budgetFen ?? undefined, scored);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [replaying, setReplaying] = useState(false);
  const [replayError, setReplayError] = useState<string | null>(null);

  if (round.isLoading) return <Spin />;
  if (round.error || !round.data) return <Alert type="error" showIcon title={errorText(round.error, lang)} />;
  const r = round.data;

  const doReplay = async () => {
    setReplaying(true);
    setReplayError(null);
    try {
      setReplay(await unwrap(api.GET('/review-rounds/{id}/replay', { params: { path: { id } } })));
    } catch (err) {
      setReplayError(errorText(err, lang));
    } finally {
      setReplaying(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.round.title')}</Typography.Title>
      {r.organisationsOverLimit.length > 0 && (
        <OrganisationsOverLimit
          title={t('officer.round.overLimit', { n: r.organisationsOverLimit.length })}
          hint={t('officer.round.overLimit.hint')}
          organisations={r.organisationsOverLimit}
          keyOf={(o) => `${o.applicationId}/${o.organisationKey}`}
          line={(o, experts) =>
            t('officer.round.overLimit.item', {
              application: o.applicationTitle,
              organisation: o.organisationName,
              seats: o.seats,
              limit: o.limit,
              experts,
            })
          }
          statusText={(e) => bi(e.statusLabel)}
          expertKeyOf={(e) => e.assignmentId}
          action={(o, e, label) => (
            <RequireRecusal
              roundId={id}
              assignmentId={e.assignmentId}
              expertName={e.name}
              applicationTitle={o.applicationTitle}
              label={label}
            />
          )}
        />
      )}
      <Card title={t('officer.round.drawRecord')}>
        <Descriptions
          column={1}
          items={[
            {
              key: 'status',
              label: t('officer.round.status'),
              children: <span data-testid="round-status">{r.status}</span>,
            },
            {
              key: 'strategy',
              label: t('officer.round.strategy'),
              children: <span data-testid="round-strategy">{t(`officer.round.strategy.${r.strategy}`)}</span>,
            },
            { key: 'k', label: t('officer.round.k'), children: r.expertsPerApplication },
            {
              key: 'maxPerExpert',
              label: t('officer.round.maxPerExpert'),
              children: (
                <span data-testid="round-max-per-expert">
                  {r.maxPerExpert ?? t('officer.round.maxPerExpert.none')}
                </span>
              ),
            },
            { key: 'seed', label: t('officer.round.seed'), children: r.seed },
            { key: 'hash', label: t('officer.round.inputHash'), children: r.inputHash ?? '—' },
            { key: 'solver', label: t('officer.round.solver'), children: r.solverVersion ?? '—' },
            { key: 'conflicts', label: t('officer.round.conflicts'), children: r.conflicts.length },
            { key: 'shortfalls', label: t('officer.round.shortfalls'), children: r.shortfalls.length },
            { key: 'at', label: t('common.updatedAt'), children: formatTime(r.createdAt) },
          ]}
        />
        <Button onClick={doReplay} loading={replaying} style={{ marginTop: 12 }}>
          {t('officer.round.replay')}
        </Button>
        {replay && (
          <Alert
            style={{ marginTop: 12 }}
            data-testid="replay"
            type={replay.matches ? 'success' : 'error'}
            showIcon
            title={replay.matches ? t('officer.round.replayMatches') : t('officer.round.replayDiffers')}
            description={`${t('officer.round.inputHash')}: ${replay.inputHash}`}
          />
        )}
        {replayError && <Alert type="error" showIcon title={replayError} />}
      </Card>
      <Card title={t('officer.round.invitations')}>
        <Table
          size="small"
          rowKey="id"
          dataSource={r.assignments}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('officer.round.application'), dataIndex: 'applicationTitle' },
            { title: t('officer.round.expert'), dataIndex: 'expertName' },
            { title: t('officer.round.affinity'), render: (_, a) => a.affinity.toFixed(2) },
            {
              title: t('officer.round.status'),
              // A recusal says whose it was (本人申请 / 主管要求) and, where required, who required it.
              render: (_, a) => <SeatStatus seat={a} />,
            },
            {
              title: t('officer.round.actions'),
              render: (_, a) =>
                mayRequireRecusal(a.status) ? (
                  <RequireRecusal
                    roundId={id}
                    assignmentId={a.id}
                    expertName={a.expertName}
                    applicationTitle={a.applicationTitle}
                  />
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title={t('officer.round.distribution')}>
        <Suspense fallback={<Spin />}>
          <ScoreDistribution invitations={r.assignments} />
        </Suspense>
      </Card>
      <Card title={t('officer.round.results')}>
        {!scored && <Alert type="info" showIcon title={t('officer.round.waiting')} />}
        {scored && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space>
              <label htmlFor="round-budget">{t('officer.round.budget')}</label>
              <InputNumber
                id="round-budget"
                min={0}
                value={budgetYuan}
                onChange={(v) => setBudgetYuan(v)}
                style={{ width: 200 }}
              />
            </Space>
            {results.error && <Alert type="error" showIcon title={errorText(results.error, lang)} />}
            <Table<RoundResult>
              data-testid="ranking"
              size="small"
              rowKey="applicationId"
              loading={results.isFetching}
              dataSource={results.data?.results ?? []}
              pagination={false}
              columns={[
                { title: t('officer.round.rank'), dataIndex: 'rank' },
                { title: t('officer.round.application'), dataIndex: 'title' },
                { title: t('officer.round.score'), render: (_, x) => num(x.rankingScore) },
                { title: t('officer.round.n'), render: (_, x) => (x.summary as { n?: number }).n ?? '—' },
                {
                  title: t('officer.round.range'),
                  render: (_, x) => {
                    const s = x.summary as { min?: number; max?: number };
                    return `${num(s.min)}–${num(s.max)}`;
                  },
                },
                {
                  title: t('officer.round.disagreement'),
                  render: (_, x) =>
                    disagrees(x) ? <StatusTag tone="bad">{t('officer.round.disagree')}</StatusTag> : '—',
                },
                {
                  title: t('officer.round.panel'),
                  render: (_, x) =>
                    x.panel ? (
                      <PanelOutcomeCell panel={x.panel as unknown as PanelOutcomeView} />
                    ) : disagrees(x) ? (
                      <PanelForm roundId={id} applicationId={x.applicationId} title={x.title} />
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('officer.round.fundingLine'),
                  render: (_, x) =>
                    x.aboveFundingLine === null ? (
                      '—'
                    ) : x.aboveFundingLine ? (
                      <StatusTag tone="ok">{t('officer.round.above')}</StatusTag>
                    ) : (
                      <StatusTag tone="info">{t('officer.round.below')}</StatusTag>
                    ),
                },
              ]}
            />
            {budgetFen !== undefined && <Typography.Text>{fenToYuan(budgetFen)}</Typography.Text>}
            <Link to={`/work/calls/${r.callId}/awards/new?roundId=${r.id}`}>
              {t('officer.round.propose')}
            </Link>
          </Space>
        )}
      </Card>
    </Space>
  );
}
