import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setOnUnauthenticated, tokenStore, unwrap } from '../api/client';
import type { paths } from '../api/schema';

export type User = paths['/auth/me']['get']['responses'][200]['content']['application/json'];
export type Role = User['roles'][number];

interface Auth {
  user: User | null;
  /** True until the stored token has been checked against /auth/me. */
  loading: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(() => Boolean(tokenStore.get()));

  const logout = useCallback(() => {
    tokenStore.clear();
    setUser(null);
    queryClient.clear(); // another user's data must not show from the cache
  }, [queryClient]);

  useEffect(() => {
    setOnUnauthenticated(logout);
    if (!tokenStore.get()) return;
    unwrap(api.GET('/auth/me'))
      .then(setUser)
      .catch(() => tokenStore.clear())
      .finally(() => setLoading(false));
  }, [logout]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await unwrap(api.POST('/auth/login', { body: { username, password } }));
      tokenStore.set(result.accessToken);
      queryClient.clear();
      setUser(result.user);
      return result.user;
    },
    [queryClient],
  );

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside <AuthProvider>');
  return ctx;
}
