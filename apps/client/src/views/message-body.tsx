import { useEffect, useState } from "preact/hooks";
import { sanitizeEventHtml } from "../html/sanitize-event-html.js";
import type { MatrixStore } from "../store/matrix-store.js";
import { parseMxcUri } from "../store/media.js";

/** A message's content: sanitised HTML when it has a formatted_body, media through authenticated download, else plain text. */
export function MessageBody({ store, content }: { store: MatrixStore; content: Record<string, unknown> }) {
  const body = typeof content.body === "string" ? content.body : "";
  const msgtype = content.msgtype;
  if (msgtype === "m.image" && parseMxcUri(content.url) !== undefined) return <AuthenticatedImage store={store} mxc={content.url as string} alt={body} />;
  if ((msgtype === "m.file" || msgtype === "m.video" || msgtype === "m.audio") && parseMxcUri(content.url) !== undefined) {
    return <FileDownload store={store} mxc={content.url as string} name={typeof content.filename === "string" ? content.filename : body} />;
  }
  if (content.format === "org.matrix.custom.html" && typeof content.formatted_body === "string") {
    // Sanitised on every render: nothing from the event reaches innerHTML unsanitised.
    return <div class="body html" dangerouslySetInnerHTML={{ __html: sanitizeEventHtml(content.formatted_body) }} />;
  }
  return <div class="body">{body}</div>;
}

function useObjectUrl(store: MatrixStore, mxc: string, enabled: boolean): { url: string | undefined; failed: boolean } {
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    store.media.objectUrl(mxc).then(
      (u) => live && setUrl(u),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [store, mxc, enabled]);
  return { url, failed };
}

function AuthenticatedImage({ store, mxc, alt }: { store: MatrixStore; mxc: string; alt: string }) {
  const { url, failed } = useObjectUrl(store, mxc, true);
  if (failed) return <div class="body hint">[image could not be loaded: {alt}]</div>;
  if (url === undefined) return <div class="body hint">Loading image…</div>;
  return <img class="media" src={url} alt={alt} loading="lazy" data-testid="message-image" />;
}

function FileDownload({ store, mxc, name }: { store: MatrixStore; mxc: string; name: string }) {
  const [wanted, setWanted] = useState(false);
  const { url, failed } = useObjectUrl(store, mxc, wanted);
  if (failed) return <div class="body hint">[file could not be downloaded: {name}]</div>;
  if (url !== undefined) {
    return (
      <a class="body file" href={url} download={name}>
        Save {name}
      </a>
    );
  }
  return (
    <button type="button" class="body file" onClick={() => setWanted(true)} aria-label={`Download ${name}`}>
      📎 {name}
    </button>
  );
}
