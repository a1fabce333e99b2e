import { navigation } from '../navigation/app-navigation';
import { parseCardFocusKey } from '../stores/library-focus';

/**
 * The card focus key Back is about to restore on the screen now mounting (navigation-store's
 * pendingFocus; screenMounted consumes it in an effect, after the first render). Lists read it while
 * rendering for the first time, so they mount, and scroll to, the remembered item before focus is set.
 */
export function rememberedCard(): { rowId: string; itemId: string } | null {
  return parseCardFocusKey(navigation.getState().pendingFocus);
}
