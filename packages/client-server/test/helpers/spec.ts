// Reading the spec's OpenAPI files for the tests that hold the endpoint
// definitions to them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export type Node = Record<string, unknown>;

export const SPEC_DIR = resolve(
  process.env.MYELIN_MATRIX_SPEC_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/matrix-spec"),
);
export const CLIENT_SERVER_DIR = join(SPEC_DIR, "data/api/client-server");

const cache = new Map<string, Node>();
export function loadYaml(file: string): Node {
  let doc = cache.get(file);
  if (!doc) {
    doc = parse(readFileSync(file, "utf8")) as Node;
    cache.set(file, doc);
  }
  return doc;
}

export function asNode(value: unknown): Node {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

export interface SpecOperation {
  file: string;
  method: string;
  /** Full path: the file's server basePath and the path key, without the disambiguating trailing space. */
  path: string;
  operationId: string;
  op: Node;
}

export function clientServerOperations(): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const name of readdirSync(CLIENT_SERVER_DIR).filter((n) => n.endsWith(".yaml"))) {
    const file = join(CLIENT_SERVER_DIR, name);
    const doc = loadYaml(file);
    const server = asNode((doc.servers as unknown[] | undefined)?.[0]);
    const basePath = asNode(asNode(server.variables).basePath).default;
    const base = typeof basePath === "string" ? basePath : "";
    for (const [path, methods] of Object.entries(asNode(doc.paths))) {
      for (const [method, op] of Object.entries(asNode(methods))) {
        operations.push({ file: name, method: method.toUpperCase(), path: base + path.trim(), operationId: String(asNode(op).operationId), op: asNode(op) });
      }
    }
  }
  return operations;
}

/** Resolve `$ref` (relative file and/or JSON pointer) from `fromFile`. */
export function resolveRef(node: Node, fromFile: string): { node: Node; file: string } {
  let current = { node, file: fromFile };
  for (let depth = 0; depth < 10 && typeof current.node.$ref === "string"; depth++) {
    const [path = "", pointer = ""] = current.node.$ref.split("#");
    const file = path === "" ? current.file : resolve(dirname(current.file), path);
    let target: unknown = loadYaml(file);
    for (const part of pointer.split("/").filter(Boolean)) target = asNode(target)[part];
    current = { node: asNode(target), file };
  }
  return current;
}
