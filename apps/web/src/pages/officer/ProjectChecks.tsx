import { Card, Checkbox, Descriptions, Form, Input, Radio, Select, Space, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import {
  useProjectDecisions,
  type Acceptance,
  type AcceptanceCheckBody,
  type AcceptanceDecisionBody,
  type AcceptanceReviewBody,
  type Midterm,
  type MidtermDecisionBody,
  type MidtermReviewBody,
  type ObjectionAnswerBody,
} from '../../api/hooks/officer-execution';
import { DossierContent, MidtermStatement } from '../../components/ExecutionContent';
import { StatusTag } from '../../components/StatusTag';
import { ChoiceAndText, StepForm } from '../../components/StepForm';
import { useI18n, type MessageKey } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import {
  mayRequireRecusal,
  OrganisationsOverLimit,
  RecusalRequirementDialog,
  SeatStatus,
} from './RequireRecusal';

const h2 = (text: ReactNode) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;
const ACCEPTANCE_VERDICTS = ['pass', 'conditional', 'fail', 'closure'] as const;
const SEVERITIES = ['minor', 'serious', 'severe'] as const;

/** A mid-term or acceptance panel as this page shows it (the two differ in their outcomes' codes). */
interface Panel {
  status: string;
  deadline: string;
  recommendation: string | null;
  explanation: { zh: string; en: string } | null;
  members: ReadonlyArray<{
    id: string;
    seat: number;
    expertName: string | null;
    status: string;
    recusal: 'self' | 'required' | null;
    /** The officer who required the recusal (staff and auditors read it). */
    recusedBy: { id: string; name: string } | null;
    recommendation: string | null;
    score: number | null;
  }>;
  /** null: the reader does not see the members' identities. */
  organisationsOverLimit: NonNullable<Midterm['panel']>['organisationsOverLimit'];
}

/** 要求回避 on the panel's seats, for the staff who take the bureau's steps (null: the page only shows). */
type PanelRecusal = {
  send: (memberId: string, reason: string) => Promise<unknown>;
  pending: boolean;
} | null;

/** 要求回避 on the panel of a stage, through the project's command. */
function panelRecusal(
  command: ReturnType<typeof useProjectDecisions>['requirePanelRecusal'],
  stage: 'midterm' | 'acceptance',
): NonNullable<PanelRecusal> {
  return {
    send: (memberId, reason) => command.mutateAsync({ stage, memberId, reason }),
    pending: command.isPending,
  };
}

/** The 要求回避 action on one seat of the panel (the dialog asks for the reason). */
function RequirePanelRecusal(props: {
  recusal: NonNullable<PanelRecusal>;
  memberId: string;
  expertName: string;
  seat: number;
  label?: string;
}) {
  const { t } = useI18n();
  const { recusal, memberId, expertName, seat, label } = props;
  return (
    <RecusalRequirementDialog
      expertName={expertName}
      explain={t('decision.panel.requireRecusal.explain')}
      reasonLabel={t('decision.panel.requireRecusal.reason')}
      ariaLabel={t('decision.panel.requireRecusal.aria', { expert: expertName, seat })}
      label={label}
      send={(reason) => recusal.send(memberId, reason)}
      pending={recusal.pending}
    />
  );
}

/** Convening an expert panel (mid-term or acceptance): no fields, a confirmation, then the API. */
function ConvenePanel(props: { testId: string; title: string; onSend: () => Promise<unknown> }) {
  const { t } = useI18n();
  return (
    <StepForm<Record<string, never>>
      heading={3}
      testId={props.testId}
      title={props.title}
      submit={t('decision.panel.conveneButton')}
      confirm={() => t('decision.panel.confirm')}
      onSend={props.onSend}
    >
      <Typography.Paragraph type="secondary">{t('decision.panel.help')}</Typography.Paragraph>
    </StepForm>
  );
}

/**
 * The organisations with more experts on the panel than the template allows (同一单位专家上限), as
 * the review round's page warns of its panels: each with its members and their seats' status, and
 * what can be done: staff may require a member without an opinion to step aside (要求回避).
 */
function PanelOverLimit({
  overLimit,
  seats,
  recusal,
}: {
  overLimit: NonNullable<Panel['organisationsOverLimit']>;
  seats: Panel['members'];
  recusal: PanelRecusal;
}) {
  const { t, tCode } = useI18n();
  return (
    <OrganisationsOverLimit
      title={t('decision.panel.overLimit', { n: overLimit.length })}
      hint={t('decision.panel.overLimit.hint')}
      organisations={overLimit}
      keyOf={(o) => o.organisationKey}
      line={(o, experts) =>
        t('decision.panel.overLimit.item', {
          organisation: o.organisationName,
          seats: o.seats,
          limit: o.limit,
          experts,
        })
      }
      statusText={(e) => tCode('seatStatus', e.status)}
      expertKeyOf={(e) => e.memberId}
      action={
        recusal
          ? (_, e, label) => (
              <RequirePanelRecusal
                recusal={recusal}
                memberId={e.memberId}
                expertName={e.name}
                seat={seats.find((m) => m.id === e.memberId)?.seat ?? 0}
                label={label}
              />
            )
          : undefined
      }
    />
  );
}

/**
 * The expert panel of the round: its deadline, status, each seat's answer (a recusal says whose it
 * was and who required it), the consolidated outcome; while it sits, staff may require a seat
 * without an opinion to step aside (要求回避).
 */
function PanelView({
  panel,
  outcome,
  recusal: offered,
}: {
  panel: Panel;
  outcome: (code: string) => string;
  recusal: PanelRecusal;
}) {
  const { t, bi, tCode } = useI18n();
  const recusal = panel.status === 'sitting' ? offered : null;
  const label = (status: string) => tCode('seatStatus', status);
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('decision.panel.title')}
      </Typography.Title>
      {panel.organisationsOverLimit && panel.organisationsOverLimit.length > 0 && (
        <PanelOverLimit overLimit={panel.organisationsOverLimit} seats={panel.members} recusal={recusal} />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'status',
            label: t('project.status'),
            children: tCode('decision.panel.status', panel.status),
          },
          { key: 'deadline', label: t('decision.panel.deadline'), children: formatTime(panel.deadline) },
          {
            key: 'outcome',
            label: t('decision.panel.recommendation'),
            children: panel.recommendation ? outcome(panel.recommendation) : '—',
          },
          ...(panel.explanation
            ? [{ key: 'why', label: t('decision.panel.explanation'), children: bi(panel.explanation) }]
            : []),
        ]}
      />
      <Table<Panel['members'][number]>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={[...panel.members]}
        columns={[
          { title: t('decision.panel.seat'), render: (_, m) => m.seat },
          { title: t('decision.panel.expert'), render: (_, m) => m.expertName ?? '—' },
          {
            title: t('project.status'),
            render: (_, m) => <SeatStatus seat={m} label={label} />,
          },
          {
            title: t('decision.panel.recommendation'),
            render: (_, m) => (m.recommendation ? outcome(m.recommendation) : '—'),
          },
          { title: t('decision.panel.score'), render: (_, m) => m.score ?? '—' },
          ...(recusal
            ? [
                {
                  title: t('officer.round.actions'),
                  render: (_: unknown, m: Panel['members'][number]) =>
                    m.expertName && mayRequireRecusal(m.status) ? (
                      <RequirePanelRecusal
                        recusal={recusal}
                        memberId={m.id}
                        expertName={m.expertName}
                        seat={m.seat}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/**
 * 中期检查 as the bureau runs it: the PI's statement and the institution's confirmation, the review
 * (an officer's, or a panel's consolidated one) and the decision, and the step the check's phase
 * waits for as the API names it: review it or convene a panel, then decide.
 */
export function MidtermChecks({
  projectId,
  midterm: m,
  acts,
}: {
  projectId: string;
  midterm: Midterm;
  /** The reader takes the bureau's steps (staff); else the page only shows. */
  acts: boolean;
}) {
  const steps = acts ? m.steps : [];
  const { t, tCode } = useI18n();
  const actions = useProjectDecisions(projectId);
  const decision = (code: string) => tCode('officer.midtermDecision', code);
  const options = m.decisions.map((d) => ({ value: d, label: decision(d) }));
  return (
    <Card title={h2(t('officer.project.midterm'))}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'opens', label: t('officer.project.opensAt'), children: formatTime(m.opensAt) },
            {
              key: 'phase',
              label: t('officer.project.phase'),
              children: (
                <Space size={4}>
                  <span data-testid="midterm-phase">
                    {m.phase ? tCode('officer.midtermPhase', m.phase) : t('officer.project.notOpened')}
                  </span>
                  {m.round > 1 && <StatusTag tone="todo">{t('exec.recheck')}</StatusTag>}
                  {m.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
                </Space>
              ),
            },
            ...(m.fixBy ? [{ key: 'fixBy', label: t('exec.fixBy'), children: formatTime(m.fixBy) }] : []),
            ...(m.confirmation
              ? [{ key: 'confirmation', label: t('host.opinion'), children: m.confirmation.opinion }]
              : []),
            ...(m.review
              ? [
                  {
                    key: 'review',
                    label: t('exec.midterm.review'),
                    children: `${decision(m.review.recommendation)}：${m.review.opinion}${m.review.by === 'panel' ? `（${t('decision.panel.title')}）` : ''}`,
                  },
                ]
              : []),
            ...(m.decision
              ? [
                  {
                    key: 'decision',
                    label: t('officer.project.decision'),
                    children: (
                      <span data-testid="midterm-decision">
                        {`${decision(m.decision.decision)}：${m.decision.reasons}${m.decision.changeNote ? `（${m.decision.changeNote}）` : ''} · ${formatTime(m.decision.decidedAt)}`}
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {m.submission && <MidtermStatement submission={m.submission} />}
        {m.panel && (
          <PanelView
            panel={m.panel}
            outcome={decision}
            recusal={acts ? panelRecusal(actions.requirePanelRecusal, 'midterm') : null}
          />
        )}
        {steps.includes('review') && (
          <StepForm<MidtermReviewBody>
            heading={3}
            testId="midterm-review"
            title={t('decision.midterm.review')}
            submit={t('decision.midterm.recordReview')}
            onSend={(body) => actions.reviewMidterm.mutateAsync(body)}
          >
            <Form.Item
              name="recommendation"
              label={t('decision.recommendation')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Select options={options} style={{ maxWidth: 320 }} />
            </Form.Item>
            <Form.Item name="opinion" label={t('decision.opinion')}>
              <Input.TextArea rows={4} maxLength={20_000} />
            </Form.Item>
          </StepForm>
        )}
        {steps.includes('convene') && (
          <ConvenePanel
            testId="midterm-panel"
            title={t('decision.panel.convene')}
            onSend={() => actions.conveneMidterm.mutateAsync()}
          />
        )}
        {steps.includes('decide') && (
          <StepForm<MidtermDecisionBody>
            heading={3}
            testId="midterm-decide"
            title={t('decision.midterm.decide')}
            submit={t('decision.send')}
            initialValues={{
              decision: m.review?.recommendation,
              severity: 'serious',
              creditInstitution: false,
            }}
            confirm={(v) => t('decision.midterm.confirm', { decision: decision(v.decision) })}
            onSend={(v) =>
              actions.decideMidterm.mutateAsync({
                decision: v.decision,
                reasons: v.reasons,
                ...(v.decision === 'adjust' ? { changeNote: v.changeNote } : {}),
                ...(v.decision === 'revoke'
                  ? { severity: v.severity, creditInstitution: v.creditInstitution }
                  : {}),
              })
            }
          >
            <Form.Item
              name="decision"
              label={t('decision.decision')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Radio.Group options={options} />
            </Form.Item>
            <Form.Item name="reasons" label={t('decision.reasons')}>
              <Input.TextArea rows={3} maxLength={10_000} />
            </Form.Item>
            <Form.Item noStyle dependencies={['decision']}>
              {({ getFieldValue }) => (
                <>
                  {getFieldValue('decision') === 'adjust' && (
                    <Form.Item name="changeNote" label={t('decision.midterm.changeNote')}>
                      <Input.TextArea rows={2} maxLength={5000} />
                    </Form.Item>
                  )}
                  {getFieldValue('decision') === 'revoke' && (
                    <>
                      <Form.Item name="severity" label={t('officer.case.severity')}>
                        <Radio.Group
                          options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
                        />
                      </Form.Item>
                      <Form.Item name="creditInstitution" valuePropName="checked">
                        <Checkbox>{t('decision.midterm.creditInstitution')}</Checkbox>
                      </Form.Item>
                    </>
                  )}
                </>
              )}
            </Form.Item>
          </StepForm>
        )}
      </Space>
    </Card>
  );
}

/**
 * 验收 as the bureau runs it: the dossier and the institution's confirmation, the formal check,
 * the review (or the panel), the verdict the thresholds allow, the objections to the published
 * conclusion and the settlement; and the step the phase waits for as the API names it.
 */
export function AcceptanceChecks({
  projectId,
  acceptance: x,
  acts,
}: {
  projectId: string;
  acceptance: Acceptance;
  acts: boolean;
}) {
  const steps = acts ? x.steps : [];
  const { t, bi, tCode } = useI18n();
  const actions = useProjectDecisions(projectId);
  const verdict = (code: string) => tCode('decision.verdict', code);
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  const open = x.objections.filter((o) => o.outcome === null);
  const items: Array<{ key: string; label: string; children: ReactNode }> = [
    {
      key: 'phase',
      label: t('officer.project.phase'),
      children: (
        <Space size={4}>
          <span data-testid="acceptance-phase">
            {x.phase ? tCode('officer.acceptancePhase', x.phase) : t('officer.project.notOpened')}
          </span>
          {x.round > 1 && <StatusTag tone="todo">{t('exec.recheck')}</StatusTag>}
          {x.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
          {x.late && <StatusTag tone="bad">{t('decision.acceptance.late')}</StatusTag>}
        </Space>
      ),
    },
    { key: 'applyBy', label: t('officer.project.applyBy'), children: formatTime(x.applyBy) },
  ];
  if (x.submittedAt)
    items.push({ key: 'sub', label: t('exec.submittedAt'), children: formatTime(x.submittedAt) });
  if (x.completion !== null)
    items.push({ key: 'completion', label: t('exec.acceptance.completion'), children: pct(x.completion) });
  if (x.spentFen !== null)
    items.push({ key: 'spent', label: t('exec.acceptance.spent'), children: fenToYuan(x.spentFen) });
  if (x.confirmation) items.push({ key: 'conf', label: t('host.opinion'), children: x.confirmation.opinion });
  if (x.check)
    items.push({
      key: 'check',
      label: t('decision.acceptance.check'),
      children: `${t(x.check.complete ? 'decision.acceptance.complete' : 'decision.acceptance.incomplete')}${x.check.findings ? `：${x.check.findings}` : ''}${x.check.unapprovedChanges ? ` · ${t('decision.acceptance.unapproved', { n: x.check.unapprovedChanges })}` : ''}`,
    });
  if (x.review)
    items.push({
      key: 'review',
      label: t('decision.acceptance.review'),
      children: `${verdict(x.review.recommendation)}：${x.review.opinion}${x.review.falseMaterial ? ` · ${t('decision.acceptance.falseMaterial')}` : ''}${x.review.spendingIssues ? ` · ${t('decision.acceptance.spendingIssues')}` : ''}`,
    });
  if (x.suggestedVerdict)
    items.push({
      key: 'suggested',
      label: t('decision.acceptance.suggested'),
      children: verdict(x.suggestedVerdict),
    });
  if (x.verdictLabel)
    items.push({
      key: 'verdict',
      label: t('officer.project.verdict'),
      children: (
        <span data-testid="acceptance-verdict">
          {bi(x.verdictLabel)}
          {x.excellent ? ` · ${t('exec.acceptance.excellent')}` : ''}
          {x.reasons ? `：${x.reasons}` : ''}
        </span>
      ),
    });
  if (x.objectionsUntil)
    items.push({
      key: 'until',
      label: t('exec.acceptance.objectionsUntil'),
      children: formatTime(x.objectionsUntil),
    });
  if (x.settlement)
    items.push({
      key: 'surplus',
      label: t('exec.acceptance.surplus'),
      children: `${fenToYuan(x.settlement.surplusFen)}${x.settlement.surplusKept ? ` · ${t('exec.acceptance.surplusKept')}` : ''}`,
    });
  return (
    <Card title={h2(bi(x.name))}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Descriptions column={{ xs: 1, md: 3 }} items={items} />
        {x.dossier && <DossierContent dossier={x.dossier} projectId={projectId} />}
        {x.panel && (
          <PanelView
            panel={x.panel}
            outcome={verdict}
            recusal={acts ? panelRecusal(actions.requirePanelRecusal, 'acceptance') : null}
          />
        )}
        {x.objections.length > 0 && (
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={x.objections}
            columns={[
              { title: t('decision.objection.name'), dataIndex: 'name' },
              { title: t('decision.objection.reasons'), dataIndex: 'reasons' },
              { title: t('decision.objection.filedAt'), render: (_, o) => formatTime(o.filedAt) },
              {
                title: t('decision.objection.outcome'),
                render: (_, o) =>
                  o.outcome
                    ? `${tCode('decision.objection', o.outcome)}：${o.reply ?? ''}`
                    : t('decision.objection.open'),
              },
            ]}
          />
        )}
        {steps.includes('check') && (
          <StepForm<AcceptanceCheckBody>
            heading={3}
            testId="acceptance-check"
            title={t('decision.acceptance.check')}
            submit={t('decision.send')}
            initialValues={{ complete: true }}
            onSend={(body) => actions.checkAcceptance.mutateAsync(body)}
          >
            <Form.Item name="complete" label={t('decision.acceptance.check')}>
              <Radio.Group
                options={[
                  { value: true, label: t('decision.acceptance.complete') },
                  { value: false, label: t('decision.acceptance.incomplete') },
                ]}
              />
            </Form.Item>
            <Form.Item name="findings" label={t('decision.acceptance.findings')}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          </StepForm>
        )}
        {steps.includes('review') && (
          <StepForm<AcceptanceReviewBody>
            heading={3}
            testId="acceptance-review"
            title={t('decision.acceptance.review')}
            submit={t('decision.acceptance.recordReview')}
            initialValues={{ falseMaterial: false, spendingIssues: false }}
            onSend={(body) => actions.reviewAcceptance.mutateAsync(body)}
          >
            <Form.Item
              name="recommendation"
              label={t('decision.recommendation')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Select
                style={{ maxWidth: 320 }}
                options={ACCEPTANCE_VERDICTS.map((v) => ({ value: v, label: verdict(v) }))}
              />
            </Form.Item>
            <Form.Item name="opinion" label={t('decision.opinion')}>
              <Input.TextArea rows={4} maxLength={20_000} />
            </Form.Item>
            <Form.Item name="falseMaterial" valuePropName="checked">
              <Checkbox>{t('decision.acceptance.falseMaterial')}</Checkbox>
            </Form.Item>
            <Form.Item name="spendingIssues" valuePropName="checked">
              <Checkbox>{t('decision.acceptance.spendingIssues')}</Checkbox>
            </Form.Item>
          </StepForm>
        )}
        {steps.includes('convene') && (
          <ConvenePanel
            testId="acceptance-panel"
            title={t('decision.panel.conveneAcceptance')}
            onSend={() => actions.conveneAcceptance.mutateAsync()}
          />
        )}
        {steps.includes('decide') && (
          <StepForm<AcceptanceDecisionBody>
            heading={3}
            testId="acceptance-decide"
            title={t('decision.acceptance.decide')}
            submit={t('decision.send')}
            initialValues={{ verdict: x.suggestedVerdict ?? undefined, excellent: false }}
            confirm={(v) => t('decision.acceptance.confirm', { verdict: verdict(v.verdict) })}
            onSend={(v) =>
              actions.decideAcceptance.mutateAsync({
                verdict: v.verdict,
                reasons: v.reasons,
                ...(v.verdict === 'pass' ? { excellent: v.excellent } : {}),
              })
            }
          >
            <Form.Item
              name="verdict"
              label={t('officer.project.verdict')}
              extra={t('decision.acceptance.allowed')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Radio.Group options={x.allowedVerdicts.map((v) => ({ value: v, label: verdict(v) }))} />
            </Form.Item>
            <Form.Item noStyle dependencies={['verdict']}>
              {({ getFieldValue }) =>
                getFieldValue('verdict') === 'pass' ? (
                  <Form.Item name="excellent" valuePropName="checked">
                    <Checkbox>{t('decision.acceptance.excellent')}</Checkbox>
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="reasons" label={t('decision.reasons')}>
              <Input.TextArea rows={3} maxLength={10_000} />
            </Form.Item>
          </StepForm>
        )}
        {steps.includes('answer_objection') &&
          open.map((o) => (
            <StepForm<ObjectionAnswerBody>
              key={o.id}
              heading={3}
              testId={`objection-${o.id}`}
              title={t('decision.objection.answer', { name: o.name })}
              submit={t('decision.send')}
              initialValues={{ outcome: 'dismissed' }}
              confirm={(v) => t(`decision.objection.confirm.${v.outcome}` as MessageKey)}
              onSend={(body) => actions.answerObjection.mutateAsync({ objectionId: o.id, body })}
            >
              <Typography.Paragraph>{o.reasons}</Typography.Paragraph>
              <ChoiceAndText
                choice="outcome"
                options={[
                  { value: 'dismissed', label: t('decision.objection.dismissed') },
                  { value: 'upheld', label: t('decision.objection.upheld') },
                ]}
                text="reply"
                textLabel={t('decision.objection.reply')}
                maxLength={10_000}
              />
            </StepForm>
          ))}
      </Space>
    </Card>
  );
}
