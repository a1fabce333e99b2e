import { createStore } from 'zustand/vanilla';
import { type FoundServer, type IdentityCheck, identityProblemText } from '../../plex/identity-check';
import { serverUrlFromTyped } from '../../plex/server-address';

// Typing a server's address with the remote: digits, dots and a colon; OK on "Connect" checks it with
// GET /identity before it is kept, and a failure says which of the three it was.

export type AddressPhase =
  /** Typing; `message` says why the last address was not kept. */
  | { kind: 'editing'; message: string | null }
  | { kind: 'checking'; url: string }
  /** It answered as a Plex-compatible server: the screen keeps it. */
  | { kind: 'accepted'; server: FoundServer };

export interface AddressEntryState {
  text: string;
  phase: AddressPhase;
  type(char: string): void;
  backspace(): void;
  clear(): void;
  /** Checks the typed address; the answer moves the phase to accepted, or back to editing with a message. */
  submit(): void;
  /** Screen left: a check in flight is forgotten. */
  stop(): void;
}

export interface AddressEntryDeps {
  check(url: string): Promise<IdentityCheck>;
}

/** What the keyboard offers; anything else is ignored. */
export const ADDRESS_CHARACTERS = '0123456789.:';
/** `255.255.255.255:65535` is 21 characters; a little room for typos. */
const MAX_LENGTH = 24;

export type AddressEntryStore = ReturnType<typeof createAddressEntryStore>;

export function createAddressEntryStore(deps: AddressEntryDeps) {
  let generation = 0;

  return createStore<AddressEntryState>((set, get) => {
    function edit(text: string) {
      // Typing after a failed check keeps the message until the next check; a check in flight is dropped.
      if (get().phase.kind === 'checking') generation++;
      const phase = get().phase;
      set({ text, phase: { kind: 'editing', message: phase.kind === 'editing' ? phase.message : null } });
    }

    return {
      text: '',
      phase: { kind: 'editing', message: null },
      type(char) {
        const text = get().text;
        if (ADDRESS_CHARACTERS.indexOf(char) < 0 || char.length !== 1 || text.length >= MAX_LENGTH) return;
        edit(text + char);
      },
      backspace() {
        edit(get().text.slice(0, -1));
      },
      clear() {
        edit('');
      },
      submit() {
        if (get().phase.kind === 'checking') return;
        const typed = serverUrlFromTyped(get().text);
        if (!typed.ok) return set({ phase: { kind: 'editing', message: typed.message } });
        const mine = ++generation;
        set({ phase: { kind: 'checking', url: typed.url } });
        deps.check(typed.url).then(
          (answer) => {
            if (mine !== generation) return;
            if (answer.ok) set({ phase: { kind: 'accepted', server: answer.server } });
            else set({ phase: { kind: 'editing', message: identityProblemText(answer.problem, typed.url) } });
          },
          () => {
            if (mine === generation)
              set({ phase: { kind: 'editing', message: identityProblemText('nothing-answers', typed.url) } });
          },
        );
      },
      stop() {
        generation++;
      },
    };
  });
}
