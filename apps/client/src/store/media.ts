import { getContentAuthed, uploadContent, type MatrixClient } from "@myelin/client-server";

/** `mxc://<server-name>/<media-id>` ("Matrix Content (mxc://) URIs"), or undefined for anything else. */
export function parseMxcUri(uri: unknown): { serverName: string; mediaId: string } | undefined {
  if (typeof uri !== "string") return undefined;
  const match = /^mxc:\/\/([^/]+)\/([A-Za-z0-9_-]+)$/.exec(uri);
  return match?.[1] !== undefined && match[2] !== undefined ? { serverName: match[1], mediaId: match[2] } : undefined;
}

/**
 * Authenticated media (`/_matrix/client/v1/media/download`) needs the access
 * token in a header, which `<img src>` cannot send: fetch it, keep it as a
 * blob and hand out one object URL per mxc URI.
 */
export class MediaCache {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly client: MatrixClient) {}

  objectUrl(mxcUri: string): Promise<string> {
    let url = this.urls.get(mxcUri);
    if (url === undefined) {
      url = this.download(mxcUri);
      this.urls.set(mxcUri, url);
      // A failure is not cached: the next render may try again.
      url.catch(() => this.urls.delete(mxcUri));
    }
    return url;
  }

  private async download(mxcUri: string): Promise<string> {
    const parts = parseMxcUri(mxcUri);
    if (parts === undefined) throw new Error(`not an mxc URI: ${mxcUri}`);
    const response = await this.client.call(getContentAuthed, { path: parts, query: {} });
    return URL.createObjectURL(await response.blob());
  }

  async upload(file: Blob, filename: string): Promise<string> {
    const { content_uri } = await this.client.call(uploadContent, {
      query: { filename },
      body: { data: file, ...(file.type === "" ? {} : { contentType: file.type }) },
    });
    return content_uri;
  }

  /** Object URLs hold their blobs until revoked: release them on logout. */
  dispose(): void {
    for (const url of this.urls.values()) url.then((u) => URL.revokeObjectURL(u), () => undefined);
    this.urls.clear();
  }
}
