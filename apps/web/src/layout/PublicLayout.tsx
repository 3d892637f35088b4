import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { HEADER_BG } from '../theme';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { PUBLIC_MENU } from './menus';

/** The public frame (no login): what the bureau publishes, and the way in. */
export function PublicLayout() {
  const { user } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: HEADER_BG }}>
        <Link to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Link>
        <nav aria-label={t('menu.label')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            style={{ background: HEADER_BG }}
            selectedKeys={[location.pathname]}
            items={PUBLIC_MENU.map((e) => ({ key: e.path, label: t(e.label) }))}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
        <Space>
          <LanguageSwitch />
          {user ? (
            <Button type="primary" ghost onClick={() => navigate('/work')}>
              {t('menu.home')}
            </Button>
          ) : (
            <Button onClick={() => navigate('/login')}>{t('auth.login')}</Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>
          <Suspense fallback={<Spin style={{ margin: 48 }} />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
