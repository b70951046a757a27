// m.room.message msgtypes: body plus an optional org.matrix.custom.html formatted_body.
import { describe, expect, it } from "vitest";
import { markdownToContent } from "./markdown.js";

describe("markdownToContent", () => {
  it("sends plain text without formatted_body (no needless HTML)", () => {
    expect(markdownToContent("just words")).toEqual({ msgtype: "m.text", body: "just words" });
  });

  it("adds formatted_body for Markdown formatting, without a wrapping paragraph", () => {
    expect(markdownToContent("**bold** and `code`")).toEqual({
      msgtype: "m.text",
      body: "**bold** and `code`",
      format: "org.matrix.custom.html",
      formatted_body: "<strong>bold</strong> and <code>code</code>",
    });
  });

  it("escapes HTML the user typed instead of passing it through", () => {
    const content = markdownToContent("<script>x</script> **b**");
    expect(content.formatted_body).toBe("&lt;script&gt;x&lt;/script&gt; <strong>b</strong>");
  });

  it("makes /me text an m.emote", () => {
    expect(markdownToContent("waves", "m.emote")).toEqual({ msgtype: "m.emote", body: "waves" });
  });
});
