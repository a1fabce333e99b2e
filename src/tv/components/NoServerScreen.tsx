import { navigation } from '../navigation/app-navigation';
import { FocusableButton } from './FocusableButton';
import { FocusScreen } from './FocusScreen';

const BACK_KEY = 'no-server-back';

/** A library screen opened with no media server connected: says so, with Back focused. */
export function NoServerScreen({ focusKey, title }: { focusKey: string; title?: string }) {
  return (
    <FocusScreen focusKey={focusKey} initialFocusKey={BACK_KEY} testId={focusKey} className={focusKey}>
      {title ? <h1 className="screen-title">{title}</h1> : null}
      <p className="muted">No media server is connected. Go back to home to find one.</p>
      <div className="button-row">
        <FocusableButton focusKey={BACK_KEY} label="Back" onPress={() => navigation.getState().back()} />
      </div>
    </FocusScreen>
  );
}
