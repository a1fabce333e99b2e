// A tiny browser for the /link pages over real HTTP: a cookie jar, form posts, no automatic redirects,
// and the CSRF hidden field read from the last page it saw.

export interface PageResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The Location header of a redirect, else null. */
  location: string | null;
}

export type ConfirmAction = 'link' | 'deny';

export class LinkBrowser {
  readonly baseUrl: string;
  /** Cookie name → value, as the server set them. */
  readonly cookies = new Map<string, string>();
  /** The most recent page received. */
  lastPage: PageResponse | null = null;
  /** The normalised code carried by the last confirm page, used by confirm(). */
  lastConfirmCode: string | null = null;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async get(path: string): Promise<PageResponse> {
    return this.request('GET', path);
  }

  /** Posts exactly these fields as a form (add `csrf` yourself, or use the helpers below). */
  async postForm(path: string, fields: Record<string, string>): Promise<PageResponse> {
    return this.request('POST', path, new URLSearchParams(fields).toString());
  }

  /** GET /link/signin, then posts the credentials with its CSRF value. A success is a 303. */
  async signIn(username: string, password: string, code = ''): Promise<PageResponse> {
    const form = await this.get('/link/signin');
    return this.postForm('/link/signin', { csrf: csrfOf(form.body), username, password, code });
  }

  /** GET /link/signup, then posts a new account. A success is a 303, signed in. */
  async signUp(username: string, password: string, confirm = password): Promise<PageResponse> {
    const form = await this.get('/link/signup');
    return this.postForm('/link/signup', { csrf: csrfOf(form.body), username, password, confirm });
  }

  /** GET /link, then posts the code; answers the confirm page (or the error page). */
  async enterCode(code: string): Promise<PageResponse> {
    const form = await this.get('/link');
    const page = await this.postForm('/link', { csrf: csrfOf(form.body), code });
    this.lastConfirmCode = page.status === 200 ? hiddenField(page.body, 'code') : null;
    return page;
  }

  /** Presses Link or Deny on the last confirm page (or on `code` with a fresh CSRF value). */
  async confirm(action: ConfirmAction, code?: string): Promise<PageResponse> {
    const confirmCode = code ?? this.lastConfirmCode;
    if (!confirmCode) throw new Error('confirm(): no confirm page seen yet and no code given');
    return this.postForm('/link/confirm', { csrf: await this.csrf(), code: confirmCode, action });
  }

  /** The CSRF value of the last page when it has one, else of a fresh GET /link. */
  async csrf(): Promise<string> {
    const fromLast = this.lastPage ? hiddenField(this.lastPage.body, 'csrf') : null;
    if (fromLast) return fromLast;
    return csrfOf((await this.get('/link')).body);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<PageResponse> {
    const headers: Record<string, string> = { Accept: 'text/html' };
    if (this.cookies.size > 0) {
      headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.storeCookie(line);
    const page: PageResponse = {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      location: response.headers.get('location'),
    };
    this.lastPage = page;
    return page;
  }

  private storeCookie(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The value of a hidden input, by regex (the pages are ours and simple). */
export function hiddenField(html: string, name: string): string | null {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  return match ? match[1] : null;
}

/** The page's CSRF value; throws when the page has no form. */
export function csrfOf(html: string): string {
  const csrf = hiddenField(html, 'csrf');
  if (!csrf) throw new Error('No csrf field on the page');
  return csrf;
}
