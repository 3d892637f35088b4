import { App as AntApp, ConfigProvider } from 'antd';
// antd's component styles, built ahead (zeroRuntime in theme.ts): no styles generated per page load.
import 'antd/dist/antd.css';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider } from './auth/AuthContext';
import { I18nProvider, useI18n } from './i18n';
import { AppRoutes } from './routes';
import { THEME } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal (4xx) will not change on retry; a network blip may.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

/**
 * A user who asked their system for less motion (WCAG 2.3.3) gets antd without its transitions,
 * wave effects and animated collapses.
 */
const REDUCED_THEME = { ...THEME, token: { ...THEME.token, motion: false } };
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** antd's own texts (pagination, date pickers, empty states) follow the user's language. */
function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={reducedMotion() ? REDUCED_THEME : THEME}>
      <AntApp>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        {/* The API serves the portal under /portal/ (apps/api/src/common/portal.ts). */}
        <BrowserRouter basename="/portal">
          <Localized />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  );
}
