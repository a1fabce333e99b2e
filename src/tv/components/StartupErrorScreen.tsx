import { FocusableButton } from './FocusableButton';
import { FocusScreen } from './FocusScreen';

const RELOAD_KEY = 'startup-error-reload';

/** Shown instead of the app when it cannot start, e.g. a packaged app with no server configured. */
export function StartupErrorScreen({ title, detail }: { title: string; detail: string }) {
  return (
    <FocusScreen
      focusKey="startup-error"
      initialFocusKey={RELOAD_KEY}
      testId="startup-error"
      className="screen--centered"
    >
      <div className="error-banner" data-testid="error-banner" role="alert">
        <div className="error-banner__text">
          <div className="error-banner__title">{title}</div>
          <div className="error-banner__detail">{detail}</div>
        </div>
      </div>
      <div className="button-row">
        <FocusableButton focusKey={RELOAD_KEY} label="Try again" onPress={() => window.location.reload()} />
      </div>
    </FocusScreen>
  );
}
