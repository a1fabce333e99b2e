import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { fetchTransport } from '../../../plex/http';
import { checkIdentity, serverLabel } from '../../../plex/identity-check';
import { DEFAULT_SCAN_CONCURRENCY, DEFAULT_SCAN_TIMEOUT_MS, scanSubnet } from '../../../plex/lan-scan';
import { displayAddress } from '../../../plex/server-address';
import { xhrTransport } from '../../../plex/xhr-transport';
import { appServices } from '../../app-services';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusableRow } from '../../components/FocusableRow';
import { FocusScreen } from '../../components/FocusScreen';
import { useScreenStore } from '../../components/useScreenStore';
import { chooseServer } from '../../first-run/choose-server';
import {
  createDiscoveryStore,
  type DiscoveryStore,
  discoveryStatusText,
} from '../../first-run/discovery-store';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { noriginFocus as focus } from '../../navigation/spatial-navigation';
import './first-run.css';

const SCAN_AGAIN_KEY = 'find-scan-again';
const ENTER_ADDRESS_KEY = 'find-enter-address';

function createStoreForScreen(): DiscoveryStore {
  const { platform, settings } = appServices();
  return createDiscoveryStore({
    localAddress: () => platform.localAddress(),
    // XMLHttpRequest: its abort() closes a silent address's connection even on Chromium 53.
    scan: (subnet, onFound, onProgress) =>
      scanSubnet({
        subnet,
        port: settings.scanPort,
        concurrency: DEFAULT_SCAN_CONCURRENCY,
        check: (url, signal) =>
          checkIdentity(url, { transport: xhrTransport, timeoutMs: DEFAULT_SCAN_TIMEOUT_MS, signal }),
        onFound,
        onProgress,
      }),
    candidates: settings.pageOrigin ? [settings.pageOrigin] : [],
    check: (url) => checkIdentity(url, { transport: fetchTransport, timeoutMs: 5_000 }),
  });
}

/** Home servers on this network, listed as they answer; Scan again; Enter an address. */
export function FindServersScreen({ screen }: { screen: Screen }) {
  const discovery = useScreenStore(screen, 'discovery', createStoreForScreen);
  const phase = useStore(discovery, (state) => state.phase);
  const found = useStore(discovery, (state) => state.found);

  useEffect(() => {
    discovery.getState().start();
    return () => discovery.getState().stop();
  }, [discovery]);

  // The first server found takes focus from Scan again, unless the viewer has moved since.
  const focusedFirst = useRef(found.length > 0);
  useEffect(() => {
    if (focusedFirst.current || found.length === 0) return;
    focusedFirst.current = true;
    const current = focus.getCurrentFocusKey();
    if (!current || current === SCAN_AGAIN_KEY || !focus.doesFocusableExist(current)) {
      void focus.setFocus(serverFocusKey(found[0].machineIdentifier));
    }
  }, [found]);

  return (
    <FocusScreen
      focusKey="find-servers"
      initialFocusKey={SCAN_AGAIN_KEY}
      testId="find-servers"
      className="first-run"
    >
      <div className="brand">Marquee</div>
      <h1 className="first-run__title">Use a Marquee home server</h1>
      <p
        className="first-run__status muted"
        data-testid="find-status"
        data-phase={phase.kind}
        data-peak-in-flight={phase.kind === 'finished' ? phase.peakInFlight : undefined}
        aria-live="polite"
      >
        {discoveryStatusText(phase, found.length)}
      </p>
      <div className="found-list">
        {found.map((server) => (
          <FocusableRow
            key={server.machineIdentifier}
            focusKey={serverFocusKey(server.machineIdentifier)}
            testId="server-found"
            data={{ address: server.url }}
            onPress={() => chooseServer({ kind: 'home', url: server.url, name: serverLabel(server) })}
          >
            <span className="list-row__title">{serverLabel(server)}</span>
            <span className="list-row__detail">{displayAddress(server.url)}</span>
          </FocusableRow>
        ))}
      </div>
      <div className="button-row first-run__actions">
        <FocusableButton
          focusKey={SCAN_AGAIN_KEY}
          label="Scan again"
          testId="find-scan-again"
          onPress={() => discovery.getState().scanAgain()}
        />
        <FocusableButton
          focusKey={ENTER_ADDRESS_KEY}
          label="Enter an address"
          testId="find-enter-address"
          onPress={() => navigation.getState().push({ name: 'server-address' })}
        />
      </div>
    </FocusScreen>
  );
}

function serverFocusKey(machineIdentifier: string): string {
  return `found:${machineIdentifier}`;
}
