import { useEffect } from 'react';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { chooseSignInWithPlex } from '../../first-run/choose-server';
import { navigation } from '../../navigation/app-navigation';
import { prefetchFirstRunScreens } from '../first-run-screens';
import './first-run.css';

const PLEX_KEY = 'welcome-plex';
const HOME_SERVER_KEY = 'welcome-home-server';

/** First run: where the movies come from. Focus starts on the first choice. */
export function WelcomeScreen() {
  useEffect(() => prefetchFirstRunScreens(), []);
  return (
    <FocusScreen focusKey="welcome" initialFocusKey={PLEX_KEY} testId="welcome" className="first-run">
      <div className="brand">Marquee</div>
      <h1 className="first-run__title">Welcome</h1>
      <p className="first-run__lead">Where do your movies and shows come from?</p>
      <div className="choice-list">
        <FocusableButton
          focusKey={PLEX_KEY}
          label="Sign in with Plex"
          testId="welcome-plex"
          className="button--choice"
          onPress={chooseSignInWithPlex}
        />
        <p className="choice-list__hint muted">Link this TV to your Plex account, then browse its servers.</p>
        <FocusableButton
          focusKey={HOME_SERVER_KEY}
          label="Use a Marquee home server"
          testId="welcome-home-server"
          className="button--choice"
          onPress={() => navigation.getState().push({ name: 'find-servers' })}
        />
        <p className="choice-list__hint muted">Find the home server on this network, or enter its address.</p>
      </div>
    </FocusScreen>
  );
}
