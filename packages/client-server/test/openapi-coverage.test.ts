// Coverage: every operation of the spec's client-server OpenAPI files has
// exactly one endpoint definition with the same method, path and metadata
// (client-server-api, and the appservice endpoints of application-service-api
// that the spec keeps in the client-server OpenAPI).
import { describe, expect, it } from "vitest";
import type { AnyEndpoint } from "@myelin/http";
import { clientServerEndpoints } from "../src/index.js";
import { asNode, clientServerOperations, type SpecOperation } from "./helpers/spec.js";

const operations = clientServerOperations();
const byOperationId = new Map<string, AnyEndpoint>(clientServerEndpoints.map((e) => [e.operationId, e]));

function authOf(op: SpecOperation["op"]): string {
  const security = (op.security as unknown[] | undefined) ?? [];
  if (security.length === 0) return "none";
  return security.some((entry) => Object.keys(asNode(entry)).length === 0) ? "optional" : "required";
}

// Documented in scripts/generate-endpoints.ts (SINCE_OVERRIDES): the marker
// says 1.1 but r0.4.0–r0.6.1 already had the endpoint.
const SINCE_EXCEPTIONS = new Set(["redirectToSSO"]);

describe("client-server OpenAPI coverage", () => {
  it("defines every operation once, with its method and path", () => {
    const missing = operations.filter((op) => !byOperationId.has(op.operationId)).map((op) => `${op.method} ${op.path} (${op.operationId})`);
    const mismatched = operations.flatMap((op) => {
      const endpoint = byOperationId.get(op.operationId);
      if (!endpoint) return [];
      return endpoint.method === op.method && endpoint.path === op.path
        ? []
        : [`${op.operationId}: spec ${op.method} ${op.path}, defined ${endpoint.method} ${endpoint.path}`];
    });
    const specIds = new Set(operations.map((op) => op.operationId));
    const extra = clientServerEndpoints.filter((e) => !specIds.has(e.operationId)).map((e) => e.operationId);
    const duplicates = clientServerEndpoints.length - byOperationId.size;
    const covered = operations.length - missing.length - mismatched.length;
    console.log(`client-server OpenAPI coverage: ${covered}/${operations.length} operations defined (${((100 * covered) / operations.length).toFixed(1)}%)`);
    expect({ missing, mismatched, extra, duplicates }).toEqual({ missing: [], mismatched: [], extra: [], duplicates: 0 });
    expect(operations).toHaveLength(166);
  });

  it("matches the spec's authentication, rate limiting, deprecation and version markers", () => {
    const differences = operations.flatMap((op) => {
      const endpoint = byOperationId.get(op.operationId);
      if (!endpoint) return [];
      const found: string[] = [];
      if (endpoint.auth !== authOf(op.op)) found.push(`auth ${endpoint.auth} vs ${authOf(op.op)}`);
      if (endpoint.rateLimited !== "429" in asNode(op.op.responses)) found.push("rateLimited");
      if (endpoint.deprecated !== (op.op.deprecated === true)) found.push("deprecated");
      const added = op.op["x-addedInMatrixVersion"];
      if (typeof added === "string" && !SINCE_EXCEPTIONS.has(op.operationId) && endpoint.since !== `v${added}`) {
        found.push(`since ${endpoint.since} vs v${added}`);
      }
      return found.length > 0 ? [`${op.operationId}: ${found.join(", ")}`] : [];
    });
    expect(differences).toEqual([]);
  });

  it("serves the r0 path exactly for the endpoints that existed before v1.1 (MSC2844 re-versioning)", () => {
    const wrong = clientServerEndpoints.flatMap((endpoint) => {
      const expected =
        endpoint.since === "r0" && /^\/_matrix\/(client|media)\/v3\//.test(endpoint.path) ? [endpoint.path.replace("/v3/", "/r0/")] : [];
      return JSON.stringify(endpoint.legacyPaths) === JSON.stringify(expected) ? [] : [`${endpoint.operationId}: ${endpoint.legacyPaths.join(", ")}`];
    });
    expect(wrong).toEqual([]);
    expect(clientServerEndpoints.filter((e) => e.legacyPaths.length > 0).length).toBeGreaterThan(100);
  });

  it("names the spec section of every endpoint", () => {
    for (const endpoint of clientServerEndpoints) {
      expect(endpoint.specSection).toMatch(/^https:\/\/spec\.matrix\.org\/v1\.19\/(client-server-api|application-service-api)\/#[a-z0-9_-]+$/);
    }
  });
});
