import type { HomeServer } from '../../stores/home-store';
import type { LibraryServer } from '../../stores/library-server';
import { serverRowStatus, serverStatusText } from '../../stores/server-rows';

/**
 * One compact line under the brand: the server home browses and how it is reached ("● Den · Online ·
 * local"), and how many others the account has (the Servers screen lists them).
 */
export function ServerList({
  servers,
  browsing,
}: {
  servers: HomeServer[] | null;
  browsing: LibraryServer | null;
}) {
  if (servers === null) return <p className="server-line muted">Looking for your servers…</p>;
  if (servers.length === 0) return <p className="server-line muted">No servers on this account yet.</p>;
  const shown = (browsing && servers.find((server) => server.id === browsing.id)) || servers[0];
  const others = servers.length - 1;
  const status = serverRowStatus(shown);
  return (
    <p className="server-line" data-testid="home-browsing" data-server={shown.id}>
      <span
        className="server-chip"
        data-testid="server"
        data-status={shown.status.kind}
        title={shown.status.kind === 'online' ? shown.status.connection.uri : undefined}
      >
        <span className={`status-dot status-dot--${status}`} />
        <span className="server-chip__name">
          {browsing && browsing.id === shown.id ? `Browsing ${shown.name}` : shown.name}
        </span>
        <span className="server-chip__status"> · {serverStatusText(shown)}</span>
      </span>
      {others > 0 ? (
        <span className="server-line__others muted">
          {others === 1 ? '1 more server' : `${others} more servers`}
        </span>
      ) : null}
    </p>
  );
}
