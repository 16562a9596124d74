/** What the best-practice rules of Compose and Kubernetes share: reading an image's tag, and names of secrets. */

/** The tag of an image reference, '' when it has none, or undefined when it is pinned by digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? '' : image.slice(colon + 1);
}

/** The repository part of an image reference (what comes before its tag or digest). */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const ref = at < 0 ? image : image.slice(0, at);
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon < 0 ? ref : ref.slice(0, colon);
}

/** Why an image is not pinned, or undefined when it is. */
export function unpinnedImage(image: string): string | undefined {
  const tag = imageTag(image);
  if (tag === '') return `Image '${image}' has no tag: it runs whatever 'latest' is when pulled; pin a version`;
  if (tag === 'latest') return `Image '${image}' is tagged 'latest': what runs changes under you; pin a version`;
  return undefined;
}

/** Variable names that hold credentials. */
const SECRET_NAME =
  /(?:^|[^A-Z])(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(?:$|[^A-Z])/i;
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name.replace(/[a-z](?=[A-Z])/g, '$&_'));

/** A value that is only a placeholder or a file path (`*_FILE`), not a credential itself. */
export const isCredentialValue = (name: string, value: string): boolean =>
  value !== '' &&
  !/_FILE$/i.test(name) &&
  !value.startsWith('/') &&
  !/^https?:\/\/[^@]*$/.test(value) &&
  !/^(?:true|false|yes|no|\d+)$/i.test(value);
