import { init, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import QRCode from 'qrcode';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { create } from 'zustand';

// The floor for the first screen (test/bench/first-screen.bench.ts): the least a TV app on Marquee's stack
// needs to show a code and its QR — React, zustand, the navigation library and qrcode, one pin request to
// the account service named by ?server= (POST /api/v2/pins with the X-Plex identity as query parameters,
// as src/plex/account-client.ts sends it). Nothing else: no router, no platform layer, no polling.

interface PinState {
  code: string;
  link: string;
  problem: string;
}

const usePin = create<PinState>(() => ({ code: '', link: '', problem: '' }));

function requestPin(server: string): void {
  const identity = [
    ['X-Plex-Client-Identifier', `minimal-stack-${Math.random().toString(16).slice(2)}`],
    ['X-Plex-Product', 'Minimal stack'],
    ['X-Plex-Version', '1.0.0'],
    ['X-Plex-Platform', 'Chrome'],
    ['X-Plex-Device', 'Bench'],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  fetch(`${server}/api/v2/pins?${identity}`, { method: 'POST', headers: { Accept: 'application/json' } })
    .then((response) => response.json() as Promise<{ code: string }>)
    .then((pin) => usePin.setState({ code: pin.code, link: `${server}/link?code=${pin.code}` }))
    .catch((error: unknown) => usePin.setState({ problem: String(error) }));
}

function Qr({ text }: { text: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) QRCode.toCanvas(canvas.current, text, { errorCorrectionLevel: 'M', width: 320 });
  }, [text]);
  return <canvas ref={canvas} data-testid="activation-qr" />;
}

function CodeScreen() {
  const { code, link, problem } = usePin();
  const { ref, focusSelf } = useFocusable({ focusKey: 'retry' });
  useEffect(() => focusSelf(), [focusSelf]);
  return (
    <div>
      <p data-testid="activation-code">{code}</p>
      {link ? <Qr text={link} /> : null}
      {problem ? <p>{problem}</p> : null}
      <button type="button" ref={ref}>
        Get a new code
      </button>
    </div>
  );
}

init();
requestPin(new URLSearchParams(window.location.search).get('server') ?? '');
createRoot(document.getElementById('root') as HTMLElement).render(<CodeScreen />);
