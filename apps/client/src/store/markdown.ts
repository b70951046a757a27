import { Marked } from "marked";

const markdown = new Marked({ gfm: true, breaks: true, async: false });

/**
 * The content of a text message typed in Markdown: `body` keeps what was
 * typed; `formatted_body` is added only when the Markdown produced
 * formatting, since the spec asks clients not to emit HTML that is not
 * needed. Raw HTML typed by the user is escaped, not passed through.
 */
export function markdownToContent(text: string, msgtype: "m.text" | "m.emote" = "m.text"): Record<string, unknown> {
  const html = (markdown.parse(escapeRawHtml(text)) as string).trim();
  const unwrapped = stripSingleParagraph(html);
  const plain = escapeHtml(text).replace(/\n/g, "<br>");
  if (unwrapped === plain || unwrapped === escapeHtml(text)) return { msgtype, body: text };
  return { msgtype, body: text, format: "org.matrix.custom.html", formatted_body: unwrapped };
}

function stripSingleParagraph(html: string): string {
  const match = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return match?.[1] !== undefined && !match[1].includes("<p>") ? match[1] : html;
}

function escapeRawHtml(text: string): string {
  // Markdown passes raw HTML through; a chat message should show it as typed.
  return text.replace(/</g, "&lt;");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
