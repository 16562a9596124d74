import type { LanguageClient } from 'vscode-languageclient/node';
import { IMAGES_CAPABILITY, IMAGES_REQUEST, type ImagesParams, type ImagesResult } from '../../server/src/service/protocol';
import type { EngineHolder } from './engineHolder';
import { localImages } from './engine';

/**
 * Answers the language server's image-name request from the workspace's engine connection (the server never
 * touches an engine). No engine, an untrusted workspace or a failing engine all answer with no images: completion
 * then simply has nothing to offer, and nothing is shown to the user. Call before the client starts.
 */
export function registerImagesRequest(client: LanguageClient, engines: EngineHolder): void {
  client.registerFeature({
    fillClientCapabilities(capabilities) {
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), [IMAGES_CAPABILITY]: true };
    },
    initialize() {},
    getState: () => ({ kind: 'static' }),
    clear() {},
  });
  client.onRequest(IMAGES_REQUEST, async (_params: ImagesParams): Promise<ImagesResult> => {
    try {
      return { images: await localImages(await engines.get()) };
    } catch {
      return { images: [] };
    }
  });
}
