import type { HomeServer, ServerStatus } from '../../stores/home-store';

/** The account's servers, each with how (or whether) this TV reaches it. Not focusable yet. */
export function ServerList({ servers }: { servers: HomeServer[] | null }) {
  if (servers === null) return <p className="muted">Looking for your servers…</p>;
  if (servers.length === 0) return <p className="muted">No servers on this account yet.</p>;
  return (
    <ul className="server-list">
      {servers.map((server) => (
        <li key={server.id} className="server" data-testid="server" data-status={server.status.kind}>
          <span className={`status-dot status-dot--${server.status.kind}`} />
          <span className="server__name">{server.name}</span>
          <span className="server__status">{describeStatus(server.status)}</span>
        </li>
      ))}
    </ul>
  );
}

export function describeStatus(status: ServerStatus): string {
  switch (status.kind) {
    case 'checking':
      return 'Checking…';
    case 'unreachable':
      return 'Unreachable';
    case 'online': {
      const { uri, local, relay } = status.connection;
      return `Online via ${uri} (${relay ? 'relay' : local ? 'local' : 'remote'})`;
    }
  }
}
