import { useEffect } from 'react';
import { useStore } from 'zustand';
import { linkPageAddress, qrCodeAddress } from '../../../plex/link-address';
import { formatCode, spellCode } from '../../../protocol/activation-code';
import type { ActivationPhase } from '../../activation/activation-machine';
import { appServices } from '../../app-services';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { useFocusFallback } from '../../components/useFocusFallback';
import { navigation } from '../../navigation/app-navigation';
import { useActivationStore } from '../../stores/activation-store';
import { prefetchExitDialog, prefetchHomeScreen } from '../lazy-screens';
import { countdownText, failureText, serverName, statusText } from './activation-text';
import { QrCode } from './QrCode';
import './activation.css';

const NEW_CODE_KEY = 'activation-new-code';
const RETRY_KEY = 'activation-retry';
const CHANGE_SERVER_KEY = 'activation-change-server';
const PREFETCH_DELAY_MS = 1_000;

/** The code screen: the code, where to enter it, a QR code with the code filled in, a countdown, a status. */
export function ActivationScreen() {
  const phase = useActivationStore((state) => state.model.phase);
  const now = useActivationStore((state) => state.now);
  const { session } = appServices();
  const accountServiceUrl = useStore(session, (state) => state.accountServiceUrl) ?? '';
  const signedOutReason = useStore(session, (state) => state.signedOutReason);

  useEffect(() => {
    useActivationStore.getState().start();
    return () => useActivationStore.getState().stop();
  }, []);

  // The error banner's Retry goes when the server is back: hand focus to the main button.
  useFocusFallback(NEW_CODE_KEY, [phase.kind === 'unavailable']);

  const server = serverName(accountServiceUrl);
  const pin = phase.kind === 'waiting' ? phase.pin : null;

  // Once a code is up, the TV is idle until someone links it: a good moment to fetch home's code (and the exit
  // dialog's). Not in the same frame as the code and its QR, which would wait for those chunks to be parsed.
  const hasPin = pin !== null;
  useEffect(() => {
    if (!hasPin) return;
    const { clock } = appServices();
    const timer = clock.setTimeout(() => {
      prefetchHomeScreen();
      prefetchExitDialog();
    }, PREFETCH_DELAY_MS);
    return () => clock.clearTimeout(timer);
  }, [hasPin]);
  const linkAddress = linkPageAddress(pin ? pin.qrUrl : '', accountServiceUrl);

  return (
    <FocusScreen
      focusKey="activation"
      initialFocusKey={NEW_CODE_KEY}
      testId="activation"
      className="activation"
    >
      <div className="activation__main">
        <div className="brand">Marquee</div>
        <h1 className="activation__title">{titleFor(phase)}</h1>
        {signedOutReason ? (
          <p className="activation__notice" data-testid="activation-notice">
            {signedOutReason}
          </p>
        ) : null}

        <p className="activation__step">On your phone or computer, go to</p>
        <p className="activation__address">{linkAddress.replace(/^https?:\/\//, '')}</p>
        <p className="activation__step">and enter this code:</p>
        {pin ? (
          <p className="activation__code" data-testid="activation-code" aria-hidden="true">
            {formatCode(pin.code)}
          </p>
        ) : (
          <p className="activation__code activation__code--pending" aria-hidden="true">
            ····-····
          </p>
        )}
        {/* Read out letter by letter; the big code above is hidden from screen readers. */}
        <p className="visually-hidden" aria-live="polite">
          {pin ? `Your code is ${spellCode(pin.code)}` : ''}
        </p>

        <p className="activation__countdown" data-testid="activation-countdown">
          {pin ? `Code expires in ${countdownText(pin.expiresAt, now)}` : ''}
        </p>
        <p className="activation__status" data-testid="activation-status" aria-live="polite">
          {statusText(phase, now, server)}
        </p>

        {phase.kind === 'unavailable' ? (
          <ErrorBanner
            title={failureText(phase.problem.failure, server)}
            detail="Marquee keeps trying by itself. Check that the server is running and on this network."
            onRetry={() => useActivationStore.getState().requestNewCode()}
            retryFocusKey={RETRY_KEY}
          />
        ) : null}

        <div className="button-row activation__actions">
          <FocusableButton
            focusKey={NEW_CODE_KEY}
            label="Get a new code"
            testId="activation-new-code"
            onPress={() => useActivationStore.getState().requestNewCode()}
          />
          {/* A remembered server that is gone must not trap the TV on this screen. */}
          <FocusableButton
            focusKey={CHANGE_SERVER_KEY}
            label="Change server"
            testId="activation-change-server"
            onPress={() => navigation.getState().push({ name: 'welcome' })}
          />
        </div>
      </div>

      <div className="activation__side">
        {pin ? (
          <QrCode text={qrCodeAddress(pin.qrUrl, linkAddress, pin.code)} sizePx={440} />
        ) : (
          <div className="activation__qr-placeholder" />
        )}
        <p className="activation__qr-caption">
          {pin && !pin.qrUrl
            ? 'Scan to open the link page'
            : 'Scan to open the link page with the code filled in'}
        </p>
      </div>
    </FocusScreen>
  );
}

function titleFor(phase: ActivationPhase): string {
  if (phase.kind === 'linked' || phase.kind === 'finished') return 'This TV is linked';
  return 'Link this TV';
}
