import { appServices } from '../app-services';
import { navigation } from '../navigation/app-navigation';
import { initialScreen } from '../navigation/session-routing';
import { rememberServerChoice, type ServerChoice } from '../stores/server-choice';

/**
 * The viewer picked a server (welcome, or Settings → Change): remember it, talk to its account service from
 * now on (signing out of the old one, which the code screen then says), and show the code for it.
 */
export function chooseServer(choice: ServerChoice): void {
  const { platform, session } = appServices();
  rememberServerChoice(platform.storage, choice);
  session.getState().useAccountService(choice.url);
  // Choosing the server already in use keeps a linked TV linked.
  navigation.getState().reset(initialScreen(!!session.getState().session));
}

/** Sign in with Plex: plex.tv (or the ?plextv= service) as the account service. */
export function chooseSignInWithPlex(): void {
  chooseServer({ kind: 'plex', url: appServices().settings.plexTvUrl });
}
