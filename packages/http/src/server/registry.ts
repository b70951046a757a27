import { templateToRegExp } from "../endpoint/path.js";

/**
 * The paths and methods bound on each app, so the fallbacks can answer
 * 405 (known path, wrong method) rather than 404. Kept beside the app rather
 * than on it so Hono's own objects stay untouched.
 */
interface BoundPath {
  pattern: RegExp;
  methods: Set<string>;
}

const registries = new WeakMap<object, Map<string, BoundPath>>();

export function registerBoundPath(app: object, template: string, method: string): void {
  let registry = registries.get(app);
  if (!registry) {
    registry = new Map();
    registries.set(app, registry);
  }
  let bound = registry.get(template);
  if (!bound) {
    bound = { pattern: templateToRegExp(template), methods: new Set() };
    registry.set(template, bound);
  }
  bound.methods.add(method);
}

/** The methods bound for a raw request path, or an empty list if the path is unknown. */
export function boundMethodsFor(app: object, rawPath: string): string[] {
  const methods = new Set<string>();
  for (const bound of registries.get(app)?.values() ?? []) {
    if (bound.pattern.test(rawPath)) for (const method of bound.methods) methods.add(method);
  }
  return [...methods];
}

/**
 * The spec puts two operations on one method and path in two places
 * (`POST /rooms/{roomId}/invite`: inviteUser and inviteBy3PID; `GET /events`:
 * getEvents and peekEvents). Each registration gets its index, so a request
 * that fails one variant's schemas can be offered to the next one.
 */
const variants = new WeakMap<object, Map<string, number>>();

export function registerVariant(app: object, method: string, template: string): number {
  let counts = variants.get(app);
  if (!counts) {
    counts = new Map();
    variants.set(app, counts);
  }
  const key = `${method} ${template}`;
  const index = counts.get(key) ?? 0;
  counts.set(key, index + 1);
  return index;
}

export function variantCount(app: object, method: string, template: string): number {
  return variants.get(app)?.get(`${method} ${template}`) ?? 0;
}
