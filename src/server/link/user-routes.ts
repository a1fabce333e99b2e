import type { FastifyInstance } from 'fastify';
import type { PlexUser } from '../../protocol/plex-account';
import type { Account } from '../db/account-store';
import { deviceDescriptionOf, PlexError, sendPlexError, tooManyRequests } from '../plex-request';
import { callerOf } from '../token-scope';
import type { LinkService } from './link-service';

/** Sign-in, as a form or JSON: `login` and `password`. */
const SIGN_IN_BODY = {
  type: 'object',
  properties: { login: { type: 'string' }, password: { type: 'string' } },
  required: ['login', 'password'],
} as const;

export function registerUserRoutes(app: FastifyInstance, service: LinkService): void {
  // Form or JSON `login` + `password`; answers the user with a fresh token for the calling client.
  app.post<{ Body: { login: string; password: string } }>(
    '/api/v2/users/signin',
    { config: { publicRoute: true }, schema: { body: SIGN_IN_BODY } },
    async (request, reply) => {
      const device = deviceDescriptionOf(request);
      if (!device) return sendPlexError(reply, PlexError.clientIdentifierMissing);
      const { login, password } = request.body;
      const outcome = await service.signIn.signIn(login, password, request.ip);
      if (outcome.kind === 'limited') return tooManyRequests(reply, outcome.retryAfterMs);
      if (outcome.kind === 'wrong') {
        return sendPlexError(reply, PlexError.unauthenticated, 'Wrong username or password');
      }
      const { token } = service.tokens.issue(outcome.account.id, device, request.ip);
      return reply.code(201).send(toPlexUser(outcome.account, token));
    },
  );

  app.get('/api/v2/user', async (request, reply) => {
    const caller = callerOf(request);
    const account = service.accounts.findById(caller.accountId);
    if (!account) return sendPlexError(reply, PlexError.unauthenticated);
    const user = toPlexUser(account, caller.token);
    const preference = service.trackPreferences.get(account.id);
    user.profile = {
      autoSelectAudio: preference.autoSelectAudio,
      defaultAudioLanguage: preference.audioLanguage,
      defaultSubtitleLanguage: preference.subtitleLanguage,
      autoSelectSubtitle: preference.subtitleMode,
    };
    return reply.send(user);
  });

  app.delete('/api/v2/users/signout', async (request, reply) => {
    const caller = callerOf(request);
    service.devices.revoke(caller.accountId, caller.deviceId, Date.now());
    return reply.code(204).send();
  });
}

function toPlexUser(account: Account, token: string): PlexUser {
  return {
    id: account.id,
    uuid: account.uuid,
    username: account.username,
    title: account.username,
    email: '',
    friendlyName: account.username,
    thumb: '',
    authToken: token,
  };
}
