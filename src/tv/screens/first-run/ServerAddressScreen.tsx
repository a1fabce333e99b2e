import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import { fetchTransport } from '../../../plex/http';
import { checkIdentity, serverLabel } from '../../../plex/identity-check';
import { displayAddress } from '../../../plex/server-address';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { type KeyboardKey, keyFocusKey, OnScreenKeyboard } from '../../components/OnScreenKeyboard';
import { useScreenStore } from '../../components/useScreenStore';
import { createAddressEntryStore } from '../../first-run/address-entry-store';
import { chooseServer } from '../../first-run/choose-server';
import type { Screen } from '../../navigation/navigation-store';
import '../../components/library.css';
import './first-run.css';

/** A phone-style pad: 1 2 3 / 4 5 6 / 7 8 9 / . 0 : (ADDRESS_CHARACTERS, laid out). */
const PAD = '123456789.0:';
const FIRST_KEY = keyFocusKey({ kind: 'char', char: PAD.charAt(0) });
const CONNECT_KEY = 'server-address-connect';

/** Typing a home server's address with the remote; it is checked before it is kept. */
export function ServerAddressScreen({ screen }: { screen: Screen }) {
  const entry = useScreenStore(screen, 'address', () =>
    createAddressEntryStore({
      check: (url) => checkIdentity(url, { transport: fetchTransport, timeoutMs: 5_000 }),
    }),
  );
  const text = useStore(entry, (state) => state.text);
  const phase = useStore(entry, (state) => state.phase);

  useEffect(() => () => entry.getState().stop(), [entry]);
  useEffect(() => {
    if (phase.kind === 'accepted') {
      chooseServer({ kind: 'home', url: phase.server.url, name: serverLabel(phase.server) });
    }
  }, [phase]);

  const onKey = useCallback(
    (key: KeyboardKey) => {
      const state = entry.getState();
      if (key.kind === 'char') state.type(key.char);
      else if (key.kind === 'delete') state.backspace();
      else if (key.kind === 'clear') state.clear();
    },
    [entry],
  );

  return (
    <FocusScreen
      focusKey="server-address-screen"
      initialFocusKey={FIRST_KEY}
      testId="server-address-screen"
      className="first-run"
    >
      <div className="brand">Marquee</div>
      <h1 className="first-run__title">Enter an address</h1>
      <p className="first-run__lead muted">
        The home server’s address, for example 192.168.1.20. http:// is added, and port 32400 when none is
        given.
      </p>
      <div className="address-field" data-testid="server-address">
        {text || <span className="address-field__placeholder">192.168.1.20:32400</span>}
        <span className="search__caret address-field__caret" />
      </div>
      <p
        className="address-message"
        data-testid="server-address-message"
        data-phase={phase.kind}
        aria-live="polite"
      >
        {phase.kind === 'checking'
          ? `Checking ${displayAddress(phase.url)}…`
          : phase.kind === 'editing' && phase.message
            ? phase.message
            : ''}
      </p>
      <div className="address-entry">
        <OnScreenKeyboard
          onKey={onKey}
          characters={PAD}
          columns={3}
          actions={['delete', 'clear']}
          className="keyboard--pad"
        />
        <div className="address-entry__actions">
          <FocusableButton
            focusKey={CONNECT_KEY}
            label="Connect"
            testId="server-address-connect"
            onPress={() => entry.getState().submit()}
          />
        </div>
      </div>
    </FocusScreen>
  );
}
