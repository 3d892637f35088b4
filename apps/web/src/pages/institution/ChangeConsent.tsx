import { useHostActions } from '../../api/hooks/institution';
import { ChoiceAndText, StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';

/** An institution's consent to a change request, or its refusal, with a comment (its host's or a new host's step). */
export function ChangeConsent({
  projectId,
  change,
  title,
}: {
  projectId: string;
  change: { id: string; decisions: readonly unknown[] };
  title: string;
}) {
  const { t } = useI18n();
  const actions = useHostActions(projectId);
  return (
    <StepForm<{ decision: 'approve' | 'reject'; comment?: string }>
      key={`${change.id}:${change.decisions.length}`}
      heading={3}
      testId="change-consent"
      title={title}
      submit={t('decision.send')}
      done={t('host.confirmed')}
      initialValues={{ decision: 'approve' }}
      confirm={(v) =>
        t(v.decision === 'approve' ? 'decision.change.confirmConsent' : 'decision.change.confirmReject')
      }
      onSend={(v) => actions.decideChange.mutateAsync({ changeId: change.id, ...v })}
    >
      <ChoiceAndText
        options={[
          { value: 'approve', label: t('host.consent') },
          { value: 'reject', label: t('host.refuse') },
        ]}
        textLabel={t('decision.change.comment')}
      />
    </StepForm>
  );
}
