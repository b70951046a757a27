import type { z } from "zod";
import type { AnyEndpoint, BodySchema, RawBody, RawResponse } from "./endpoint.js";

/** What the client sends for a raw (non-JSON) body. */
export interface RawBodyInput {
  data: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | string;
  contentType?: string;
}

/** What a server handler receives for a raw (non-JSON) body. */
export interface RawBodyReceived {
  data: Uint8Array;
  contentType: string | undefined;
}

type BodyInput<B extends BodySchema | undefined> = B extends RawBody ? RawBodyInput : B extends z.ZodType ? z.input<B> : undefined;
type BodyOutput<B extends BodySchema | undefined> = B extends RawBody ? RawBodyReceived : B extends z.ZodType ? z.output<B> : undefined;

/** `{ key: T }` when T has required content, `{ key?: T }` when it can be left out. */
type Part<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: undefined }
  : Record<never, never> extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

/** The request a client passes to `call()`: path parameters, query and body, typed from the schemas. */
export type RequestOf<E extends AnyEndpoint> = Part<"path", z.input<E["pathParams"]>> &
  Part<"query", z.input<E["query"]>> &
  Part<"body", BodyInput<E["body"]>>;

/** The request a server handler receives, after validation (schema outputs, defaults applied). */
export interface ServerRequestOf<E extends AnyEndpoint> {
  path: z.output<E["pathParams"]>;
  query: z.output<E["query"]>;
  body: BodyOutput<E["body"]>;
}

/** What the client returns: the validated JSON body, or the `Response` of a raw endpoint. */
export type ResponseOf<E extends AnyEndpoint> = E["response"] extends RawResponse
  ? Response
  : E["response"] extends z.ZodType
    ? z.output<E["response"]>
    : never;

/** The JSON body a server handler returns for a successful call. */
export type ResponseBodyOf<E extends AnyEndpoint> = E["response"] extends z.ZodType ? z.input<E["response"]> : never;


