/**
 * A screen as a separate chunk (precached for offline use). A screen already loaded renders at
 * once; only a screen not yet loaded suspends. Shell.tsx loads the screen of the opening route
 * before the first render, so a reload into a session resumes without React's Suspense fallback
 * delay (about 300 ms in React 19); the others are loaded when the browser is idle.
 */
import { lazy, type ComponentType } from 'react';

export interface LoadableScreen<P extends object> {
  Screen: ComponentType<P>;
  preload: () => Promise<void>;
}

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LoadableScreen<P> {
  let loaded: ComponentType<P> | null = null;
  const preload = async () => {
    loaded ??= await load();
  };
  const Suspending = lazy(async () => {
    await preload();
    return { default: loaded as ComponentType<P> };
  });
  function Screen(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Suspending {...props} />;
  }
  return { Screen, preload };
}

/**
 * A screen in the app's own chunk (the home page: the first screen after unlocking). Read when
 * rendered, not when declared, so the route table can name it while its module is still loading.
 */
export function eagerScreen<P extends object>(component: () => ComponentType<P>): LoadableScreen<P> {
  function Screen(props: P) {
    const Component = component();
    return <Component {...props} />;
  }
  return { Screen, preload: () => Promise.resolve() };
}
