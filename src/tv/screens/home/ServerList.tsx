import type { HomeServer, ServerStatus } from '../../stores/home-store';

/** The account's servers on one compact line under the brand: "● Marquee Home Server · local". */
export function ServerList({ servers }: { servers: HomeServer[] | null }) {
  if (servers === null) return <p className="server-line muted">Looking for your servers…</p>;
  if (servers.length === 0) return <p className="server-line muted">No servers on this account yet.</p>;
  return (
    <ul className="server-line">
      {servers.map((server) => (
        <li
          key={server.id}
          className="server-chip"
          data-testid="server"
          data-status={server.status.kind}
          title={server.status.kind === 'online' ? server.status.connection.uri : undefined}
        >
          <span className={`status-dot status-dot--${server.status.kind}`} />
          <span className="server-chip__name">{server.name}</span>
          <span className="server-chip__status"> · {describeStatus(server.status)}</span>
        </li>
      ))}
    </ul>
  );
}

export function describeStatus(status: ServerStatus): string {
  switch (status.kind) {
    case 'checking':
      return 'checking…';
    case 'unreachable':
      return 'unreachable';
    case 'online': {
      const { local, relay } = status.connection;
      return relay ? 'relay' : local ? 'local' : 'remote';
    }
  }
}
