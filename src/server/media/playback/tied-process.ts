import { type ChildProcess, spawn } from 'node:child_process';

// A child process that ends within moments of this one, however this one ends: SIGKILL and crashes included,
// where no handler of ours runs. Without it, an ffmpeg converting a film ran on for minutes under PID 1 after
// the server was killed.
//
// How: the program is started through /bin/sh, which forks a watcher holding the read end of a pipe from this
// process (the child's stdin), then execs the program. The program keeps the shell's pid, so its pid, exit
// code, signals and stderr are exactly those of a program spawned directly. When this process dies, the
// kernel closes the pipe, the watcher reads end-of-file and SIGKILLs the program. (ffmpeg cannot notice by
// itself: it ignores SIGPIPE, and with `-progress pipe:1` the npm build kept running after its reader was
// killed. `setpriv --pdeathsig` would do on Linux only.)
//
// Pid reuse: the child is started detached, so its pid is also its process group's id, and the watcher stays
// in that group. A pid is not given to a new process while a group of that id exists, so the watcher's kill
// can only reach the program. When the program ends normally, Node closes the pipe too; the watcher's kill
// then finds no process and the watcher exits.

const WATCHER = [
  'exec 3<&0 </dev/null', // the pipe moves to fd 3; the program gets no stdin
  '(while read -r _ <&3; do :; done; kill -s KILL $$) >/dev/null 2>&1 &',
  'exec 3<&-',
  'exec "$@"',
].join('\n');

/** Like spawn(command, args) with stdin unused: the child is SIGKILLed when this process dies. */
export function spawnTiedToThisProcess(
  command: string,
  args: string[],
  stdout: 'ignore' | 'pipe',
  stderr: 'ignore' | 'pipe',
): ChildProcess {
  // No /bin/sh on Windows: spawned plainly there (not tied).
  if (process.platform === 'win32') return spawn(command, args, { stdio: ['ignore', stdout, stderr] });
  const child = spawn('/bin/sh', ['-c', WATCHER, 'marquee-tied-process', command, ...args], {
    stdio: ['pipe', stdout, stderr],
    detached: true,
  });
  // Nothing is ever written to the pipe; only its closing matters.
  child.stdin?.on('error', () => {});
  return child;
}
