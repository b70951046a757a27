// Generates src/endpoints/*.ts and src/schemas/*.ts from the spec's OpenAPI
// files. Run by hand (`pnpm --filter @myelin/client-server generate [spec
// dir]`), never at build time; the output is committed, reviewed and may be
// hand-tuned afterwards (the coverage test keeps methods and paths honest).
//
// Translation rules, JSON Schema -> zod:
// - objects the server sends (responses) are loose: clients keep keys the
//   spec does not name (unstable MSC fields); objects the client sends are
//   plain z.object, so a typo in a bot's request is a type error, unless the
//   spec allows extra keys (`additionalProperties`), as for event content;
// - a definition under `definitions/` (or another API's definitions, or the
//   core event schemas) becomes one module in src/schemas/;
// - `x-addedInMatrixVersion` on the operation gives `since`; an operation
//   without it existed before v1.1 and gets `since: "r0"` and, under
//   /_matrix/client/v3 or /_matrix/media/v3, the `r0` legacy path;
// - an inline object (or path/query parameter list) that the endpoints spell
//   out more than once is written once as a named const (scripts/hoisting.ts):
//   in the endpoint module, or in src/schemas/ when several modules use it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { parse } from "yaml";
import { decideHoists, declarationOrder, mergeComments, schemaKey, type Hoist, type Occurrence } from "./hoisting.js";

type Node = Record<string, unknown>;
type Mode = "request" | "response";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = resolve(process.argv[2] ?? join(packageDir, "../../../shared/matrix-spec"));
const apiDir = join(specDir, "data/api/client-server");
const SPEC_URL = "https://spec.matrix.org/v1.19";

// Where the operation-level x-addedInMatrixVersion marker is missing or
// does not tell when the endpoint appeared (checked against the changelogs).
const SINCE_OVERRIDES: Record<string, string> = {
  // No marker; content/changelog/v1.3.md adds relations (MSC2675).
  getRelatingEvents: "v1.3",
  getRelatingEventsWithRelType: "v1.3",
  getRelatingEventsWithRelTypeAndEventType: "v1.3",
  // No marker; "New Endpoints" of content/changelog/v1.15.md and v1.19.md.
  getAuthMetadata: "v1.15",
  getMutualRooms: "v1.19",
  // Marked 1.1, but r0.4.0-r0.6.1 already had GET /_matrix/client/r0/login/sso/redirect
  // (v1.1 only added the {idpId} variant): keep serving the r0 path.
  redirectToSSO: "r0",
};

// Readable names for definitions outside client-server/definitions.
const NAME_OVERRIDES: Record<string, string> = {
  "event-schemas/schema/core-event-schema/event.yaml": "coreEvent",
  "event-schemas/schema/core-event-schema/stripped_state.yaml": "strippedStateEvent",
  "event-schemas/schema/core-event-schema/state_event.yaml": "coreStateEvent",
};

// Names for repeated inline objects whose first endpoint would name them
// misleadingly (keyed by that default name: endpoint, role, property path).
const HOIST_NAMES: Record<string, string> = {
  banBody: "userIdReasonBody", // ban, unban, kick, inviteUser
  delete3pidFromAccountBody: "unbind3pidBody", // delete3pidFromAccount, unbind3pidFromAccount
  getRoomKeysVersionCurrentResponse: "roomKeysVersionResponse", // getRoomKeysVersionCurrent, getRoomKeysVersion
  getUrlPreviewAuthedResponse: "urlPreviewResponse", // getUrlPreview, getUrlPreviewAuthed
  joinRoomByIdBody: "joinBody", // joinRoomById, joinRoom
};

// ---------------------------------------------------------------- loading

const cache = new Map<string, Node>();
function load(file: string): Node {
  let doc = cache.get(file);
  if (!doc) {
    doc = parse(readFileSync(file, "utf8")) as Node;
    cache.set(file, doc);
  }
  return doc;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asNode(value: unknown): Node {
  return isNode(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function pointerGet(doc: Node, pointer: string): unknown {
  let current: unknown = doc;
  for (const part of pointer.split("/").filter(Boolean)) current = asNode(current)[part];
  return current;
}

interface Located {
  node: Node;
  file: string;
}

/** Follow $ref chains that are pure aliases (parameters, responses, request bodies). */
function deref(node: Node, file: string): Located {
  let located: Located = { node, file };
  for (let depth = 0; depth < 10; depth++) {
    const ref = str(located.node.$ref);
    if (!ref) return located;
    const target = refTarget(ref, located.file);
    located = { node: asNode(pointerGet(load(target.file), target.pointer)), file: target.file };
  }
  throw new Error(`ref loop at ${file}`);
}

function refTarget(ref: string, fromFile: string): { file: string; pointer: string } {
  const [path = "", pointer = ""] = ref.split("#");
  return { file: path === "" ? fromFile : resolve(dirname(fromFile), path), pointer };
}

// ---------------------------------------------------------------- naming

function camel(text: string): string {
  const parts = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((part, i) => (i === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : part.charAt(0).toUpperCase() + part.slice(1))).join("");
}

function pascal(text: string): string {
  const c = camel(text);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
}

function definitionName(file: string): string {
  const rel = relative(join(specDir, "data"), file);
  const override = NAME_OVERRIDES[rel];
  if (override) return override;
  const stem = basename(file, ".yaml");
  const csDefs = join(apiDir, "definitions");
  if (file.startsWith(`${csDefs}/`)) {
    const sub = relative(csDefs, dirname(file));
    return sub === "" ? camel(stem) : camel(`${sub}_${stem}`);
  }
  if (rel.startsWith("api/application-service/")) return camel(`appservice_${stem}`);
  if (rel.startsWith("api/identity/")) return camel(`identity_${stem}`);
  return camel(stem);
}

// ---------------------------------------------------------------- shared definitions

interface Definition {
  key: string; // file#pointer
  file: string;
  pointer: string;
  name: string;
  module: string; // src/schemas/<module>.ts, or "" for a local component
  ownerFile?: string; // for local components: the endpoint file that holds them
  modes: Set<Mode>;
}

const definitions = new Map<string, Definition>();

function definitionFor(ref: string, fromFile: string): Definition {
  const target = refTarget(ref, fromFile);
  const key = `${target.file}#${target.pointer}`;
  let def = definitions.get(key);
  if (!def) {
    const local = target.pointer !== "";
    const name = local ? camel(target.pointer.split("/").pop() ?? "schema") : definitionName(target.file);
    def = {
      key,
      file: target.file,
      pointer: target.pointer,
      name,
      module: local ? "" : kebab(name),
      ...(local ? { ownerFile: target.file } : {}),
      modes: new Set(),
    };
    definitions.set(key, def);
  }
  return def;
}

/** Loose if anything sends it to a client. */
function modeOf(def: Definition): Mode {
  return def.modes.has("response") ? "response" : "request";
}

// ---------------------------------------------------------------- emission

/** Imports and local declarations of the module being written. */
class ModuleWriter {
  readonly imports = new Map<string, Set<string>>();
  readonly typeOnly = new Set<string>();
  readonly locals = new Map<string, string>();
  constructor(readonly path: string) {}

  use(from: string, name: string): string {
    let names = this.imports.get(from);
    if (!names) {
      names = new Set();
      this.imports.set(from, names);
    }
    names.add(name);
    return name;
  }

  importBlock(): string {
    const lines: string[] = [];
    const sorted = [...this.imports.entries()].sort(([a], [b]) => importRank(a) - importRank(b) || a.localeCompare(b));
    for (const [from, names] of sorted) {
      const keyword = this.typeOnly.has(from) ? "import type" : "import";
      lines.push(`${keyword} { ${[...names].sort().join(", ")} } from "${from}";`);
    }
    return lines.join("\n");
  }
}

function importRank(from: string): number {
  if (from === "zod") return 0;
  if (from.startsWith("@")) return 1;
  return 2;
}

interface Ctx {
  file: string;
  mode: Mode;
  out: ModuleWriter;
  /** true during the first pass, which only records which definitions are used how and which inline objects repeat. */
  recording: boolean;
  /** Whether repeated inline objects are recorded (first pass) or replaced by their const (second pass). */
  hoisting: boolean;
  /** Where the schema being written stands: export name, role, property names. */
  site: string[];
  /** The inline objects around it (see scripts/hoisting.ts). */
  ancestors: { key: string; depth: number }[];
  /** The key of the hoisted const being declared, which must not refer to itself. */
  defining?: string;
}

// ---------------------------------------------------------------- repeated inline schemas

interface Rewrite {
  ctx: Ctx;
  level: number;
  emit: (ctx: Ctx, level: number) => string;
  /** The const's doc comment, kept when all places agree. */
  doc: string;
}

const occurrences: Occurrence<Rewrite>[] = [];
let hoists = new Map<string, Hoist<Rewrite>>();
const SCRATCH = "/dev/null";

/**
 * Write an inline object, recording it (first pass) or, when it was found
 * at several places, referring to its hoisted const instead (second pass).
 */
function hoistable(ctx: Ctx, level: number, names: string[], doc: string, emit: (ctx: Ctx, level: number) => string): string {
  if (!ctx.hoisting) return emit(ctx, level);
  // The key is the object fully written out, so it is the same whatever inside it is hoisted.
  const key = schemaKey(emit({ ...ctx, out: new ModuleWriter(SCRATCH), recording: false, hoisting: false }, level));
  const inner: Ctx = { ...ctx, ancestors: [...ctx.ancestors, { key, depth: ctx.site.length }] };
  delete inner.defining;
  if (ctx.recording) {
    occurrences.push({ key, names, module: ctx.out.path, path: ctx.site, ancestors: ctx.ancestors, payload: { ctx, level, emit, doc } });
    return emit(inner, level);
  }
  const hoist = hoists.get(key);
  if (!hoist || ctx.defining === key) return emit(inner, level);
  if (hoist.home === ctx.out.path) return hoist.name;
  return ctx.out.use(schemaImport(ctx.out, basename(hoist.home, ".ts")), hoist.name);
}

/** The declaration of a hoisted const, written into `out` (its home module). */
function hoistDeclaration(hoist: Hoist<Rewrite>, out: ModuleWriter, exported: boolean): string {
  const copies = hoist.occurrences.map(({ payload, path }) =>
    payload.emit({ ...payload.ctx, out, recording: false, hoisting: true, defining: hoist.key, site: path, ancestors: [] }, 0),
  );
  const docs = new Set(hoist.occurrences.map(({ payload }) => payload.doc));
  const doc = docs.size === 1 ? [...docs][0] : "";
  return `${doc}${exported ? "export " : ""}const ${hoist.name} = ${mergeComments(copies)};`;
}

const ANNOTATIONS = new Set(["description", "title", "example", "examples", "x-addedInMatrixVersion", "x-changedInMatrixVersion", "default"]);

function firstSentence(description: unknown): string | undefined {
  const text = str(description);
  if (!text) return undefined;
  const flat = text
    .replace(/\{\{%[^%]*%\}\}/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const match = /^(.+?[.!?])(\s|$)/.exec(flat);
  let sentence = match?.[1] ?? flat;
  if (sentence.length > 160) sentence = `${sentence.slice(0, 157).trimEnd()}...`;
  return sentence.replace(/\*\//g, "*\\/");
}

function docComment(node: Node, level: number): string {
  const lines: string[] = [];
  const sentence = firstSentence(node.description);
  if (sentence) lines.push(sentence);
  if (node.deprecated === true) lines.push("@deprecated");
  if (lines.length === 0) return "";
  const pad = "  ".repeat(level);
  return lines.length === 1 ? `${pad}/** ${lines[0]} */\n` : `${pad}/**\n${lines.map((l) => `${pad} * ${l}`).join("\n")}\n${pad} */\n`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `key: value`, or the shorthand `key` when the value is a schema of the same name. */
function field(name: string, value: string): string {
  return value === name ? name : `${propertyKey(name)}: ${value}`;
}

function jsonObject(ctx: Ctx): string {
  return ctx.out.use(schemaImport(ctx.out, "json"), "jsonObject");
}

function schemaImport(out: ModuleWriter, module: string): string {
  if (out.path.includes("/schemas/")) return `./${module}.js`;
  return `../schemas/${module}.js`;
}

const IDENTIFIER_FORMATS: Record<string, string> = {
  "mx-user-id": "userId",
  "mx-room-id": "roomId",
  "mx-event-id": "eventId",
  "mx-room-alias": "roomAlias",
  "mx-mxc-uri": "mxcUri",
};
const IDENTIFIER_NAMES = new Set(Object.values(IDENTIFIER_FORMATS));

function emitRef(ref: string, ctx: Ctx): string {
  const def = definitionFor(ref, ctx.file);
  // Only the first pass records (the second, and the key of a hoistable object, only write).
  if (ctx.recording && !def.modes.has(ctx.mode)) {
    def.modes.add(ctx.mode);
    // Walk the definition in this mode so its own references are recorded too.
    emitSchema(asNode(pointerGet(load(def.file), def.pointer)), { ...ctx, file: def.file, out: new ModuleWriter(SCRATCH), hoisting: false }, 0);
  }
  if (def.module === "") return def.name;
  if (ctx.out.path.endsWith(`/schemas/${def.module}.ts`)) return def.name;
  return ctx.out.use(schemaImport(ctx.out, def.module), def.name);
}

function resolveSchema(node: Node, file: string): Located {
  const ref = str(node.$ref);
  if (!ref) return { node, file };
  const target = refTarget(ref, file);
  return resolveSchema(asNode(pointerGet(load(target.file), target.pointer)), target.file);
}

function emitSchema(node: Node, ctx: Ctx, level: number): string {
  const ref = str(node.$ref);
  if (ref) return emitRef(ref, ctx);
  if (Array.isArray(node.allOf)) return emitAllOf(node, ctx, level);
  const alternatives = asArray(node.oneOf ?? node.anyOf);
  if (alternatives.length > 0) {
    const options = alternatives.map((option, i) => emitSchema(asNode(option), alternatives.length > 1 ? { ...ctx, site: [...ctx.site, `option_${i + 1}`] } : ctx, level + 1));
    return options.length === 1 ? (options[0] ?? "z.unknown()") : `z.union([${options.join(", ")}])`;
  }
  const type = node.type;
  if (Array.isArray(type)) {
    const types = (type as string[]).filter((t) => t !== "null");
    const options = types.map((t) => emitSchema({ ...node, type: t }, ctx, level + 1));
    const union = options.length === 1 ? (options[0] ?? "z.unknown()") : `z.union([${options.join(", ")}])`;
    return types.length < type.length ? `${union}.nullable()` : union;
  }
  if (Array.isArray(node.enum)) return emitEnum(node.enum as unknown[]);
  if ("const" in node) return `z.literal(${JSON.stringify(node.const)})`;
  switch (type) {
    case "string":
      return emitString(node, ctx);
    case "integer":
      return `z.number().int()${numberBounds(node)}`;
    case "number":
      return `z.number()${numberBounds(node)}`;
    case "boolean":
      return "z.boolean()";
    case "null":
      return "z.null()";
    case "array":
      return `z.array(${isNode(node.items) ? emitSchema(node.items, ctx, level) : "z.unknown()"})`;
    case "object":
      return emitObject(node, ctx, level);
    default:
      if (isNode(node.properties) || isNode(node.additionalProperties) || isNode(node.patternProperties)) {
        return emitObject(node, ctx, level);
      }
      return "z.unknown()";
  }
}

function emitEnum(values: unknown[]): string {
  if (values.length === 1) return `z.literal(${JSON.stringify(values[0])})`;
  if (values.every((v) => typeof v === "string")) return `z.enum([${values.map((v) => JSON.stringify(v)).join(", ")}])`;
  return `z.union([${values.map((v) => `z.literal(${JSON.stringify(v)})`).join(", ")}])`;
}

function numberBounds(node: Node): string {
  let text = "";
  if (typeof node.minimum === "number") text += `.min(${node.minimum})`;
  if (typeof node.maximum === "number") text += `.max(${node.maximum})`;
  return text;
}

function emitString(node: Node, ctx: Ctx): string {
  const format = str(node.format);
  const pattern = str(node.pattern);
  const identifier = format ? IDENTIFIER_FORMATS[format] : undefined;
  if (identifier && pattern) return ctx.out.use(schemaImport(ctx.out, "identifiers"), identifier);
  if (pattern) return `z.string().regex(/${pattern.replace(/\//g, "\\/")}/)`;
  return "z.string()";
}

function emitObject(node: Node, ctx: Ctx, level: number): string {
  // A one-field object reads better where it is used than behind a name.
  if (Object.keys(asNode(node.properties)).length < 2) return emitObjectInline(node, ctx, level);
  const siteName = camel(ctx.site.join("_"));
  const names = [...(str(node.title) ? [camel(str(node.title) ?? "")] : []), HOIST_NAMES[siteName] ?? siteName];
  return hoistable(ctx, level, names, docComment(node, 0), (c, l) => emitObjectInline(node, c, l));
}

function emitObjectInline(node: Node, ctx: Ctx, level: number): string {
  const properties = asNode(node.properties);
  const names = Object.keys(properties);
  const additional = node.additionalProperties;
  const patternValues = Object.values(asNode(node.patternProperties)).map(asNode);
  const extraValue =
    isNode(additional) && Object.keys(additional).length > 0
      ? emitSchema(additional, ctx, level)
      : patternValues.length > 0
        ? patternValues.length === 1
          ? emitSchema(patternValues[0] ?? {}, ctx, level)
          : `z.union([${patternValues.map((v) => emitSchema(v, ctx, level)).join(", ")}])`
        : undefined;

  if (names.length === 0) {
    if (extraValue && extraValue !== "z.unknown()") return `z.record(z.string(), ${extraValue})`;
    return jsonObject(ctx);
  }
  const required = new Set(asArray(node.required).map(String));
  const fields = names.map((name) => {
    const property = asNode(properties[name]);
    let value = emitSchema(property, { ...ctx, site: [...ctx.site, name] }, level + 1);
    if (!required.has(name)) value += ".optional()";
    return `${docComment(property, level + 1)}${"  ".repeat(level + 1)}${field(name, value)},`;
  });
  const body = `{\n${fields.join("\n")}\n${"  ".repeat(level)}}`;
  const constructor =
    additional === false ? "z.strictObject" : ctx.mode === "response" || additional === true || isNode(additional) ? "z.looseObject" : "z.object";
  // An untyped catchall is just a loose object.
  return extraValue && extraValue !== "z.unknown()" ? `z.object(${body}).catchall(${extraValue})` : `${constructor}(${body})`;
}

/**
 * allOf: one referenced base extended with the inline parts. Inline
 * properties that refine a property of the base are merged with it.
 */
function emitAllOf(node: Node, ctx: Ctx, level: number): string {
  const parts = asArray(node.allOf).map(asNode);
  const sibling: Node = { ...node };
  delete sibling.allOf;
  if (isNode(sibling.properties) || Array.isArray(sibling.required)) parts.push(sibling);
  const refs = parts.filter((part) => typeof part.$ref === "string");
  const inline = parts.filter((part) => typeof part.$ref !== "string");
  const merged = inline.reduce<Node>((acc, part) => mergeObjects(acc, resolveSchema(part, ctx.file).node), {});

  if (refs.length === 0) return emitSchema({ type: "object", ...merged }, ctx, level);

  const baseRef = refs[0] as Node;
  const { node: base, file: baseFile } = resolveSchema(baseRef, ctx.file);
  const baseIsObject = base.type === "object" || isNode(base.properties) || Array.isArray(base.allOf);
  let expression = emitSchema(baseRef, ctx, level);
  if (!baseIsObject) {
    for (const other of [...refs.slice(1), ...(Object.keys(merged).length > 0 ? [merged] : [])]) {
      expression = `z.intersection(${expression}, ${emitSchema(other, ctx, level)})`;
    }
    return expression;
  }
  for (const other of refs.slice(1)) expression += `.extend(${emitSchema(other, ctx, level)}.shape)`;

  const baseProperties = asNode(flattenProperties(base, baseFile));
  const baseRequired = new Set(flattenRequired(base, baseFile));
  const properties = asNode(merged.properties);
  const required = new Set(asArray(merged.required).map(String));
  const extension: string[] = [];
  const keys = new Set([...Object.keys(properties), ...[...required].filter((key) => key in baseProperties && !baseRequired.has(key))]);
  for (const key of keys) {
    const refinement = asNode(properties[key]);
    const original = asNode(baseProperties[key]);
    const onlyAnnotations = Object.keys(refinement).every((k) => ANNOTATIONS.has(k) || (k === "properties" && refinesNothing(refinement, original)));
    const requiredChanged = required.has(key) && !baseRequired.has(key);
    if (key in baseProperties && onlyAnnotations && !requiredChanged) continue;
    const property = key in baseProperties ? mergeObjects(original, refinement) : refinement;
    let value = emitSchema(property, { ...ctx, site: [...ctx.site, key] }, level + 1);
    if (!(required.has(key) || baseRequired.has(key))) value += ".optional()";
    extension.push(`${docComment(property, level + 1)}${"  ".repeat(level + 1)}${field(key, value)},`);
  }
  if (extension.length > 0) expression += `.extend({\n${extension.join("\n")}\n${"  ".repeat(level)}})`;
  return expression;
}

function refinesNothing(refinement: Node, original: Node): boolean {
  const inner = asNode(refinement.properties);
  const originalInner = asNode(original.properties);
  return Object.entries(inner).every(
    ([key, value]) => key in originalInner && Object.keys(asNode(value)).every((k) => ANNOTATIONS.has(k) || k === "type"),
  );
}

function flattenProperties(node: Node, file: string): Node {
  const resolved = resolveSchema(node, file);
  let properties: Node = { ...asNode(resolved.node.properties) };
  for (const part of asArray(resolved.node.allOf)) properties = { ...flattenProperties(asNode(part), resolved.file), ...properties };
  return properties;
}

function flattenRequired(node: Node, file: string): string[] {
  const resolved = resolveSchema(node, file);
  const required = asArray(resolved.node.required).map(String);
  for (const part of asArray(resolved.node.allOf)) required.push(...flattenRequired(asNode(part), resolved.file));
  return required;
}

function mergeObjects(a: Node, b: Node): Node {
  const result: Node = { ...a, ...b };
  if (isNode(a.properties) || isNode(b.properties)) {
    const properties: Node = { ...asNode(a.properties) };
    for (const [key, value] of Object.entries(asNode(b.properties))) {
      properties[key] = key in properties ? mergeObjects(asNode(properties[key]), asNode(value)) : value;
    }
    result.properties = properties;
  }
  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    result.required = [...new Set([...asArray(a.required), ...asArray(b.required)])];
  }
  return result;
}

// ---------------------------------------------------------------- operations

interface Operation {
  apiFile: string;
  method: string;
  path: string;
  operationId: string;
  exportName: string;
  op: Node;
  file: string;
}

function basePathOf(doc: Node): string {
  const servers = asArray(doc.servers);
  const variables = asNode(asNode(servers[0]).variables);
  return str(asNode(variables.basePath).default) ?? "";
}

function loadOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const name of readdirSync(apiDir).filter((n) => n.endsWith(".yaml")).sort()) {
    const file = join(apiDir, name);
    const doc = load(file);
    const base = basePathOf(doc);
    for (const [path, methods] of Object.entries(asNode(doc.paths))) {
      for (const [method, op] of Object.entries(asNode(methods))) {
        const operation = asNode(op);
        const operationId = str(operation.operationId) ?? "";
        operations.push({
          apiFile: name,
          method: method.toUpperCase(),
          // A trailing space disambiguates two operations on one path in the spec's sources.
          path: base + path.trim(),
          operationId,
          exportName: camel(operationId),
          op: operation,
          file,
        });
      }
    }
  }
  return operations;
}

function specPages(): Map<string, string> {
  const pages = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".md")) {
        const page = relative(join(specDir, "content"), full).startsWith("application-service-api") ? "application-service-api" : "client-server-api";
        for (const match of readFileSync(full, "utf8").matchAll(/http-api spec="client-server" api="([^"]+)"/g)) {
          pages.set(`${match[1]}.yaml`, page);
        }
      }
    }
  };
  walk(join(specDir, "content"));
  return pages;
}

function anchor(method: string, path: string): string {
  return `${method.toLowerCase()}${path.toLowerCase()}`.replace(/[^a-z0-9_-]/g, "");
}

function authOf(op: Node): string {
  const security = asArray(op.security).map(asNode);
  if (security.length === 0) return "none";
  const schemes = security.map((entry) => Object.keys(entry));
  if (schemes.some((keys) => keys.length === 0)) return "optional";
  return "required";
}

function sinceOf(operation: Operation): string {
  const override = SINCE_OVERRIDES[operation.operationId];
  if (override) return override;
  const added = operation.op["x-addedInMatrixVersion"];
  if (typeof added === "string") return `v${added}`;
  if (/^\/_matrix\/(client|media)\/v1\//.test(operation.path)) {
    throw new Error(`${operation.operationId}: a /v1/ endpoint without x-addedInMatrixVersion needs a SINCE_OVERRIDES entry`);
  }
  return "r0";
}

function legacyPathOf(path: string, since: string): string | undefined {
  if (since !== "r0") return undefined;
  const match = /^\/_matrix\/(client|media)\/v3\//.exec(path);
  return match ? path.replace("/v3/", "/r0/") : undefined;
}

function parametersOf(operation: Operation, location: string): Located[] {
  return asArray(operation.op.parameters)
    .map((p) => deref(asNode(p), operation.file))
    .filter((p) => p.node.in === location);
}

function emitParams(operation: Operation, location: "path" | "query", ctx: Ctx, level: number): string | undefined {
  const params = parametersOf(operation, location);
  if (params.length === 0) return undefined;
  const named = params.filter(({ node }) => !(location === "query" && asNode(node.schema).type === "object"));
  if (named.length === 0) return emitParamsInline(params, location, ctx, level);
  // Named after the parameters: `roomIdEventIdParams`, `viaQuery`. An identifier that the spec
  // gives no format for (any non-empty string, not checked as an ID) is named as such.
  const unchecked = params.filter(({ node }) => {
    const schema = asNode(node.schema);
    return location === "path" && schema.type === "string" && !schema.pattern && !schema.enum && IDENTIFIER_NAMES.has(str(node.name) ?? "");
  });
  const fields = named.map((p) => str(p.node.name) ?? "").join("_");
  const name = camel(`${unchecked.length > 0 ? "unchecked_" : ""}${fields}_${location === "path" ? "params" : "query"}`);
  const doc =
    unchecked.length > 0
      ? `/** The spec gives ${unchecked.map((p) => `\`${str(p.node.name)}\``).join(" and ")} no format here: any non-empty string. */\n`
      : "";
  return hoistable(ctx, level, [name, camel(ctx.site.join("_"))], doc, (c, l) => emitParamsInline(params, location, c, l));
}

function emitParamsInline(params: Located[], location: "path" | "query", ctx: Ctx, level: number): string {
  let catchall: string | undefined;
  const fields: string[] = [];
  for (const { node, file } of params) {
    const name = str(node.name) ?? "";
    const schema = asNode(node.schema);
    const pctx = { ...ctx, file, site: [...ctx.site, name] };
    if (location === "query" && schema.type === "object") {
      // style=form, explode=true: the object's keys are the query parameters themselves.
      catchall = emitSchema(asNode(schema.additionalProperties ?? { type: "string" }), pctx, level + 1);
      continue;
    }
    let value: string;
    if (location === "path") {
      if (schema.type === "string" && !schema.enum && !schema.pattern) {
        // Only a final placeholder can be empty ("the trailing slash is optional"); the spec says so for stateKey.
        value = name === "stateKey" ? "z.string()" : "z.string().min(1)";
      } else {
        value = emitSchema(schema, pctx, level + 1);
      }
    } else {
      value = emitSchema(schema, pctx, level + 1);
      if (node.required !== true) value += ".optional()";
    }
    fields.push(`${docComment(node, level + 1)}${"  ".repeat(level + 1)}${field(name, value)},`);
  }
  const body = fields.length === 0 ? "{}" : `{\n${fields.join("\n")}\n${"  ".repeat(level)}}`;
  return catchall ? `z.object(${body}).catchall(${catchall})` : `z.object(${body})`;
}

// "All POST and PUT endpoints, with the exception of those listed below,
// require the client to supply a request body containing a (potentially
// empty) JSON object" (API Standards): logout takes an empty body.
const EMPTY_BODY_OPERATIONS = new Set(["logout", "logout_all"]);

function emitBody(operation: Operation, ctx: Ctx, level: number): string | undefined {
  if (!operation.op.requestBody) {
    const needsObject = (operation.method === "POST" || operation.method === "PUT") && !EMPTY_BODY_OPERATIONS.has(operation.operationId);
    return needsObject ? jsonObject(ctx) : undefined;
  }
  const located = deref(asNode(operation.op.requestBody), operation.file);
  const content = asNode(located.node.content);
  const json = asNode(content["application/json"]);
  if (!("application/json" in content)) {
    return ctx.out.use("@myelin/http", "rawBody") + "()";
  }
  return emitSchema(asNode(json.schema), { ...ctx, file: located.file, mode: "request" }, level);
}

function emitResponse(operation: Operation, ctx: Ctx, level: number): string {
  const responses = asNode(operation.op.responses);
  const success = Object.keys(responses)
    .filter((status) => /^2\d\d$/.test(status))
    .sort();
  for (const status of success) {
    const located = deref(asNode(responses[status]), operation.file);
    const content = asNode(located.node.content);
    if ("application/json" in content) {
      return emitSchema(asNode(asNode(content["application/json"]).schema), { ...ctx, file: located.file, mode: "response" }, level);
    }
  }
  return ctx.out.use("@myelin/http", "rawResponse") + "()";
}

function emitOperation(operation: Operation, ctx: Ctx, pages: Map<string, string>): string {
  const { op } = operation;
  const since = sinceOf(operation);
  const legacy = legacyPathOf(operation.path, since);
  const page = pages.get(operation.apiFile) ?? "client-server-api";
  const lines: string[] = [];
  lines.push(`  method: "${operation.method}",`);
  lines.push(`  path: "${operation.path}",`);
  if (legacy) lines.push(`  legacyPaths: ["${legacy}"],`);
  lines.push(`  auth: "${authOf(op)}",`);
  lines.push(`  rateLimited: ${"429" in asNode(op.responses)},`);
  lines.push(`  since: "${since}",`);
  if (op.deprecated === true) lines.push("  deprecated: true,");
  lines.push(`  operationId: "${operation.operationId}",`);
  lines.push(`  specSection: "${SPEC_URL}/${page}/#${anchor(operation.method, operation.path)}",`);
  const requestCtx = (role: string): Ctx => ({ ...ctx, file: operation.file, mode: "request", site: [operation.exportName, role] });
  const pathParams = emitParams(operation, "path", requestCtx("pathParams"), 1);
  if (pathParams) lines.push(`  pathParams: ${pathParams},`);
  const query = emitParams(operation, "query", requestCtx("query"), 1);
  if (query) lines.push(`  query: ${query},`);
  const body = emitBody(operation, requestCtx("body"), 1);
  if (body) lines.push(`  body: ${body},`);
  const responseCtx: Ctx = { ...ctx, file: operation.file, mode: "response", site: [operation.exportName, "response"] };
  lines.push(`  response: ${emitResponse(operation, responseCtx, 1)},`);

  const summary = firstSentence(op.summary) ?? operation.operationId;
  const doc = [summary, ...(op.deprecated === true ? ["@deprecated"] : [])];
  const comment = doc.length === 1 ? `/** ${doc[0]} */` : `/**\n${doc.map((l) => ` * ${l}`).join("\n")}\n */`;
  ctx.out.use("@myelin/http", "endpoint");
  return `${comment}\nexport const ${operation.exportName} = endpoint({\n${lines.join("\n")}\n});`;
}

// ---------------------------------------------------------------- files

const HEADER = (source: string): string =>
  `// The client-server API's ${source}, as data.\n// Generated by scripts/generate-endpoints.ts from the spec's OpenAPI, then reviewed.\n`;

function writeEndpointModule(apiFile: string, operations: Operation[], pages: Map<string, string>, recording: boolean): string {
  const path = join(packageDir, "src/endpoints", `${kebab(basename(apiFile, ".yaml"))}.ts`);
  const out = new ModuleWriter(path);
  out.use("zod", "z");
  const ctx: Ctx = { file: join(apiDir, apiFile), mode: "request", out, recording, hoisting: true, site: [], ancestors: [] };
  const blocks = operations.map((operation) => emitOperation(operation, ctx, pages));
  const components = [...definitions.values()]
    .filter((def) => def.ownerFile === join(apiDir, apiFile))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((def) => {
      const node = asNode(pointerGet(load(def.file), def.pointer));
      const expression = emitSchema(node, { ...ctx, file: def.file, mode: modeOf(def), site: [def.name] }, 0);
      return { name: def.name, source: `${docComment(node, 0)}const ${def.name} = ${expression};` };
    });
  const locals = declarationOrder([...components, ...localHoists(path, out)]).map((declaration) => declaration.source);
  const usesZ = [...blocks, ...locals].some((block) => /\bz\./.test(block));
  if (!usesZ) out.imports.delete("zod");
  const title = str(asNode(load(join(apiDir, apiFile)).info).title) ?? apiFile;
  return `${HEADER(`${apiFile} (${title})`)}${out.importBlock()}\n\n${[...locals, ...blocks].join("\n\n")}\n`;
}

/** The hoisted consts declared in the module at `path` but not exported from it. */
function localHoists(path: string, out: ModuleWriter): { name: string; source: string }[] {
  return [...hoists.values()]
    .filter((hoist) => hoist.home === path && !hoist.shared)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((hoist) => ({ name: hoist.name, source: hoistDeclaration(hoist, out, false) }));
}

function writeSchemaModule(def: Definition): string {
  const path = join(packageDir, "src/schemas", `${def.module}.ts`);
  const out = new ModuleWriter(path);
  out.use("zod", "z");
  const node = asNode(pointerGet(load(def.file), def.pointer));
  const expression = emitSchema(node, { file: def.file, mode: modeOf(def), out, recording: false, hoisting: false, site: [], ancestors: [] }, 0);
  // `z` only appears in `z.infer` when the schema extends another one.
  if (!/\bz\./.test(expression)) out.typeOnly.add("zod");
  const typeName = pascal(def.name);
  const source = relative(join(specDir, "data"), def.file);
  return (
    `// ${str(node.title) ?? def.name}: data/${source} of the spec.\n// Generated by scripts/generate-endpoints.ts, then reviewed.\n` +
    `${out.importBlock()}\n\n${docComment(node, 0)}export const ${def.name} = ${expression};\n\nexport type ${typeName} = z.infer<typeof ${def.name}>;\n`
  );
}

const HOIST_HEADER = "// Inline schemas that several endpoint modules spell out the same way, written once.";
const PARAMS_MODULES = new Set(["path-params", "query-params"]);

/** Where a hoisted const shared by several modules is declared. */
function sharedHome(name: string, first: Occurrence<unknown>): string {
  const role = first.path[1];
  const module = role === "pathParams" ? "path-params" : role === "query" ? "query-params" : kebab(name);
  return join(packageDir, "src/schemas", `${module}.ts`);
}

function writeHoistModule(path: string, exported: Hoist<Rewrite>[]): string {
  const out = new ModuleWriter(path);
  out.use("zod", "z");
  const declarations = declarationOrder([
    ...localHoists(path, out),
    ...exported.map((hoist) => ({ name: hoist.name, source: hoistDeclaration(hoist, out, true) })),
  ]);
  const types = PARAMS_MODULES.has(basename(path, ".ts"))
    ? []
    : exported.map((hoist) => `export type ${pascal(hoist.name)} = z.infer<typeof ${hoist.name}>;`);
  const uses = [...new Set(exported.flatMap((hoist) => hoist.occurrences.map((o) => o.path[0] ?? "")))].sort();
  return (
    `${HOIST_HEADER}\n// Generated by scripts/generate-endpoints.ts (see scripts/hoisting.ts), then reviewed.\n` +
    `${commentLines(`Used by ${uses.join(", ")}.`)}\n${out.importBlock()}\n\n${[...declarations.map((d) => d.source), ...types].join("\n\n")}\n`
  );
}

/** `text` as `//` comment lines of at most about 100 characters. */
function commentLines(text: string): string {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + word.length < 100) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(`// ${word}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const operations = loadOperations();
  const pages = specPages();
  const byFile = new Map<string, Operation[]>();
  for (const operation of operations) {
    const list = byFile.get(operation.apiFile) ?? [];
    list.push(operation);
    byFile.set(operation.apiFile, list);
  }
  // Pass 1 records which definitions are sent by whom and which inline objects repeat; pass 2 writes.
  for (const [apiFile, list] of byFile) writeEndpointModule(apiFile, list, pages, true);
  const taken = new Set([
    ...operations.map((operation) => operation.exportName),
    ...[...definitions.values()].map((def) => def.name),
    ...Object.values(IDENTIFIER_FORMATS),
    ...["z", "endpoint", "jsonObject", "rawBody", "rawResponse"],
  ]);
  hoists = decideHoists(occurrences, { taken, sharedHome });

  mkdirSync(join(packageDir, "src/endpoints"), { recursive: true });
  const modules: string[] = [];
  for (const [apiFile, list] of byFile) {
    const module = kebab(basename(apiFile, ".yaml"));
    modules.push(module);
    writeFileSync(join(packageDir, "src/endpoints", `${module}.ts`), await pretty(writeEndpointModule(apiFile, list, pages, false)));
  }
  writeFileSync(
    join(packageDir, "src/endpoints/index.ts"),
    `// Every client-server endpoint, one module per OpenAPI file of the spec.\n${modules
      .sort()
      .map((m) => `export * from "./${m}.js";`)
      .join("\n")}\n`,
  );
  const shared = [...definitions.values()].filter((def) => def.module !== "");
  for (const def of shared) {
    writeFileSync(join(packageDir, "src/schemas", `${def.module}.ts`), await pretty(writeSchemaModule(def)));
  }
  const hoistModules = new Map<string, Hoist<Rewrite>[]>();
  for (const hoist of [...hoists.values()].filter((h) => h.shared).sort((a, b) => a.name.localeCompare(b.name))) {
    hoistModules.set(hoist.home, [...(hoistModules.get(hoist.home) ?? []), hoist]);
  }
  // A module written by an earlier run for a schema that no longer repeats goes away.
  for (const name of readdirSync(join(packageDir, "src/schemas"))) {
    const path = join(packageDir, "src/schemas", name);
    if (!hoistModules.has(path) && readFileSync(path, "utf8").startsWith(HOIST_HEADER)) rmSync(path);
  }
  for (const [path, exported] of hoistModules) writeFileSync(path, await pretty(writeHoistModule(path, exported)));
  const schemaModules = readdirSync(join(packageDir, "src/schemas"))
    .filter((name) => name.endsWith(".ts") && name !== "index.ts" && !name.endsWith(".test.ts"))
    .map((name) => basename(name, ".ts"))
    .sort();
  writeFileSync(
    join(packageDir, "src/schemas/index.ts"),
    `// The schemas the endpoints share: the spec's definitions/ folder and the core event schemas.\n${schemaModules
      .map((m) => `export * from "./${m}.js";`)
      .join("\n")}\n`,
  );
  const local = [...hoists.values()].filter((h) => !h.shared).length;
  console.log(
    `${operations.length} operations in ${byFile.size} files; ${shared.length} shared schemas; ` +
      `${hoists.size} repeated inline schemas written once (${hoists.size - local} in ${hoistModules.size} shared modules)`,
  );
}

/** Lay the output out the way a person would (the emitter only gets the nesting right). */
function pretty(source: string): Promise<string> {
  return format(source, { parser: "typescript", printWidth: 120 });
}

await main();
