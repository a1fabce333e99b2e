import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

// Byte ranges for direct play (RFC 9110 §14). Players ask for `bytes=0-` first, then seek with `bytes=a-` or
// read the moov atom at the end with a suffix range; one range per request is all they use.
//
// Choices:
// - A malformed Range header, a unit other than bytes, or several ranges (`bytes=0-1,5-6`) are ignored and the
//   whole file is sent with 200: RFC 9110 §14.2 lets a server ignore Range, and no player we serve asks for
//   multipart/byteranges, so answering those is not worth the code.
// - A range whose start is at or past the end of the file is unsatisfiable: 416 with `Content-Range: bytes */size`.
//   An end past the file is cut to the last byte (§14.1.2). A suffix longer than the file means the whole file.
// - If-Range is not honoured (the part URL carries a changestamp, so a changed file has a new URL).

export type RangeAnswer =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const RANGE = /^bytes=(\d*)-(\d*)$/;

/** What to send for a Range header value against a file of `size` bytes. Pure. */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const match = RANGE.exec(header.trim());
  if (!match) return { kind: 'full' }; // malformed, other unit or multi-range: ignored (see above)
  const [, first, last] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix: the last n bytes.
    const length = Number(last);
    if (!Number.isSafeInteger(length)) return { kind: 'full' };
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start)) return { kind: 'full' };
  const lastByte = last === '' ? Number.POSITIVE_INFINITY : Number(last);
  if (lastByte < start) return { kind: 'full' }; // "bytes=5-3" is invalid per §14.1.1: ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = Number.isSafeInteger(lastByte) ? lastByte : size - 1;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  mts: 'video/mp2t',
  avi: 'video/x-msvideo',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  wmv: 'video/x-ms-wmv',
  flv: 'video/x-flv',
  ogv: 'video/ogg',
  '3gp': 'video/3gpp',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
};

/**
 * The Content-Type for a container name (ffprobe's or the library's: `mp4`, `mkv`, `mov,mp4,m4a,…`,
 * `matroska,webm`, `mpegts`) or a file name's extension. application/octet-stream when unknown.
 */
export function contentTypeFor(containerOrFile: string): string {
  const value = containerOrFile.toLowerCase();
  const ext = value.includes('.') && !value.includes(',') ? extname(value).slice(1) : value;
  if (CONTENT_TYPES[ext]) return CONTENT_TYPES[ext];
  const first = ext.split(',')[0];
  if (first === 'matroska') return 'video/x-matroska';
  if (first === 'mpegts') return 'video/mp2t';
  return CONTENT_TYPES[first] ?? 'application/octet-stream';
}

/**
 * Sends a file with Range support (GET and HEAD), streamed with `createReadStream({ start, end })`: the file is
 * never read whole into memory. `absolutePath` must already be checked (see safe-media-path.ts).
 */
export async function sendFileWithRanges(
  request: FastifyRequest,
  reply: FastifyReply,
  absolutePath: string,
  contentType: string,
): Promise<FastifyReply> {
  const info = await stat(absolutePath);
  const size = info.size;
  const header = request.headers.range;
  const answer = parseRange(Array.isArray(header) ? undefined : header, size);
  reply.header('Accept-Ranges', 'bytes');
  reply.header('Last-Modified', info.mtime.toUTCString());
  if (answer.kind === 'unsatisfiable') {
    reply.header('Content-Range', `bytes */${size}`);
    return reply.code(416).type('text/plain; charset=utf-8').send('Range not satisfiable');
  }
  const start = answer.kind === 'partial' ? answer.start : 0;
  const end = answer.kind === 'partial' ? answer.end : size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  reply.type(contentType);
  reply.header('Content-Length', String(length));
  if (answer.kind === 'partial') {
    reply.code(206);
    reply.header('Content-Range', `bytes ${start}-${end}/${size}`);
  } else {
    reply.code(200);
  }
  if (request.method === 'HEAD' || length === 0) return reply.send();
  return reply.send(createReadStream(absolutePath, { start, end }));
}
