// @vitest-environment jsdom
// The spec's "m.room.message msgtypes" HTML section: only the listed tags and
// per-tag attributes survive, and no event content can run script.
import { describe, expect, it } from "vitest";
import { sanitizeEventHtml } from "./sanitize-event-html.js";

const PERMITTED = new Set(
  "del h1 h2 h3 h4 h5 h6 blockquote p a ul ol sup sub li b i u strong em s code hr br div table thead tbody tr th td caption pre span img details summary font".split(" "),
);

const HOSTILE_BODIES = [
  `<script>alert(1)</script>hello`,
  `<img src="x" onerror="alert(1)">`,
  `<img src=x onerror=alert(1)//`,
  `<a href="javascript:alert(1)">click</a>`,
  `<a href=" JaVaScRiPt:alert(1)">click</a>`,
  `<a href="java&#x09;script:alert(1)">click</a>`,
  `<a href="data:text/html,<script>alert(1)</script>">data</a>`,
  `<a href="/relative">relative</a>`,
  `<iframe src="https://evil.example/"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<svg onload="alert(1)"><circle r="1"/></svg>`,
  `<svg><script>alert(1)</script></svg>`,
  `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
  `<div style="background:url(javascript:alert(1))">css</div>`,
  `<span style="width: expression(alert(1))">ie css expression</span>`,
  `<style>body{background:url("javascript:alert(1)")}</style>`,
  `<p onclick="alert(1)" onmouseover="alert(1)">p</p>`,
  `<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
  `<form action="javascript:alert(1)"><input type="submit" formaction="javascript:alert(1)"><button>x</button></form>`,
  `<details open ontoggle="alert(1)"><summary>s</summary></details>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<base href="javascript:alert(1)//">`,
  `<link rel="stylesheet" href="https://evil.example/x.css">`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
  `<table><tr><td background="javascript:alert(1)">td</td></tr></table>`,
  `<img src="mxc://example.org/abc" onload="alert(1)" alt="pic">`,
  `<code class="language-js onerror">x</code>`,
  `<span data-mx-color="red;background:url(javascript:alert(1))">c</span>`,
  `<template><script>alert(1)</script></template>`,
  `<a href="https://ok.example" onclick="alert(1)" style="position:fixed">ok</a>`,
];

function parse(html: string): HTMLElement {
  const container = document.createElement("div");
  container.innerHTML = html;
  return container;
}

describe("sanitizeEventHtml against a hostile formatted_body", () => {
  it.each(HOSTILE_BODIES)("leaves nothing executable in %s", (hostile) => {
    const clean = sanitizeEventHtml(hostile);
    const root = parse(clean);
    for (const element of root.querySelectorAll("*")) {
      const tag = element.tagName.toLowerCase();
      expect(PERMITTED.has(tag), `tag <${tag}> in ${clean}`).toBe(true);
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        expect(name.startsWith("on"), `${name} in ${clean}`).toBe(false);
        if (name === "href" || name === "src") expect(attribute.value).toMatch(/^(https?|ftp|mailto|magnet|mxc):/i);
        if (name === "style") expect(attribute.value).toMatch(/^(background-)?color: rgb\(\d+, \d+, \d+\);( background-color: rgb\(\d+, \d+, \d+\);)?$/);
      }
    }
    expect(clean.toLowerCase()).not.toContain("javascript:");
    expect(clean.toLowerCase()).not.toContain("<script");
    expect(clean.toLowerCase()).not.toContain("expression(");
  });

  it("keeps the text of removed elements where the text is harmless", () => {
    expect(sanitizeEventHtml(`<script>alert(1)</script>hello`)).toBe("hello");
    expect(sanitizeEventHtml(`<a href="javascript:alert(1)">click</a>`)).toBe(`<a rel="noopener noreferrer">click</a>`);
  });
});

describe("sanitizeEventHtml keeps what the spec permits", () => {
  it("keeps formatting tags", () => {
    const html = "<p><strong>bold</strong> <em>it</em> <del>gone</del> <code>x</code></p><blockquote>q</blockquote><ul><li>a</li></ul>";
    expect(sanitizeEventHtml(html)).toBe(html);
  });

  it("keeps http links and adds rel=noopener (spec: all a tags get rel=noopener)", () => {
    const clean = parse(sanitizeEventHtml(`<a href="https://matrix.org" target="_self">m</a>`));
    const link = clean.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://matrix.org");
    expect(link?.getAttribute("rel")).toContain("noopener");
    expect(link?.getAttribute("target")).toBe("_blank");
  });

  it("keeps ol start and language- classes only", () => {
    expect(sanitizeEventHtml(`<ol start="3"><li>x</li></ol>`)).toBe(`<ol start="3"><li>x</li></ol>`);
    expect(sanitizeEventHtml(`<code class="language-ts evil">x</code>`)).toBe(`<code class="language-ts">x</code>`);
  });

  it("translates data-mx-color into CSS", () => {
    const span = parse(sanitizeEventHtml(`<span data-mx-color="#ff0000">red</span>`)).querySelector("span");
    expect(span?.style.color).toBe("rgb(255, 0, 0)");
  });

  it("strips mx-reply with its content (spec v1.13, rich replies)", () => {
    expect(sanitizeEventHtml(`<mx-reply><blockquote>old</blockquote></mx-reply>answer`)).toBe("answer");
  });

  it("removes tags nested deeper than 100 levels", () => {
    const deep = "<div>".repeat(150) + "x" + "</div>".repeat(150);
    const root = parse(sanitizeEventHtml(deep));
    let depth = 0;
    for (let node: Element | null = root.querySelector("div"); node; node = node.querySelector(":scope > div")) depth++;
    expect(depth).toBeLessThanOrEqual(100);
  });
});
