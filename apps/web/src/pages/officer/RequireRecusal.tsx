import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { Fragment, useId, useState, type ReactNode } from 'react';
import { useRequireRecusal } from '../../api/hooks/officer';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';
import { invitationStatusText, type InvitationStatus } from '../../lib/invitation-status';

/**
 * A seat held with nothing given yet (an invitation without a score, a panel member without an
 * opinion): the expert may still be asked to step aside. The API's rule (mayBeRecused) decides.
 */
export const mayRequireRecusal = (status: string) => status === 'invited' || status === 'accepted';

/**
 * A seat's status in an officer's table (a review invitation, a project panel's member): a recusal
 * says whose it was (本人申请 / 主管要求) and, where the API names them, who required it (要求人).
 * `label` words a status the view carries no label for.
 */
export function SeatStatus(props: {
  seat: InvitationStatus & { recusedBy?: { name: string } | null };
  label?: (status: string) => string;
}) {
  const { t, bi } = useI18n();
  const { seat, label } = props;
  return (
    <>
      {invitationStatusText(seat, { t, bi, label })}
      {seat.recusedBy && (
        <Typography.Text type="secondary" style={{ display: 'block' }}>
          {t('officer.round.recusedBy', { name: seat.recusedBy.name })}
        </Typography.Text>
      )}
    </>
  );
}

/**
 * The warning of organisations with more experts on a panel than the template allows (同一单位专家上限),
 * as a review round's page and a project's panels show it: a line per organisation naming its
 * experts with their seats' status, 要求回避 beside each expert who may still be asked (where
 * `action` draws one), and what can be done.
 */
export function OrganisationsOverLimit<
  O extends { experts: ReadonlyArray<{ name: string; status: string }> },
  E extends O['experts'][number] = O['experts'][number],
>(props: {
  title: string;
  hint: string;
  organisations: readonly O[];
  keyOf: (o: O) => string;
  /** The organisation's line, given its experts named with their status as one text. */
  line: (o: O, experts: string) => string;
  statusText: (e: E) => string;
  expertKeyOf: (e: E) => string;
  action?: (o: O, e: E, label: string) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const { organisations, keyOf, line, statusText, expertKeyOf, action } = props;
  const named = (e: E) => (lang === 'zh' ? `${e.name}（${statusText(e)}）` : `${e.name} (${statusText(e)})`);
  // The type of an organisation's experts, as the caller's data has it (E), not the constraint's.
  const expertsOf = (o: O) => o.experts as readonly E[];
  const namedExperts = (o: O) =>
    expertsOf(o)
      .map(named)
      .join(lang === 'zh' ? '、' : '; ');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="organisations-over-limit"
      title={props.title}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {organisations.map((o) => (
              <li key={keyOf(o)}>
                <span>{line(o, namedExperts(o))}</span>
                {action && (
                  <Space wrap size={4} style={{ marginInlineStart: 8 }}>
                    {expertsOf(o)
                      .filter((e) => mayRequireRecusal(e.status))
                      .map((e) => (
                        <Fragment key={expertKeyOf(e)}>
                          {action(o, e, t('officer.round.overLimit.require', { expert: e.name }))}
                        </Fragment>
                      ))}
                  </Space>
                )}
              </li>
            ))}
          </ul>
          <Typography.Paragraph style={{ margin: '8px 0 0' }}>{props.hint}</Typography.Paragraph>
        </>
      }
    />
  );
}

/**
 * 要求回避 on any seat: the button and a dialog for the reason (the reason typed stays until it is
 * sent); `send` requires the recusal, the caller's command reads its page again, so the replacement
 * shows once drawn. The API's refusals land on the reason or above it.
 */
export function RecusalRequirementDialog(props: {
  expertName: string;
  /** What happens to the seat, shown above the reason. */
  explain: string;
  /** The button's accessible name (it names the expert and the seat's subject). */
  ariaLabel: string;
  /** The button's text where it names the expert itself (default: 要求回避). */
  label?: string;
  /** The reason's label: who reads it (default: the expert is told, as on a review round). */
  reasonLabel?: string;
  send: (reason: string) => Promise<unknown>;
  pending: boolean;
}) {
  const { expertName, explain, ariaLabel, label, reasonLabel, send, pending } = props;
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const formName = `require-recusal-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const title = t('officer.round.requireRecusal.title', { expert: expertName });

  const save = async (v: { reason: string }) => {
    setErrors([]);
    try {
      await send(v.reason);
      setOpen(false);
      form.resetFields();
      void message.success(t('officer.round.requireRecusal.done', { expert: expertName }));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };

  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)} aria-label={label ?? ariaLabel}>
        {label ?? t('officer.round.requireRecusal')}
      </Button>
      <Modal open={open} title={title} onCancel={() => setOpen(false)} footer={null}>
        {/* Rendered once first opened, then kept: the reason typed survives closing and opening
            again, until it is sent. Named per instance: a page holds one per seat. */}
        <Form form={form} name={formName} layout="vertical" onFinish={save} aria-label={title}>
          <Typography.Paragraph>{explain}</Typography.Paragraph>
          <Form.Item
            name="reason"
            label={reasonLabel ?? t('officer.round.requireRecusal.reason')}
            rules={[
              {
                required: true,
                whitespace: true,
                min: 5,
                message: t('officer.round.requireRecusal.reasonRequired'),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" danger htmlType="submit" loading={pending}>
            {t('officer.round.requireRecusal.submit')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}

/**
 * 要求回避 on a review round's invitation: the expert is told, with the reason. The invitation
 * ends as recused and the round's workflow draws the replacement; the round is read again.
 */
export function RequireRecusal(props: {
  roundId: string;
  assignmentId: string;
  expertName: string;
  applicationTitle: string;
  /** The button's text where it names the expert itself (default: 要求回避, with a label naming both). */
  label?: string;
}) {
  const { roundId, assignmentId, expertName, applicationTitle, label } = props;
  const { t } = useI18n();
  const command = useRequireRecusal(roundId);
  return (
    <RecusalRequirementDialog
      expertName={expertName}
      explain={t('officer.round.requireRecusal.explain', { application: applicationTitle })}
      ariaLabel={t('officer.round.requireRecusal.aria', {
        expert: expertName,
        application: applicationTitle,
      })}
      label={label}
      send={(reason) => command.mutateAsync({ assignmentId, reason })}
      pending={command.isPending}
    />
  );
}
