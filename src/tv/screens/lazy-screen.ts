import { type ComponentType, createElement, useEffect, useState } from 'react';

/**
 * A screen whose code loads on demand. Unlike React.lazy, once the code is loaded (say, prefetched while
 * the code screen waited) it renders at once: React.lazy suspends on first render whatever the promise's
 * state, which showed as a blank frame of 100–300 ms between "Linked to …" and home.
 */
export function lazyScreen<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
  Loading: ComponentType,
): { Screen: ComponentType<Props>; prefetch(): void } {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<ComponentType<Props>> | null = null;
  const fetchOnce = () => {
    if (!loading) {
      loading = load().then(
        (component) => {
          loaded = component;
          return component;
        },
        (error: unknown) => {
          loading = null; // let a later attempt try again
          throw error;
        },
      );
    }
    return loading;
  };

  function Screen(props: Props) {
    const [component, setComponent] = useState<ComponentType<Props> | null>(() => loaded);
    useEffect(() => {
      if (component) return;
      let current = true;
      fetchOnce().then(
        (ready) => current && setComponent(() => ready),
        () => undefined, // the loading screen stays; the next visit tries again
      );
      return () => {
        current = false;
      };
    }, [component]);
    return component ? createElement(component, props) : createElement(Loading);
  }

  return {
    Screen,
    prefetch() {
      fetchOnce().catch(() => undefined);
    },
  };
}
