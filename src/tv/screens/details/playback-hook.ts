import type { MediaItem } from '../../../plex/library-model';
import { navigation } from '../../navigation/app-navigation';

/** Play (offsetMs 0) or Resume (the item's viewOffset): opens the player over details; Back returns here. */
export function playItem(item: MediaItem, offsetMs: number): void {
  navigation.getState().push({ name: 'player', ratingKey: item.id, offsetMs });
}
