// Repeated inline schemas, written once. The spec's OpenAPI files often spell
// the same object out inline in several operations (a `{ roomId }` path, the
// same response of two key-backup endpoints); the generator records every
// inline object it writes, and an object whose source (comments aside) occurs
// at two or more places becomes one named const: local to the module when
// all its places are in one module, otherwise a module of its own.

/** Where an inline object stands: its module and its path of names inside it. */
export interface Site {
  module: string;
  /** Export name, role and property names down to the object, e.g. ["ban", "body"]. */
  path: string[];
  /** The inline objects around this one, outermost first, with the path length at each. */
  ancestors: { key: string; depth: number }[];
}

export interface Occurrence<T> extends Site {
  key: string;
  /** Names to give it, most fitting first (the spec's title, then one made of the path). */
  names: string[];
  /** Lets the generator write the object again (as the hoisted declaration). */
  payload: T;
}

export interface Hoist<T> {
  key: string;
  name: string;
  /** The module the const is declared in. */
  home: string;
  /** True when the const has a module of its own (shared by several modules). */
  shared: boolean;
  /** One occurrence per distinct place, for writing the declaration and merging its comments. */
  occurrences: Occurrence<T>[];
}

const COMMENT = /\/\*\*[\s\S]*?\*\//g;

/** What makes two schemas the same: their source without doc comments and layout. */
export function schemaKey(source: string): string {
  return source.replace(COMMENT, "").replace(/\s+/g, " ").trim();
}

export interface HoistOptions {
  /** Names already in use in the generated code. */
  taken: Set<string>;
  /** Where a const used by several modules is declared. */
  sharedHome(name: string, first: Occurrence<unknown>): string;
}

/**
 * Choose what to hoist. The longest sources are decided first so that an
 * object inside a hoisted one counts once for all copies of its parent (it
 * is written once, in the parent's declaration).
 */
export function decideHoists<T>(occurrences: Occurrence<T>[], options: HoistOptions): Map<string, Hoist<T>> {
  const byKey = new Map<string, Occurrence<T>[]>();
  for (const occurrence of occurrences) {
    const list = byKey.get(occurrence.key) ?? [];
    list.push(occurrence);
    byKey.set(occurrence.key, list);
  }
  const hoists = new Map<string, Hoist<T>>();
  const candidates = [...byKey.entries()].filter(([, list]) => list.length > 1).sort(([a], [b]) => b.length - a.length || a.localeCompare(b));
  for (const [key, list] of candidates) {
    const places = new Map<string, { home: string; occurrence: Occurrence<T> }>();
    for (const occurrence of list) {
      const parent = [...occurrence.ancestors].reverse().find((ancestor) => hoists.has(ancestor.key));
      const parentHoist = parent ? hoists.get(parent.key) : undefined;
      const place =
        parent && parentHoist
          ? { id: `${parent.key}|${occurrence.path.slice(parent.depth).join(".")}`, home: parentHoist.home }
          : { id: `${occurrence.module}|${occurrence.path.join(".")}`, home: occurrence.module };
      if (!places.has(place.id)) places.set(place.id, { home: place.home, occurrence });
    }
    if (places.size < 2) continue;
    const first = list[0] as Occurrence<T>;
    const name = freeName(first.names, options.taken);
    options.taken.add(name);
    const homes = new Set([...places.values()].map((place) => place.home));
    const shared = homes.size > 1;
    hoists.set(key, {
      key,
      name,
      home: shared ? options.sharedHome(name, first) : ([...homes][0] as string),
      shared,
      occurrences: [...places.values()].map((place) => place.occurrence),
    });
  }
  return hoists;
}

function freeName(names: string[], taken: Set<string>): string {
  const free = names.find((name) => !taken.has(name));
  if (free) return free;
  const base = names[names.length - 1] ?? "schema";
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/**
 * One source for several copies that differ only in their doc comments: a
 * comment is kept where every copy has it, and dropped where they disagree
 * (each endpoint's own description of, say, `roomId` stays in the spec).
 */
export function mergeComments(sources: string[]): string {
  const split = sources.map(commentedLines);
  const [first, ...rest] = split;
  if (!first) return "";
  for (const other of rest) {
    if (other.length !== first.length || other.some((entry, i) => entry.code.trim() !== first[i]?.code.trim())) {
      throw new Error(`hoisted copies differ beyond comments:\n${sources.join("\n---\n")}`);
    }
  }
  return first
    .map((entry, i) => {
      const agreed = rest.every((other) => other[i]?.comment === entry.comment);
      return agreed && entry.comment !== "" ? `${entry.comment}\n${entry.code}` : entry.code;
    })
    .join("\n");
}

function commentedLines(source: string): { comment: string; code: string }[] {
  const entries: { comment: string; code: string }[] = [];
  let comment: string[] = [];
  let inComment = false;
  for (const line of source.split("\n")) {
    const trimmed = line.trim();
    if (inComment || trimmed.startsWith("/**")) {
      comment.push(trimmed);
      inComment = !trimmed.endsWith("*/");
      continue;
    }
    entries.push({ comment: comment.join("\n"), code: line });
    comment = [];
  }
  return entries;
}

/** Declarations in an order where each const is declared before one that uses it. */
export function declarationOrder(declarations: { name: string; source: string }[]): { name: string; source: string }[] {
  const byName = new Map(declarations.map((declaration) => [declaration.name, declaration]));
  const ordered: { name: string; source: string }[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): void => {
    const declaration = byName.get(name);
    if (!declaration || state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`declarations refer to each other: ${name}`);
    state.set(name, "visiting");
    const body = declaration.source.replace(COMMENT, "").replace(/^[^=]*=/, "");
    for (const other of byName.keys()) if (other !== name && new RegExp(`\\b${other}\\b(?!\\s*:)`).test(body)) visit(other);
    state.set(name, "done");
    ordered.push(declaration);
  };
  for (const declaration of declarations) visit(declaration.name);
  return ordered;
}
