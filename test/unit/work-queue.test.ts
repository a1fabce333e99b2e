import { describe, expect, it } from 'vitest';
import { ServerBusyError, WorkQueue } from '../../src/server/work-queue';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` tasks at once, in order, and refuses past the queue', async () => {
    const queue = new WorkQueue('tests', 2, 1);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      queue.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.load).toEqual({ running: 2, queued: 1 });

    await expect(queue.run(async () => 99)).rejects.toBeInstanceOf(ServerBusyError);

    gates[0].resolve();
    expect(await runs[0]).toBe(0);
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[1].resolve();
    gates[2].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(queue.load).toEqual({ running: 0, queued: 0 });
  });

  it('frees the slot when a task throws', async () => {
    const queue = new WorkQueue('tests', 1, 0);
    await expect(
      queue.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
