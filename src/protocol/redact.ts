// Hides secrets in URLs (and in text that contains URLs) before they reach a log or an error message.
// A name is judged by what it decodes to, because servers decode names before reading them: Fastify reads
// `?X%2DPlex%2DToken=…` and `?%58-Plex-Token=…` as X-Plex-Token, so those must be hidden too.

const SECRET_NAME = /token|passw|secret|csrf/i;
/** A `name=value` pair in a query string or form, wherever it stands in the text. */
const PAIR = /([?&;\s"'(]|^)([^=&?;\s"'()#]+)=([^&;\s"'()#]*)/g;
const DECODE_ROUNDS = 3;

/** True when a (possibly percent-encoded) parameter name names a secret; undecodable names count as secret. */
export function isSecretParameterName(name: string): boolean {
  let current = name.replace(/\+/g, ' ');
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    if (SECRET_NAME.test(current)) return true;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (next === current) return false;
    current = next;
  }
  return SECRET_NAME.test(current) || current.includes('%');
}

/** `text` with the value of every secret-named parameter replaced by `<redacted>`. */
export function redactSecrets(text: string): string {
  return text.replace(PAIR, (pair, before: string, name: string) =>
    isSecretParameterName(name) ? `${before}${name}=<redacted>` : pair,
  );
}
