import { useEffect, useState } from "preact/hooks";
import type { MatrixStore } from "../store/matrix-store.js";
import { parseMxcUri } from "../store/media.js";
import { initialsOf } from "./names.js";

/**
 * A user's or room's avatar: the `mxc://` image through authenticated media
 * when there is one and it loads, else the first letter of the name.
 */
export function Avatar({ store, name, mxcUri, size = "" }: { store: MatrixStore; name: string; mxcUri: unknown; size?: "" | "small" | "tiny" | "large" }) {
  const [src, setSrc] = useState<string | undefined>(undefined);
  const uri = parseMxcUri(mxcUri) === undefined ? undefined : (mxcUri as string);
  useEffect(() => {
    setSrc(undefined);
    if (uri === undefined) return;
    let live = true;
    store.media.objectUrl(uri).then(
      (url) => live && setSrc(url),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [uri]);
  return (
    <span class={`avatar ${size}`} aria-hidden="true" data-testid="avatar">
      {src === undefined ? initialsOf(name) : <img src={src} alt="" data-testid="avatar-image" />}
    </span>
  );
}
