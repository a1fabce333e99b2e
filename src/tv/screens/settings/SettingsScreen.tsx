import { useStore } from 'zustand';
import { displayAddress } from '../../../plex/server-address';
import { appServices } from '../../app-services';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { navigation } from '../../navigation/app-navigation';
import { readServerChoice } from '../../stores/server-choice';
import { describeServerSetting } from './settings-text';
import './settings.css';

const CHANGE_KEY = 'settings-change-server';
const BACK_KEY = 'settings-back';

/** Which server this TV uses and where that came from; Change server goes back to the welcome choices. */
export function SettingsScreen() {
  const { session, platform, settings } = appServices();
  const accountServiceUrl = useStore(session, (state) => state.accountServiceUrl);
  const linked = useStore(session, (state) => state.session);
  const server = describeServerSetting({
    accountServiceUrl,
    choice: readServerChoice(platform.storage),
    source: settings.serviceSource,
    plexTvUrl: settings.plexTvUrl,
  });

  return (
    <FocusScreen focusKey="settings" initialFocusKey={CHANGE_KEY} testId="settings" className="settings">
      <h1 className="screen-title">Settings</h1>
      <dl className="settings__list">
        <dt>Server</dt>
        <dd data-testid="settings-server">{server.title}</dd>
        {server.detail ? <dd className="muted">{server.detail}</dd> : null}
        <dt>Account</dt>
        <dd data-testid="settings-account">
          {linked ? `Linked to ${linked.accountName || 'this account'}` : 'Not linked'}
        </dd>
        <dt>Sign in with Plex goes to</dt>
        <dd>{displayAddress(settings.plexTvUrl)}</dd>
        <dt>This TV</dt>
        <dd>{platform.deviceInfo().deviceName}</dd>
      </dl>
      <p className="settings__note muted">
        {linked
          ? 'Changing the server signs this TV out; you then link it again on the new one.'
          : 'Choose Sign in with Plex or a Marquee home server.'}
      </p>
      <div className="button-row">
        <FocusableButton
          focusKey={CHANGE_KEY}
          label="Change server"
          testId="settings-change-server"
          onPress={() => navigation.getState().push({ name: 'welcome' })}
        />
        <FocusableButton focusKey={BACK_KEY} label="Back" onPress={() => navigation.getState().back()} />
      </div>
      {accountServiceUrl ? null : <p className="muted">No server is chosen yet.</p>}
    </FocusScreen>
  );
}
