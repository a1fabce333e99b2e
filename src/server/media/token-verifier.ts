/**
 * The one thing the media server asks of the account side: whose token is this? Kept this narrow so the
 * media server can later run apart from the link service (plex.tv and PMS are separate services too).
 */
export interface TokenVerifier {
  /** The owner of a live token, or null when it is unknown or revoked. */
  verify(token: string, seenFromIp?: string): { accountId: number; deviceId: number } | null;
}
