import { readFile } from 'node:fs/promises';

/** The fields read from a Kodi-style .nfo (`<title>`, `<year>`, `<plot>`); absent ones are undefined. */
export interface NfoInfo {
  title?: string;
  year?: number;
  summary?: string;
}

const MAX_NFO_BYTES = 256 * 1024;

/** Reads an .nfo; null when it is missing, too big or unreadable. */
export async function readNfo(file: string): Promise<NfoInfo | null> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_NFO_BYTES) return null;
    return parseNfo(text);
  } catch {
    return null;
  }
}

export function parseNfo(xml: string): NfoInfo {
  const info: NfoInfo = {};
  const title = element(xml, 'title');
  if (title) info.title = title;
  const year = element(xml, 'year');
  if (year && /^\d{4}$/.test(year)) info.year = Number(year);
  const plot = element(xml, 'plot') ?? element(xml, 'outline');
  if (plot) info.summary = plot;
  return info;
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(xml);
  if (!match) return undefined;
  const text = decodeXml(match[1].replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')).trim();
  return text || undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
