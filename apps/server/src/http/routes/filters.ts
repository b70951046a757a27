import { defineFilter, getFilter } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { RouteContext } from "../context.js";

// Spec: client-server "Filtering" (filter.yaml).
export function filterRoutes({ serve, services }: RouteContext): void {
  serve(defineFilter, async ({ path, body }, { auth }) => {
    if (path.userId !== auth.userId) throw MatrixError.forbidden("You can only create filters for yourself");
    return { filter_id: await services.filters.create(auth.userId, body) };
  });

  serve(getFilter, async ({ path }, { auth }) => {
    if (path.userId !== auth.userId) throw MatrixError.forbidden("You can only read your own filters");
    const filter = await services.filters.get(auth.userId, path.filterId);
    if (filter === undefined) throw MatrixError.notFound("Unknown filter");
    return filter;
  });
}
