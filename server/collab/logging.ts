import type { Extension, connectedPayload, onDisconnectPayload } from '@hocuspocus/server';
import type { Logger } from '../log.ts';

/** Connection lifecycle in the structured log (never tokens or content). */
export function loggingExtension(logger: Logger): Extension {
  return {
    extensionName: 'logging',
    async connected({ documentName, socketId, connection }: connectedPayload) {
      logger.debug({ documentName, socketId, readOnly: connection.readOnly }, 'socket joined document');
    },
    async onDisconnect({ documentName, socketId, clientsCount }: onDisconnectPayload) {
      logger.debug({ documentName, socketId, clientsCount }, 'socket left document');
    },
  };
}
