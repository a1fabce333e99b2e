// `npm run backup [file]`: SQLite's online backup of DATA_DIR/marquee.db into one file, safe while the server
// runs. Default file: DATA_DIR/backups/marquee-<UTC time>.db. README.md "Backups" says how to restore it.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { dataDirFromEnv } from './config';
import { DATABASE_FILE, DataDirError } from './db/data-dir';

const BACKUPS_DIR = 'backups';

/** Copies the database into `target` (or a new file under DATA_DIR/backups); returns the file written. */
async function backupDatabase(dataDir: string, target?: string): Promise<string> {
  const dir = resolve(dataDir);
  const source = join(dir, DATABASE_FILE);
  if (!existsSync(source) || statSync(source).size === 0) {
    throw new DataDirError(`no database at ${source}; set DATA_DIR to the home server's data folder.`);
  }
  const file = target ? resolve(target) : join(dir, BACKUPS_DIR, `marquee-${utcStamp(new Date())}.db`);
  if (!target && !existsSync(dirname(file))) {
    mkdirSync(dirname(file), { mode: 0o700 });
    chmodSync(dirname(file), 0o700); // mkdir's mode is reduced by the umask
  }
  if (!existsSync(dirname(file))) throw new DataDirError(`folder ${dirname(file)} does not exist.`);
  // Never overwrite: the file there may be the only good copy.
  if (existsSync(file)) throw new DataDirError(`${file} already exists; name a new file.`);
  // Created 0600 first: the backup holds everything marquee.db holds.
  closeSync(openSync(file, 'wx', 0o600));

  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(file);
  } catch (error) {
    unlinkSync(file);
    throw new DataDirError(`backing up ${source} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  chmodSync(file, 0o600);
  return file;
}

/** 2024-05-01T120000.123Z: sortable, no ':' (not allowed in Windows file names). */
function utcStamp(date: Date): string {
  return date.toISOString().replace(/:/g, '');
}

async function main(): Promise<void> {
  const file = await backupDatabase(dataDirFromEnv(process.env), process.argv[2]);
  console.log(`marquee: backed up the database to ${file} (${statSync(file).size} bytes).`);
  console.log('To restore it, follow README.md "Backups".');
}

main().catch((error: unknown) => {
  if (error instanceof DataDirError) console.error(`marquee: ${error.message}`);
  else console.error('marquee: the backup failed:', error);
  process.exit(1);
});
