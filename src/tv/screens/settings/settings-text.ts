import { displayAddress } from '../../../plex/server-address';
import type { AccountServiceSource } from '../../account-service';
import type { ServerChoice } from '../../stores/server-choice';

// What Settings says about the server in use. Pure, so it is tested without a screen.

export interface ServerSettingFacts {
  accountServiceUrl: string | null;
  /** The viewer's remembered choice, if any. */
  choice: ServerChoice | null;
  /** Where the service came from when the app started. */
  source: AccountServiceSource | null;
  plexTvUrl: string;
}

export function describeServerSetting(facts: ServerSettingFacts): { title: string; detail: string } {
  const url = facts.accountServiceUrl;
  if (!url) return { title: 'None chosen', detail: '' };
  const choice = facts.choice && facts.choice.url === url ? facts.choice : null;
  const title =
    url === facts.plexTvUrl || choice?.kind === 'plex'
      ? `Plex account · ${displayAddress(url)}`
      : choice?.kind === 'home' && choice.name
        ? `${choice.name} · ${displayAddress(url)}`
        : `Home server · ${displayAddress(url)}`;
  return { title, detail: sourceText(choice ? 'remembered' : facts.source) };
}

function sourceText(source: AccountServiceSource | null): string {
  switch (source) {
    case 'query':
      return 'Set by the ?server= address this app was opened with.';
    case 'remembered':
      return 'Chosen on this TV.';
    case 'origin':
      return 'The server this app was opened from.';
    case 'build':
      return 'Built into this copy of Marquee.';
    default:
      return '';
  }
}
