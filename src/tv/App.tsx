import { useEffect } from 'react';
import { useStore } from 'zustand';
import { appServices } from './app-services';
import { Stage } from './components/Stage';
import { exitDialog, navigation } from './navigation/app-navigation';
import { type Screen, topScreen } from './navigation/navigation-store';
import { screenAfterSessionChange } from './navigation/session-routing';
import { ActivationScreen } from './screens/activation/ActivationScreen';
import { ExitDialog, LaterScreen } from './screens/lazy-screens';

/** The shell: the top screen of the stack on the scaled stage, and the exit dialog over it. */
export function App() {
  const stack = useStore(navigation, (state) => state.stack);
  const top = topScreen({ stack });

  // The session decides between activation and home: signed out → activation, linked → home.
  useEffect(() => {
    const { session } = appServices();
    return session.subscribe((state, previous) => {
      const next = screenAfterSessionChange(
        !!previous.session,
        !!state.session,
        topScreen(navigation.getState()),
      );
      if (next) navigation.getState().reset(next);
    });
  }, []);

  return (
    <Stage>
      {/* Keyed by depth, so pushing a screen of the same kind still mounts a fresh one. */}
      <ScreenView key={`${stack.length}:${top.name}`} screen={top} />
      <ExitDialogWhenOpen />
    </Stage>
  );
}

/** The code screen is in the initial bundle; every other screen loads on demand (screens/lazy-screens.ts). */
function ScreenView({ screen }: { screen: Screen }) {
  return screen.name === 'activation' ? <ActivationScreen /> : <LaterScreen screen={screen} />;
}

/** The exit dialog, its code fetched the first time it opens rather than with the first screen. */
export function ExitDialogWhenOpen() {
  const open = useStore(exitDialog, (state) => state.open);
  return open ? <ExitDialog /> : null;
}
