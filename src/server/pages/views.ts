import { formatCode } from '../../protocol/activation-code';
import type { Device } from '../db/device-store';
import type { Pin } from '../db/pin-store';
import { html, type SafeHtml } from './html';

// The forms and fragments of the /link pages. Field names are a contract (docs/architecture.md#contracts).

export const CODE_WARNING = 'Only continue if this code is on a screen in front of you.';

/** Where to go after signing in: back to a code, or to the devices page. */
export interface ReturnTo {
  code: string;
  next: 'link' | 'devices';
}

export function errorBox(message: string | null): SafeHtml | '' {
  return message ? html`<p class="error" role="alert">${message}</p>` : '';
}

export function signInView(
  csrf: string,
  returnTo: ReturnTo,
  error: string | null = null,
  username = '',
): SafeHtml {
  return html`<h1>Sign in</h1>
${errorBox(error)}
<p>Sign in to link a TV to your account.</p>
<form method="post" action="/link/signin">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="code" value="${returnTo.code}">
<input type="hidden" name="next" value="${returnTo.next}">
<label for="username">Username</label>
<input id="username" name="username" value="${username}" autocomplete="username" autocapitalize="none" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p>No account yet? <a href="${signUpHref(returnTo)}">Create one</a>.</p>`;
}

export function signUpView(
  csrf: string,
  returnTo: ReturnTo,
  username = '',
  error: string | null = null,
): SafeHtml {
  return html`<h1>Create an account</h1>
${errorBox(error)}
<form method="post" action="/link/signup">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="code" value="${returnTo.code}">
<input type="hidden" name="next" value="${returnTo.next}">
<label for="username">Username (3–32 letters, digits, dots, dashes, underscores)</label>
<input id="username" name="username" value="${username}" autocomplete="username" autocapitalize="none" required>
<label for="password">Password (at least 8 characters)</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
<label for="confirm">Password again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="/link/signin">Sign in</a>.</p>`;
}

export function codeView(csrf: string, code: string, error: string | null = null): SafeHtml {
  return html`<h1>Link a TV</h1>
${errorBox(error)}
<form method="post" action="/link">
<input type="hidden" name="csrf" value="${csrf}">
<label for="code">Enter the code shown on your TV</label>
<input id="code" name="code" value="${code}" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
<p class="warning">${CODE_WARNING}</p>
<button type="submit">Continue</button>
</form>`;
}

export function confirmView(csrf: string, pin: Pin, now: number): SafeHtml {
  const { device } = pin;
  const platform = [device.platform, device.platformVersion].filter(Boolean).join(' ');
  return html`<h1>Link this device?</h1>
<p class="warning">${CODE_WARNING}</p>
<dl>
<dt>Device</dt><dd><strong>${device.name}</strong></dd>
<dt>App</dt><dd>${[device.product, device.version].filter(Boolean).join(' ')}</dd>
${platform ? html`<dt>Platform</dt><dd>${platform}</dd>` : ''}
${device.model || device.device ? html`<dt>Model</dt><dd>${[device.device, device.model].filter(Boolean).join(' · ')}</dd>` : ''}
<dt>Code made</dt><dd>${localTime(pin.createdAt)} (${timeAgo(pin.createdAt, now)})</dd>
<dt>From IP address</dt><dd>${pin.requesterIp}</dd>
<dt>Code</dt><dd class="code">${formatCode(pin.code)}</dd>
</dl>
<form method="post" action="/link/confirm">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="code" value="${pin.code}">
<div class="choices">
<button type="submit" name="action" value="link">Link</button>
<button type="submit" name="action" value="deny">Deny</button>
</div>
</form>`;
}

export function devicesView(csrf: string, devices: Device[]): SafeHtml {
  if (devices.length === 0) return html`<h1>Devices</h1><p>No device is linked to this account.</p>`;
  const items = devices.map(
    (device) => html`<li>
<strong>${device.name}</strong><br>
${[device.product, [device.platform, device.platformVersion].filter(Boolean).join(' ')].filter(Boolean).join(' · ')}<br>
Linked ${localTime(device.createdAt)} · last seen ${localTime(device.lastSeenAt)}${device.lastSeenIp ? html` from ${device.lastSeenIp}` : ''}
<form method="post" action="/link/devices/${device.id}/revoke">
<input type="hidden" name="csrf" value="${csrf}">
<button class="secondary" type="submit">Revoke</button>
</form></li>`,
  );
  return html`<h1>Devices</h1>
<p>These devices can use your account. Revoke any you don't recognise; it is signed out at once.</p>
<ul class="devices">${items}</ul>`;
}

export function localTime(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeAgo(ms: number, now: number): string {
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  return `${Math.floor(minutes / 60)} hours ago`;
}

function signUpHref(returnTo: ReturnTo): string {
  const query = new URLSearchParams();
  if (returnTo.code) query.set('code', returnTo.code);
  if (returnTo.next !== 'link') query.set('next', returnTo.next);
  const text = query.toString();
  return text ? `/link/signup?${text}` : '/link/signup';
}
