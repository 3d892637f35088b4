import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { menuFor } from './menus';

/** The logged-in frame: side menu for the user's roles; name, roles, language and logout on top. */
export function AppLayout() {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  if (!user) return null;
  const items = menuFor(user.roles).map((e) => ({ key: e.path, label: t(e.label) }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={220}>
        <Typography.Title level={5} style={{ padding: '16px 16px 8px', margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <nav aria-label={t('menu.label')}>
          <Menu
            mode="inline"
            selectedKeys={[location.pathname]}
            items={items}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            gap: 16,
          }}
        >
          <Space size="small" data-testid="current-user">
            <Typography.Text strong>{user.displayName}</Typography.Text>
            {user.roles.map((r) => (
              <Tag key={r} color="blue">
                {t(`role.${r}`)}
              </Tag>
            ))}
            {user.institutionName && (
              <Typography.Text type="secondary">{user.institutionName}</Typography.Text>
            )}
          </Space>
          <LanguageSwitch />
          <Button
            onClick={() => {
              logout();
              navigate('/login');
            }}
          >
            {t('auth.logout')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <main>
            {/* A role's pages load as one chunk on the first visit (routes.tsx); the frame stays. */}
            <Suspense fallback={<Spin style={{ margin: 48 }} />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
