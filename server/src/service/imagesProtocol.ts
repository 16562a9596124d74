/**
 * The request by which the language server asks the extension for the images on the local Docker engine, for
 * image-name completion. The server never talks to an engine itself; the extension answers from its own engine
 * connection. Both sides import this file. A client that can answer says so in its capabilities
 * (`experimental.stevedoreImages: true`); the server asks no other client, and waits at most IMAGES_TIMEOUT_MS.
 */

export const IMAGES_REQUEST = 'stevedore/images';

/** The client capability (under `experimental`) that says the client answers IMAGES_REQUEST. */
export const IMAGES_CAPABILITY = 'stevedoreImages';

/** How long completion waits for the client's answer before it goes on without images. */
export const IMAGES_TIMEOUT_MS = 750;

export interface ImagesParams {
  /** The file being completed (an extension could pick the engine per folder). */
  readonly uri: string;
}

export interface LocalImage {
  /** `nginx`, `registry.example.com:5000/team/app`. */
  readonly repository: string;
  readonly tags: readonly string[];
}

/** No engine reachable: an empty list, not an error. */
export interface ImagesResult {
  readonly images: readonly LocalImage[];
}
