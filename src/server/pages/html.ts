import type { FastifyReply } from 'fastify';

// Server-rendered pages: every interpolated value is escaped unless it is already SafeHtml.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested `html` results and arrays pass through. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

// Small enough to inline; readable on a phone held at arm's length.
const STYLE = `
body{font:17px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#111;color:#eee}
main{max-width:30rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
label{display:block;margin:.9rem 0 .3rem}
input{box-sizing:border-box;width:100%;font:inherit;padding:.7rem;border-radius:.4rem;border:1px solid #666;background:#222;color:#eee}
input[name=code]{font-size:1.5rem;letter-spacing:.15em;text-transform:uppercase}
button{font:inherit;font-weight:600;padding:.8rem 1.2rem;border-radius:.4rem;border:0;background:#e5a00d;color:#111;margin-top:1rem}
.choices{display:flex;flex-wrap:wrap;margin:0 -.4rem}.choices button{flex:1 1 8rem;margin:1rem .4rem 0}
.secondary{background:#444;color:#eee}
.error{background:#5a1d1d;border-left:4px solid #e55;padding:.7rem;border-radius:.3rem}
.warning{background:#4a3b12;border-left:4px solid #e5a00d;padding:.7rem;border-radius:.3rem}
.code{font-size:1.6rem;letter-spacing:.15em;font-weight:700}
dl{margin:1rem 0}dt{color:#aaa;font-size:.9rem}dd{margin:0 0 .6rem}
ul.devices{list-style:none;padding:0}ul.devices li{border-bottom:1px solid #333;padding:.8rem 0}
nav{margin-top:2rem;border-top:1px solid #333;padding-top:1rem;display:flex;flex-wrap:wrap;align-items:center}
nav a,nav form{margin-right:1rem}a{color:#e5a00d}nav button{margin:0}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** The signed-in username, for the navigation (null when signed out). */
  username?: string | null;
  /** For the sign-out button. */
  csrf?: string;
}

export function renderPage({ title, body, username, csrf }: PageOptions): string {
  const nav = username
    ? html`<nav><a href="/link">Enter a code</a><a href="/link/devices">Devices</a><a href="/link/preferences">Audio and subtitles</a>
<form method="post" action="/link/signout"><input type="hidden" name="csrf" value="${csrf ?? ''}">
<button class="secondary" type="submit">Sign out ${username}</button></form></nav>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Marquee</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>${body}${nav}</main></body></html>`.value;
}

/** The headers every page carries: no framing, no scripts, no caching, no referrer leaks. */
export function applyPageHeaders(reply: FastifyReply): void {
  reply
    .header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff');
}

export function sendPage(reply: FastifyReply, status: number, options: PageOptions): FastifyReply {
  applyPageHeaders(reply);
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(options));
}
