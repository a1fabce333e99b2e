import { overlayOpen } from '../navigation/app-navigation';
import { FocusableButton } from './FocusableButton';

export interface ErrorBannerProps {
  /** What went wrong, in words ("Can't reach the server"). */
  title: string;
  detail?: string;
  onRetry(): void;
  retryFocusKey?: string;
  /** e.g. while a retry is in flight. */
  busy?: boolean;
}

/** A visible failure with a Retry that takes focus when the banner appears (unless a dialog is open). */
export function ErrorBanner({
  title,
  detail,
  onRetry,
  retryFocusKey = 'error-retry',
  busy,
}: ErrorBannerProps) {
  return (
    <div className="error-banner" data-testid="error-banner" role="alert">
      <div className="error-banner__text">
        <div className="error-banner__title">{title}</div>
        {detail ? <div className="error-banner__detail">{busy ? 'Trying again…' : detail}</div> : null}
      </div>
      <FocusableButton focusKey={retryFocusKey} label="Retry" onPress={onRetry} autoFocus={!overlayOpen()} />
    </div>
  );
}
