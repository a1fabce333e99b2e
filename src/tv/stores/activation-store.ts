import { create } from 'zustand';
import { ActivationController } from '../activation/activation-controller';
import { type ActivationModel, initialActivationModel } from '../activation/activation-machine';
import { appServices } from '../app-services';

// The activation screen's store: runs the activation controller while the screen is mounted and
// ticks a clock for the countdown.

export interface ActivationStoreState {
  model: ActivationModel;
  /** Monotonic ms, refreshed every second while the screen is up (for the countdown). */
  now: number;
  start(): void;
  stop(): void;
  requestNewCode(): void;
}

const TICK_MS = 1_000;

export const useActivationStore = create<ActivationStoreState>((set) => {
  let controller: ActivationController | null = null;
  let unsubscribeVisibility: (() => void) | null = null;
  let tick: unknown = null;

  return {
    model: initialActivationModel,
    now: 0,

    start() {
      if (controller) return;
      const { platform, session, clock } = appServices();
      const running = new ActivationController({
        api: session.getState().accountClient(),
        clock,
        onChange: (model) => set({ model, now: clock.now() }),
        onFinished: (token, accountName) => session.getState().linked({ token, accountName }),
      });
      controller = running;
      unsubscribeVisibility = platform.onVisibilityChange((visible) => running.setVisible(visible));
      const ticking = () => {
        set({ now: clock.now() });
        tick = clock.setTimeout(ticking, TICK_MS);
      };
      ticking();
      running.start(platform.isVisible());
    },

    stop() {
      controller?.stop();
      controller = null;
      unsubscribeVisibility?.();
      unsubscribeVisibility = null;
      if (tick !== null) appServices().clock.clearTimeout(tick);
      tick = null;
      set({ model: initialActivationModel });
    },

    requestNewCode() {
      controller?.requestNewCode();
    },
  };
});
