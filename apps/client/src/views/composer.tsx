import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, type MatrixStore } from "../store/matrix-store.js";
import { markdownToContent } from "../store/markdown.js";
import type { RoomModel, TimelineEvent } from "../store/rooms/types.js";
import { memberDisplayName } from "./names.js";

export type ComposerMode = { kind: "new" } | { kind: "reply"; event: TimelineEvent } | { kind: "edit"; event: TimelineEvent; body: string };

interface Props {
  store: MatrixStore;
  room: RoomModel;
  ownUserId: string;
  mode: ComposerMode;
  setMode: (mode: ComposerMode) => void;
}

/** The content to send for what was typed: `/me` makes an emote; replies and edits add their relation. */
export function contentFor(text: string, mode: ComposerMode): Record<string, unknown> {
  const content = text.startsWith("/me ") ? markdownToContent(text.slice(4), "m.emote") : markdownToContent(text);
  if (mode.kind === "reply") return { ...content, "m.relates_to": { "m.in_reply_to": { event_id: mode.event.event_id } } };
  if (mode.kind === "edit") {
    // "Event replacements": the fallback body is marked with "* " for clients that do not understand edits.
    return {
      ...content,
      body: `* ${String(content.body)}`,
      ...(typeof content.formatted_body === "string" ? { formatted_body: `* ${content.formatted_body}` } : {}),
      "m.new_content": content,
      "m.relates_to": { rel_type: "m.replace", event_id: mode.event.event_id },
    };
  }
  return content;
}

export function Composer({ store, room, ownUserId, mode, setMode }: Props) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const typingSent = useRef(false);

  useEffect(() => {
    if (mode.kind === "edit") setText(mode.body);
    input.current?.focus();
  }, [mode]);

  const setTyping = (typing: boolean) => {
    if (typingSent.current === typing) return;
    typingSent.current = typing;
    store.setTyping(room.roomId, typing).catch(() => undefined);
  };

  const send = () => {
    const trimmed = text.trim();
    if (trimmed === "") return;
    setText("");
    setTyping(false);
    setMode({ kind: "new" });
    void store.send(room.roomId, "m.room.message", contentFor(trimmed, mode));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    } else if (event.key === "Escape" && mode.kind !== "new") {
      setMode({ kind: "new" });
      setText("");
    } else if (event.key === "ArrowUp" && text === "") {
      const last = lastOwnMessage(room, ownUserId);
      if (last !== undefined) {
        event.preventDefault();
        const body = typeof last.content.body === "string" ? last.content.body : "";
        // Set the text in the same render as the mode, so "Editing" never shows an empty field.
        setText(body);
        setMode({ kind: "edit", event: last, body });
      }
    }
  };

  const upload = (event: Event) => {
    const chosen = (event.currentTarget as HTMLInputElement).files?.[0];
    if (chosen === undefined) return;
    setError(undefined);
    store.uploadAndSend(room.roomId, chosen).catch((e: unknown) => setError(errorMessage(e)));
    if (file.current !== null) file.current.value = "";
  };

  const typingNames = room.typingUserIds.filter((u) => u !== ownUserId).map((u) => memberDisplayName(room, u));

  return (
    <div class="composer">
      <div class="typing" aria-live="polite" data-testid="typing-indicator">
        {typingNames.length === 0 ? "" : `${typingNames.join(", ")} ${typingNames.length === 1 ? "is" : "are"} typing…`}
      </div>
      {mode.kind !== "new" && (
        <div class="composer-mode" data-testid="composer-mode">
          {mode.kind === "reply" ? `Replying to ${memberDisplayName(room, mode.event.sender)}` : "Editing your message"}
          <button
            type="button"
            onClick={() => {
              setMode({ kind: "new" });
              setText("");
            }}
            aria-label="Cancel"
          >
            ✕
          </button>
        </div>
      )}
      {error !== undefined && <p class="error" role="alert">{error}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label class="visually-hidden" for="composer-input">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={input}
          rows={1}
          value={text}
          placeholder="Message (Markdown, /me for an action, ↑ to edit your last message)"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setTyping(e.currentTarget.value !== "");
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTyping(false)}
          data-testid="composer-input"
        />
        <label class="upload-button" title="Upload an image or file">
          <span class="visually-hidden">Upload an image or file</span>📎
          <input ref={file} type="file" class="visually-hidden" onChange={upload} data-testid="upload-input" />
        </label>
        <button type="submit" data-testid="send">
          Send
        </button>
      </form>
    </div>
  );
}

function lastOwnMessage(room: RoomModel, ownUserId: string): TimelineEvent | undefined {
  for (let i = room.timeline.length - 1; i >= 0; i--) {
    const event = room.timeline[i];
    if (event === undefined || event.sender !== ownUserId || event.type !== "m.room.message") continue;
    const relation = event.content["m.relates_to"] as { rel_type?: unknown } | undefined;
    if (relation?.rel_type === "m.replace" || event.unsigned?.redacted_because !== undefined) continue;
    return event;
  }
  return undefined;
}
