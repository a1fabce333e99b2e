import type { FastifyInstance } from 'fastify';
import type { Device } from '../db/device-store';
import { PlexError, sendPlexError } from '../plex-request';
import { ID_PARAMS, type IdParams } from '../request-schemas';
import { callerOf } from '../token-scope';
import { type LinkService, plexTime } from './link-service';

/** Marquee's own JSON for the account's linked devices (plex.tv's equivalent is XML and undocumented). */
export type DeviceJson = Pick<
  Device,
  'id' | 'name' | 'product' | 'platform' | 'platformVersion' | 'device' | 'model' | 'clientIdentifier'
> & {
  createdAt: string;
  lastSeenAt: string;
  /** True for the device whose token made this request. */
  current: boolean;
};

export function registerDeviceRoutes(app: FastifyInstance, service: LinkService): void {
  app.get('/api/v2/devices', async (request, reply) => {
    const caller = callerOf(request);
    const devices: DeviceJson[] = service.devices.listLive(caller.accountId).map((device) => ({
      id: device.id,
      name: device.name,
      product: device.product,
      platform: device.platform,
      platformVersion: device.platformVersion,
      device: device.device,
      model: device.model,
      clientIdentifier: device.clientIdentifier,
      createdAt: plexTime(device.createdAt),
      lastSeenAt: plexTime(device.lastSeenAt),
      current: device.id === caller.deviceId,
    }));
    return reply.send(devices);
  });

  app.delete<{ Params: IdParams }>(
    '/api/v2/devices/:id',
    { schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!service.devices.revoke(caller.accountId, Number(request.params.id), Date.now()))
        return sendPlexError(reply, PlexError.notFound);
      return reply.code(204).send();
    },
  );
}
