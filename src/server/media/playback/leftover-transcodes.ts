import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runProcess } from '../tools';

// What a previous run of the server left in the transcode work dir: session folders (a killed server never
// removed them; one was 161 MB) and, had its ffmpeg outlived it, that ffmpeg still writing into one. Each run
// records its ffmpeg's pid and output files in its folder; a start ends a recorded ffmpeg that still runs,
// then removes everything. A recorded pid counts only while that process's arguments name the folder's
// output files, so a pid reused by an unrelated process is never signalled.

/** In each session folder: {"pid": …, "outputs": [paths inside the folder]} of the ffmpeg writing there. */
export const RUN_RECORD = 'ffmpeg-run.json';

const GONE_WAIT_MS = 2_000;
const POLL_MS = 50;

interface RunRecord {
  pid: number;
  outputs: string[];
}

export async function recordRun(dir: string, pid: number, outputs: string[]): Promise<void> {
  const record: RunRecord = { pid, outputs };
  await writeFile(join(dir, RUN_RECORD), `${JSON.stringify(record)}\n`);
}

/** Ends recorded ffmpegs still writing into workDir's folders, then removes workDir. */
export async function removeLeftovers(workDir: string, log: (line: string) => void): Promise<void> {
  const entries = await readdir(workDir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => join(workDir, entry.name));
  if (folders.length > 0) log(`transcode: removing ${folders.length} folder(s) a previous run left`);
  for (const dir of folders) {
    const record = await readRecord(dir);
    if (!record || !isRunning(record.pid) || !(await writesInto(record))) continue;
    log(`transcode: ending ffmpeg ${record.pid}, left running by a previous run, writing into ${dir}`);
    try {
      process.kill(record.pid, 'SIGKILL');
    } catch {
      continue; // ended meanwhile
    }
    // Not our child: wait (briefly) for it to be gone before removing the files it writes.
    const deadline = Date.now() + GONE_WAIT_MS;
    while (isRunning(record.pid) && Date.now() < deadline) await delay(POLL_MS);
  }
  await rm(workDir, { recursive: true, force: true });
}

async function readRecord(dir: string): Promise<RunRecord | null> {
  try {
    const { pid, outputs } = JSON.parse(await readFile(join(dir, RUN_RECORD), 'utf8')) as Partial<RunRecord>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1 || !Array.isArray(outputs)) return null;
    // Only files inside this very folder identify its ffmpeg.
    const inside = outputs.filter((output) => typeof output === 'string' && dirname(output) === dir);
    return inside.length > 0 && inside.length === outputs.length ? { pid, outputs: inside } : null;
  } catch {
    return null;
  }
}

/** Whether the process's arguments name every recorded output: /proc on Linux, ps elsewhere (macOS). */
async function writesInto(record: RunRecord): Promise<boolean> {
  if (process.platform === 'linux') {
    const args = (await readFile(`/proc/${record.pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    return record.outputs.every((output) => args.includes(output));
  }
  // ps prints the arguments joined by spaces.
  const result = await runProcess('ps', ['-ww', '-o', 'args=', '-p', String(record.pid)]).catch(() => null);
  const line = result?.code === 0 ? ` ${result.stdout.trim()} ` : '';
  return record.outputs.every((output) => line.includes(` ${output} `));
}

/** Exists and is not a zombie (a killed orphan stays one until PID 1 collects it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "pid (comm) state …": comm may hold spaces and parentheses, so the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
