import type { Clock } from './clock';

/** Timers by name on an injected clock: setting a name again replaces its timer. Used by the state machines' controllers. */
export class NamedTimers<Name extends string> {
  private readonly handles = new Map<Name, unknown>();

  constructor(private readonly clock: Clock) {}

  set(name: Name, delayMs: number, fire: (name: Name) => void): void {
    this.clear(name);
    this.handles.set(
      name,
      this.clock.setTimeout(() => {
        this.handles.delete(name);
        fire(name);
      }, delayMs),
    );
  }

  clear(name: Name): void {
    const handle = this.handles.get(name);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const name of Array.from(this.handles.keys())) this.clear(name);
  }
}
