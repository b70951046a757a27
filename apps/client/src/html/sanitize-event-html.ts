import createDOMPurify from "dompurify";

// The HTML a Matrix message may carry: the spec's "m.room.message msgtypes"
// section (client-server-api, Instant Messaging) lists the tags to permit and,
// per tag, the only attributes to keep. Everything else is removed, and an
// attribute survives only on the tag that lists it.
const PERMITTED_TAGS = [
  "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul",
  "ol", "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "code",
  "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td",
  "caption", "pre", "span", "img", "details", "summary",
  // Deprecated since v1.10 but still found in older events.
  "font",
];

const PERMITTED_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  font: new Set(["data-mx-bg-color", "data-mx-color", "color"]),
  span: new Set(["data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"]),
  a: new Set(["target", "href"]),
  img: new Set(["width", "height", "alt", "title", "src"]),
  ol: new Set(["start"]),
  code: new Set(["class"]),
  div: new Set(["data-mx-maths"]),
};

/** Link schemes the spec allows in `href`; relative links are refused too. */
const LINK_SCHEME = /^(?:https?|ftp|mailto|magnet):/i;
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
/** The spec: "Tags must not be nested more than 100 levels deep." */
const MAX_DEPTH = 100;

type Purifier = ReturnType<typeof createDOMPurify>;
let purifier: Purifier | undefined;

/**
 * Sanitise an event's `formatted_body` for `innerHTML`. Nothing in the
 * result can run script: no event handlers, no `<script>`/`<iframe>`/`<svg>`
 * or `<style>`, no `javascript:` or relative URLs, no `style` from the
 * sender (colours are rebuilt from validated `data-mx-*` values).
 */
export function sanitizeEventHtml(html: string): string {
  purifier ??= createPurifier();
  return purifier.sanitize(html, {
    ALLOWED_TAGS: PERMITTED_TAGS,
    ALLOWED_ATTR: ["href", "target", "width", "height", "alt", "title", "src", "start", "class", "color"],
    ALLOW_DATA_ATTR: true,
    ALLOW_ARIA_ATTR: false,
    // mx-reply is the pre-v1.13 reply fallback: the spec says strip it with its content.
    ADD_FORBID_CONTENTS: ["mx-reply"],
    ALLOWED_URI_REGEXP: /^(?:https?|ftp|mailto|magnet|mxc):/i,
    // Attributes whose values are not URLs: without this DOMPurify would hold
    // "3" or "_blank" against the URL pattern above and drop them.
    ADD_URI_SAFE_ATTR: ["start", "target", "width", "height", "color"],
    RETURN_TRUSTED_TYPE: false,
  });
}

function createPurifier(): Purifier {
  // A private instance: hooks are per instance, so nobody else's DOMPurify use is affected.
  const instance = createDOMPurify(window);

  instance.addHook("uponSanitizeElement", (node) => {
    if (node.nodeType === 1 && depthOf(node) > MAX_DEPTH) node.parentNode?.removeChild(node);
  });

  instance.addHook("uponSanitizeAttribute", (node, event) => {
    const tag = node.nodeName.toLowerCase();
    const name = event.attrName.toLowerCase();
    const value = event.attrValue.trim();
    if (!PERMITTED_ATTRIBUTES[tag]?.has(name)) {
      event.keepAttr = false;
    } else if (tag === "a" && name === "href") {
      event.keepAttr = LINK_SCHEME.test(value);
    } else if (tag === "img" && name === "src") {
      event.keepAttr = value.toLowerCase().startsWith("mxc://");
    } else if (tag === "code" && name === "class") {
      const languages = value.split(/\s+/).filter((c) => /^language-[\w+#.-]+$/.test(c));
      event.attrValue = languages.join(" ");
      event.keepAttr = languages.length > 0;
    } else if (name === "data-mx-color" || name === "data-mx-bg-color" || name === "color") {
      event.keepAttr = HEX_COLOUR.test(value);
    }
  });

  instance.addHook("afterSanitizeAttributes", (node) => {
    if (!(node instanceof window.Element)) return;
    const tag = node.nodeName.toLowerCase();
    if (tag === "a") {
      node.setAttribute("rel", "noopener noreferrer");
      if (node.hasAttribute("target")) node.setAttribute("target", "_blank");
    }
    if (tag === "img") {
      // An mxc:// image needs an authenticated download; inline images are
      // shown as their alt text rather than fetched on the sender's say-so.
      const alt = node.getAttribute("alt") ?? node.getAttribute("title") ?? "image";
      node.replaceWith(node.ownerDocument.createTextNode(`[${alt}]`));
      return;
    }
    applyColours(node);
  });

  return instance;
}

/** Translate the validated `data-mx-color`/`data-mx-bg-color` (and legacy `color`) into CSS, as the spec asks. */
function applyColours(element: Element): void {
  if (!(element instanceof window.HTMLElement)) return;
  const colour = element.getAttribute("data-mx-color") ?? element.getAttribute("color");
  const background = element.getAttribute("data-mx-bg-color");
  if (colour !== null && HEX_COLOUR.test(colour)) element.style.color = colour;
  if (background !== null && HEX_COLOUR.test(background)) element.style.backgroundColor = background;
}

function depthOf(node: Node): number {
  let depth = 0;
  for (let parent = node.parentNode; parent !== null; parent = parent.parentNode) depth++;
  return depth;
}
