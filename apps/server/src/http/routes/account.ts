import { changePassword, deactivateAccount } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { RouteContext } from "../context.js";

export function accountRoutes({ serve, services }: RouteContext): void {
  // Both endpoints allow no access token for flows that prove identity by
  // email; without 3PIDs, the only way in is a logged-in user's password.
  serve(changePassword, async ({ body }, { auth }) => {
    if (!auth) throw MatrixError.missingToken();
    if (body.new_password === "") throw new MatrixError("M_WEAK_PASSWORD", "The new password must not be empty");
    const outcome = await services.accounts.reauthenticate(auth, "change_password", body.auth);
    if (!outcome.completed) return outcome.response;
    await services.accounts.changePassword(auth, body.new_password, body.logout_devices ?? true);
    return {};
  });

  serve(deactivateAccount, async ({ body }, { auth }) => {
    if (!auth) throw MatrixError.missingToken();
    const outcome = await services.accounts.reauthenticate(auth, "deactivate", body.auth);
    if (!outcome.completed) return outcome.response;
    await services.accounts.deactivate(auth.userId);
    // No third-party identifiers are bound, so there was nothing to unbind.
    return { id_server_unbind_result: "success" as const };
  });
}
