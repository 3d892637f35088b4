import { Alert, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { users, useSetRoles, type UserFilter, type UserItem, type UserRole } from '../../api/hooks/admin';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { zh } from '../../i18n/zh';
import { applyApiErrors } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';

/** The roles the portal has labels for (`role.<code>`): the editor offers exactly these. */
const ROLES = Object.keys(zh)
  .filter((k) => k.startsWith('role.'))
  .map((k) => k.slice('role.'.length) as UserRole);

interface FilterForm {
  q?: string;
  role?: UserRole;
}

function toFilter(v: FilterForm): UserFilter {
  const f: UserFilter = {};
  if (v.q?.trim()) f.q = v.q.trim();
  if (v.role) f.role = v.role;
  return f;
}

/** 用户与角色: the accounts, filtered and paged on the server; an administrator sets a user's roles. */
export function UsersPage() {
  const { t, tCode, lang } = useI18n();
  const setRoles = useSetRoles();
  const [filterForm] = Form.useForm<FilterForm>();
  const [rolesForm] = Form.useForm<{ roles: UserRole[] }>();
  const [filter, setFilter] = useState<UserFilter>({});
  const [editing, setEditing] = useState<UserItem | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const open = (u: UserItem) => {
    setErrors([]);
    setSaved(null);
    rolesForm.resetFields();
    rolesForm.setFieldsValue({ roles: u.roles });
    setEditing(u);
  };

  const save = async ({ roles }: { roles: UserRole[] }) => {
    if (!editing) return;
    setBusy(true);
    setErrors([]);
    try {
      const user = await setRoles.mutateAsync({ id: editing.id, roles: roles ?? [] });
      setSaved(t('admin.users.saved', { name: user.displayName }));
      setEditing(null);
    } catch (err) {
      setErrors(applyApiErrors(rolesForm, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('admin.users.title')}</h1>}>
      <Typography.Paragraph type="secondary">{t('admin.users.nextLogin')}</Typography.Paragraph>
      <Form<FilterForm>
        form={filterForm}
        layout="inline"
        onFinish={(v) => setFilter(toFilter(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q" label={t('admin.users.search')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.role')}>
          <Select
            allowClear
            style={{ width: 200 }}
            options={ROLES.map((r) => ({ value: r, label: tCode('role', r) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('admin.users.filter')}
          </Button>
          <Button
            onClick={() => {
              filterForm.resetFields();
              setFilter({});
            }}
          >
            {t('admin.users.reset')}
          </Button>
        </Space>
      </Form>
      {saved && <Alert type="success" showIcon title={saved} style={{ marginBottom: 16 }} />}
      <CursorTable<UserItem>
        key={JSON.stringify(filter)}
        queryKey={['admin', 'users', filter]}
        fetchPage={(next) => users.list(filter, next)}
        rowKey="id"
        size="small"
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username' },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          {
            title: t('admin.users.roles'),
            render: (_, u) => u.roles.map((r) => <Tag key={r}>{tCode('role', r)}</Tag>),
          },
          { title: t('admin.users.institution'), render: (_, u) => u.institutionName ?? '—' },
          { title: t('admin.users.createdAt'), render: (_, u) => formatTime(u.createdAt) },
          {
            title: t('admin.users.actions'),
            render: (_, u) => (
              <Button
                size="small"
                onClick={() => open(u)}
                aria-label={t('admin.users.editFor', { name: u.username })}
              >
                {t('admin.users.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t('admin.users.editTitle', { name: editing.displayName }) : ''}
        okText={t('admin.users.save')}
        cancelText={t('admin.users.cancel')}
        confirmLoading={busy}
        onOk={() => rolesForm.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={rolesForm} layout="vertical" onFinish={save}>
          <Form.Item name="roles" label={t('admin.users.roles')}>
            <Select
              mode="multiple"
              allowClear
              options={ROLES.map((r) => ({ value: r, label: tCode('role', r) }))}
            />
          </Form.Item>
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
