// Spec: client-server API, content repository, "Serving inline content", and
// the Content-Disposition header of GET /download (RFC 6266 file names).
import { describe, expect, it } from "vitest";
import { contentDisposition, isInlineSafe, mediaSecurityHeaders, normaliseUploadContentType } from "./content-headers.js";

describe("content headers for media", () => {
  it("serves only the spec's safe types inline", () => {
    expect(isInlineSafe("image/png")).toBe(true);
    expect(isInlineSafe("text/plain; charset=utf-8")).toBe(true);
    expect(isInlineSafe("IMAGE/JPEG")).toBe(true);
    for (const type of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/pdf", "application/octet-stream", "text/javascript"]) {
      expect(isInlineSafe(type)).toBe(false);
      expect(contentDisposition(type, null)).toBe("attachment");
    }
    expect(contentDisposition("image/png", null)).toBe("inline");
  });

  it("quotes plain ASCII file names and percent-encodes the rest (RFC 6266 / RFC 8187)", () => {
    expect(contentDisposition("image/png", "cat.png")).toBe('inline; filename="cat.png"');
    expect(contentDisposition("text/html", "page.html")).toBe('attachment; filename="page.html"');
    expect(contentDisposition("image/png", "Grüße.png")).toBe("inline; filename*=utf-8''Gr%C3%BC%C3%9Fe.png");
    expect(contentDisposition("image/png", 'a"b.png')).toBe("inline; filename*=utf-8''a%22b.png");
    expect(contentDisposition("image/png", "x\r\nSet-Cookie: a=b")).toBe("inline; filename*=utf-8''x%0D%0ASet-Cookie%3A%20a%3Db");
    expect(contentDisposition("image/png", "it's (1).png")).toBe(`inline; filename="it's (1).png"`);
    expect(contentDisposition("image/png", "é's (1).png")).toBe("inline; filename*=utf-8''%C3%A9%27s%20%281%29.png");
  });

  it("stores well-formed content types as sent and anything else as application/octet-stream", () => {
    expect(normaliseUploadContentType("image/png")).toBe("image/png");
    expect(normaliseUploadContentType("text/plain; charset=utf-8")).toBe("text/plain; charset=utf-8");
    expect(normaliseUploadContentType(undefined)).toBe("application/octet-stream");
    expect(normaliseUploadContentType("")).toBe("application/octet-stream");
    expect(normaliseUploadContentType("not a type")).toBe("application/octet-stream");
    expect(normaliseUploadContentType("text/html\u00e9")).toBe("application/octet-stream");
  });

  it("always sends the recommended CSP, nosniff and cross-origin resource policy", () => {
    expect(mediaSecurityHeaders()).toEqual({
      "Content-Security-Policy":
        "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  });
});
