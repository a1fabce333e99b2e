import type { FastifyInstance, FastifyRequest } from 'fastify';

// How the media server's answers go on the wire (docs/protocol.md#answer-format): a real Plex Media Server
// answers XML unless the request asks for JSON, so every route of the media server scope does the same. Handlers
// build one object (`{ MediaContainer: {...} }`, or Plex's `{ errors: [...] }`) and send it; one preSerialization
// hook picks the format from the request's Accept header and, for XML, the serializer below writes the same
// object as PMS writes its XML.

/** PMS's JSON type, without a charset: node-plex-api only parses a body whose type is exactly this. */
export const PLEX_JSON_TYPE = 'application/json';
/** PMS's XML type. */
export const PLEX_XML_TYPE = 'text/xml;charset=utf-8';

/** JSON only when the Accept header names application/json (with a non-zero q); anything else gets XML. */
export function wantsJson(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header?.toLowerCase().includes('application/json')) return false;
  for (const range of header.split(',')) {
    const [type, ...parameters] = range.split(';');
    if (type.trim().toLowerCase() !== 'application/json') continue;
    const quality = parameters.find((parameter) => parameter.trim().toLowerCase().startsWith('q='));
    if (!quality || Number(quality.trim().slice(2)) > 0) return true;
  }
  return false;
}

/** Every object answer of `scope` is sent as JSON or XML, as the request asks (see wantsJson). */
export function negotiatePlexAnswers(scope: FastifyInstance): void {
  // Callback style: no promise per request on the hot path.
  scope.addHook('preSerialization', (request: FastifyRequest, reply, payload, done) => {
    if (wantsJson(request.headers.accept)) {
      reply.header('content-type', PLEX_JSON_TYPE);
    } else {
      reply.header('content-type', PLEX_XML_TYPE);
      reply.serializer(toPlexXml);
    }
    done(null, payload);
  });
}

/** Metadata items are elements named after their type, as PMS names them; other arrays after their key. */
const VIDEO_TYPES = new Set(['movie', 'episode', 'clip', 'trailer']);

function metadataElementName(item: Record<string, unknown>): string {
  const type = item.type;
  if (typeof type === 'string') {
    if (VIDEO_TYPES.has(type)) return 'Video';
    if (type === 'track') return 'Track';
    if (type === 'photo') return 'Photo';
    return 'Directory';
  }
  // An item without a type (a decision's) is a video when it carries media.
  return Array.isArray(item.Media) ? 'Video' : 'Directory';
}

/** Plex's error body `{ errors: [...] }` is `<errors><error .../></errors>` in XML. */
const ITEM_NAMES: Record<string, string> = { errors: 'error' };

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * The XML PMS writes for a JSON-shaped answer: the one top-level key is the root element; scalars are attributes
 * (booleans as "1"/"0", null and undefined left out), arrays of objects are child elements named after their key
 * (Metadata after each item's type), a nested object is one child element, an array of scalars is a comma list.
 * Built by string concatenation (V8 joins the pieces once): a 50,000-item answer is on the hot path.
 */
export function toPlexXml(body: unknown): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const [rootName] = Object.keys(body);
    const root = (body as Record<string, unknown>)[rootName];
    if (rootName && isXmlName(rootName)) {
      if (Array.isArray(root)) return declaration + element(rootName, { [rootName]: root });
      if (root !== null && typeof root === 'object') {
        return declaration + element(rootName, root as Record<string, unknown>);
      }
      return declaration + element(rootName, {});
    }
  }
  return declaration + element('MediaContainer', { size: 0 });
}

function element(name: string, object: Record<string, unknown>): string {
  let xml = `<${name}`;
  let children: string[] | null = null;
  for (const key in object) {
    const value = object[key];
    if (value === null || value === undefined) continue;
    switch (typeof value) {
      case 'string':
        if (isXmlName(key)) xml += ` ${key}="${escapeAttribute(value)}"`;
        break;
      case 'number':
        if (isXmlName(key) && Number.isFinite(value)) xml += ` ${key}="${value}"`;
        break;
      case 'boolean':
        if (isXmlName(key)) xml += value ? ` ${key}="1"` : ` ${key}="0"`;
        break;
      case 'object':
        if (!isXmlName(key)) break;
        if (
          Array.isArray(value) &&
          (value.length === 0 || value[0] === null || typeof value[0] !== 'object')
        ) {
          if (value.length > 0) xml += ` ${key}="${escapeAttribute(value.map(scalarText).join(','))}"`;
        } else {
          children ??= [];
          children.push(key);
        }
        break;
    }
  }
  if (children === null) return `${xml} />\n`;
  xml += '>\n';
  for (const key of children) {
    const value = object[key];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item === null || typeof item !== 'object') continue;
        const record = item as Record<string, unknown>;
        xml += element(key === 'Metadata' ? metadataElementName(record) : (ITEM_NAMES[key] ?? key), record);
      }
    } else {
      xml += element(key, value as Record<string, unknown>);
    }
  }
  return `${xml}</${name}>\n`;
}

function scalarText(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

/** Keys are a handful of names repeated on every item: each is checked once. */
const xmlNames = new Map<string, boolean>();

function isXmlName(key: string): boolean {
  let known = xmlNames.get(key);
  if (known === undefined) {
    known = XML_NAME.test(key);
    if (xmlNames.size < 10_000) xmlNames.set(key, known);
  }
  return known;
}

/**
 * Characters XML 1.0 does not allow at all, dropped: control characters other than tab, newline and return (C1
 * controls go too, as src/server/plex-request.ts drops them from X-Plex values), lone surrogates, U+FFFE/FFFF.
 */
const NOT_XML = /(?![\t\n\r])\p{Cc}|\p{Cs}|[\uFFFE\uFFFF]/gu;
const ESCAPED = /[&<>"'\t\n\r]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Written as character references, as PMS writes them, so a parser keeps them inside the attribute.
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

function escapeAttribute(text: string): string {
  // Most values (paths, ids, titles) need nothing: a plain loop finds that faster than a Unicode regex.
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (
      code < 0x20 ||
      code === 0x22 ||
      code === 0x26 ||
      code === 0x27 ||
      code === 0x3c ||
      code === 0x3e ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code >= 0xfffe
    ) {
      return text.replace(NOT_XML, '').replace(ESCAPED, (character) => ENTITIES[character]);
    }
  }
  return text;
}
