import { Card, Form, Input, Radio, Select, Space, Spin, Typography, type RefSelectProps } from 'antd';
import { useState, type CSSProperties, type Ref } from 'react';
import { useDebounced } from '../../lib/use-debounced';
import {
  RISK_PROFILES,
  useExpertSearch,
  useHonestFailure,
  useHonestFailureActions,
  type PoolExpert,
  type RiskProfile,
} from '../../api/hooks/honest-failure';
import type { ProjectView } from '../../api/hooks/execution';
import { HonestFailureContent } from '../../components/HonestFailureContent';
import { StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';

const ONGOING = new Set(['ongoing', 'rectifying']);
const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

interface RiskForm {
  riskProfile: RiskProfile | 'none';
  reason: string;
}

interface ExpertsForm {
  experts: string[];
  opinion: string;
  diligenceConfirmed: boolean;
}

const expertLabel = (e: PoolExpert) => `${e.name}（${e.organisation}，${e.title}）`;

/**
 * The expert pool searched on the server as the officer types (name, organisation or keyword),
 * several chosen; a chosen expert keeps its label while the search moves on. The form's ref
 * reaches the select, so the API's messages on the experts land on it.
 */
function ExpertPicker({
  id,
  value,
  onChange,
  ref,
}: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  ref?: Ref<RefSelectProps>;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  // The server is asked once the typing pauses, not at every key.
  const q = useDebounced(typed);
  const found = useExpertSearch(q);
  // Labels of the experts chosen, kept when they are chosen (a later search may not list them).
  const [known, setKnown] = useState<Record<string, string>>({});
  const chosen = value ?? [];
  const options = [
    ...chosen.map((v) => ({ value: v, label: known[v] ?? v })),
    ...(found.data?.items ?? [])
      .filter((e) => !chosen.includes(e.id))
      .map((e) => ({ value: e.id, label: expertLabel(e) })),
  ];
  return (
    <Select
      ref={ref}
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={chosen}
      onChange={(v) => {
        const shown = Object.fromEntries(options.map((o) => [o.value, o.label]));
        setKnown((k) => ({ ...k, ...shown }));
        setTyped('');
        onChange?.(v);
      }}
      loading={found.isFetching}
      placeholder={t('honest.decide.search')}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

/**
 * 容错 on the officer's project page: the request's step and history; the project's risk flag
 * (探索性强 / 风险高), which the rules read, set with its reason while the project runs; and once
 * the host institution confirmed, the experts' confirmation — experts from the pool (at least
 * three, an odd number, none conflicted: the API names each one it refuses on the field), their
 * joint opinion, and whether diligence is confirmed (结题) or not (refused). `acts`: staff (an
 * auditor reads the same without the forms).
 */
export function HonestFailureSteps({
  project,
  acts,
  style,
}: {
  project: ProjectView;
  acts: boolean;
  style?: CSSProperties;
}) {
  const { t, lang } = useI18n();
  const honest = useHonestFailure(project.id);
  const actions = useHonestFailureActions(project.id);
  const h = honest.data;
  const ongoing = ONGOING.has(project.status);
  return (
    <Card title={h2(t('honest.title'))} style={style} data-testid="honest-failure">
      {honest.isLoading ? (
        <Spin />
      ) : !h ? (
        <Typography.Text>{errorText(honest.error, lang)}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <HonestFailureContent view={h} readsRecord />
          {acts && ongoing && (
            <StepForm<RiskForm>
              key={`risk:${project.riskProfile ?? 'none'}`}
              heading={3}
              testId="risk-profile"
              title={t('honest.risk.title')}
              submit={t('honest.risk.submit')}
              initialValues={{ riskProfile: project.riskProfile ?? 'none' }}
              onSend={(v) =>
                actions.setRiskProfile.mutateAsync({
                  riskProfile: v.riskProfile === 'none' ? null : v.riskProfile,
                  reason: v.reason ?? '',
                })
              }
            >
              <Form.Item name="riskProfile" label={t('honest.riskProfile')}>
                <Radio.Group
                  options={[
                    ...RISK_PROFILES.map((r) => ({ value: r, label: t(`riskProfile.${r}`) })),
                    { value: 'none', label: t('riskProfile.none') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('honest.risk.reason')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </StepForm>
          )}
          {acts && h.phase === 'requested' && (
            <Typography.Text>{t('honest.decide.waitHost')}</Typography.Text>
          )}
          {acts && h.phase === 'institution_confirmed' && (
            <StepForm<ExpertsForm>
              key={`experts:${h.round}`}
              heading={3}
              testId="honest-decide"
              title={t('honest.decide.title')}
              submit={t('decision.send')}
              initialValues={{ diligenceConfirmed: true }}
              confirm={(v) =>
                t(v.diligenceConfirmed ? 'honest.decide.questionYes' : 'honest.decide.questionNo')
              }
              onSend={(v) =>
                actions.decide.mutateAsync({
                  experts: v.experts ?? [],
                  opinion: v.opinion ?? '',
                  diligenceConfirmed: v.diligenceConfirmed,
                })
              }
            >
              <Form.Item
                name="experts"
                label={t('honest.decide.experts')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <ExpertPicker />
              </Form.Item>
              <Form.Item
                name="opinion"
                label={t('honest.decide.opinion')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.TextArea rows={4} maxLength={20_000} />
              </Form.Item>
              <Form.Item name="diligenceConfirmed" label={t('honest.decide.diligence')}>
                <Radio.Group
                  options={[
                    { value: true, label: t('honest.decide.yes') },
                    { value: false, label: t('honest.decide.no') },
                  ]}
                />
              </Form.Item>
            </StepForm>
          )}
        </Space>
      )}
    </Card>
  );
}
