import { Card, Form, Radio, Spin, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useHonestFailure, useHonestFailureActions } from '../../api/hooks/honest-failure';
import { HonestFailureContent } from '../../components/HonestFailureContent';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { OpinionStep } from './OpinionStep';

interface OpinionForm {
  decision: 'confirm' | 'refuse';
  opinion: string;
}

/**
 * The PI's 容错 request as its host institution reads it (statement, original records, what
 * followed), and while the request waits on the institution, its opinion: confirmed, the request
 * goes on to the bureau's experts; not confirmed, it is refused and the project continues. Shown
 * once the PI has asked.
 */
export function HostHonestFailure({ projectId, style }: { projectId: string; style?: CSSProperties }) {
  const { t, lang } = useI18n();
  const honest = useHonestFailure(projectId);
  const actions = useHonestFailureActions(projectId);
  if (honest.isLoading) return <Spin />;
  if (honest.data?.phase === null) return null;
  const h = honest.data;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('honest.title')}</h2>} style={style}>
      {!h ? (
        <Typography.Text>{errorText(honest.error, lang)}</Typography.Text>
      ) : (
        <>
          <HonestFailureContent view={h} readsRecord={false} />
          {h.phase === 'requested' && (
            <div style={{ marginTop: 16 }}>
              <OpinionStep<OpinionForm>
                key={h.round}
                testId="honest-confirm"
                title={t('honest.host.title')}
                initialValues={{ decision: 'confirm' }}
                question={(v) =>
                  t(v.decision === 'confirm' ? 'honest.host.questionYes' : 'honest.host.questionNo')
                }
                onSend={(v) =>
                  actions.confirm.mutateAsync({ opinion: v.opinion, confirmed: v.decision === 'confirm' })
                }
              >
                <Form.Item name="decision" label={t('decision.decision')}>
                  <Radio.Group
                    options={[
                      { value: 'confirm', label: t('honest.host.confirm') },
                      { value: 'refuse', label: t('honest.host.refuse') },
                    ]}
                  />
                </Form.Item>
              </OpinionStep>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
