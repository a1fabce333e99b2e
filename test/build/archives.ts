import { gunzipSync } from 'node:zlib';

// Just enough of `ar` and `tar` to read a webOS .ipk in a test (no archive library: the format is small).

/** Members of a Unix `ar` archive ("!<arch>\n", 60-byte headers, data padded to an even length). */
export function readAr(archive: Buffer): Map<string, Buffer> {
  if (archive.subarray(0, 8).toString('latin1') !== '!<arch>\n') throw new Error('not an ar archive');
  const members = new Map<string, Buffer>();
  let offset = 8;
  while (offset + 60 <= archive.length) {
    const header = archive.subarray(offset, offset + 60).toString('latin1');
    const name = header.slice(0, 16).trim().replace(/\/$/, '');
    const size = Number.parseInt(header.slice(48, 58).trim(), 10);
    if (header.slice(58, 60) !== '`\n' || Number.isNaN(size)) throw new Error(`bad ar header at ${offset}`);
    offset += 60;
    members.set(name, archive.subarray(offset, offset + size));
    offset += size + (size % 2);
  }
  return members;
}

/** Regular files of a gzipped ustar/pax/GNU tar, by path (leading "./" dropped); directories listed too. */
export function readTarGz(gzipped: Buffer): { files: Map<string, Buffer>; directories: string[] } {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Buffer>();
  const directories: string[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? null;
      continue;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const name = (longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))).replace(/^\.\//, '');
    longName = null;
    if (type === '5') directories.push(name.replace(/\/$/, ''));
    else if (type === '0') files.set(name, Buffer.from(data));
  }
  return { files, directories };
}
