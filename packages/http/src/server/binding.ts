import type { Env, Hono, Schema } from "hono";
import type { AnyEndpoint } from "../endpoint/endpoint.js";
import { matrixFallbacks } from "./fallbacks.js";
import type { BindingOptions } from "./options.js";
import { route, type Handler } from "./route.js";

export interface MatrixBinding<A> {
  readonly options: Readonly<BindingOptions<A>>;
  /** `route()` with this binding's options. */
  route<E extends AnyEndpoint, HE extends Env, S extends Schema, BP extends string>(
    app: Hono<HE, S, BP>,
    endpoint: E,
    handler: Handler<E, A>,
  ): void;
  /** `matrixFallbacks()` with this binding's error hook. */
  fallbacks<HE extends Env, S extends Schema, BP extends string>(app: Hono<HE, S, BP>): void;
}

/**
 * Bind the application's hooks (authentication, limits, logging) once and
 * reuse them for every endpoint it serves.
 */
export function createMatrixBinding<A>(options: BindingOptions<A>): MatrixBinding<A> {
  return {
    options,
    route(app, endpoint, handler) {
      route(app, endpoint, handler, options);
    },
    fallbacks(app) {
      matrixFallbacks(app, options);
    },
  };
}
