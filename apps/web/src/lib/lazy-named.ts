import { lazy, type ComponentType } from 'react';

/**
 * A named export of a module loaded on first render (React.lazy takes only a default export).
 * Several components of one module share its chunk: Vite splits per dynamic import target.
 */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  type C = M[K] extends ComponentType<infer P> ? ComponentType<P> : never;
  return lazy(() => load().then((m) => ({ default: m[name] as C })));
}
