import type { PlexFailure } from '../../../plex/errors';
import type { ActivationPhase, Problem } from '../../activation/activation-machine';

// What the activation screen says, in words, for each phase. Pure, so it is tested without a screen.

/** "14:32": minutes and seconds left, never negative. */
export function countdownText(expiresAt: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${minutes}:${rest < 10 ? '0' : ''}${rest}`;
}

export function failureText(failure: PlexFailure, server: string): string {
  switch (failure) {
    case 'unreachable':
    case 'timeout':
      return `Can't reach the server at ${server}.`;
    case 'server-error':
      return `The server at ${server} has a problem.`;
    case 'rate-limited':
      return 'The server is busy.';
    case 'bad-response':
      return `The server at ${server} answered something unexpected.`;
    case 'unauthorized':
      return 'The server refused this TV.';
    case 'rejected':
      return 'The server refused the request.';
    case 'not-found':
      return 'The code was not found.';
    case 'aborted':
      return 'Stopped.';
  }
}

function retryText(problem: Problem, now: number): string {
  const seconds = Math.max(0, Math.ceil((problem.retryAt - now) / 1000));
  return seconds > 0 ? `Trying again in ${seconds} s.` : 'Trying again…';
}

/** The status line under the code. */
export function statusText(phase: ActivationPhase, now: number, server: string): string {
  switch (phase.kind) {
    case 'requesting':
      return 'Getting a code…';
    case 'unavailable':
      return `${failureText(phase.problem.failure, server)} ${retryText(phase.problem, now)}`;
    case 'waiting':
      if (phase.problem)
        return `${failureText(phase.problem.failure, server)} ${retryText(phase.problem, now)}`;
      return 'Waiting for you to enter the code…';
    case 'confirming':
      if (phase.problem)
        return `Code accepted. ${failureText(phase.problem.failure, server)} ${retryText(phase.problem, now)}`;
      return 'Code accepted. Signing in…';
    case 'linked':
    case 'finished':
      return phase.kind === 'linked' ? `Linked to ${phase.accountName}` : 'Linked';
  }
}

/** "plex.tv" or "192.168.1.5:32400": how a server is named to a person. */
export function serverName(url: string): string {
  const match = /^[a-z]+:\/\/([^/]+)/i.exec(url);
  return match ? match[1] : url;
}
