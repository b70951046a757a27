import { postReceipt, setReadMarker, setTyping } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { RouteContext } from "../context.js";

// Spec: client-server "Typing Notifications" (typing.yaml), "Receipts"
// (receipts.yaml) and "Fully read markers" (read_markers.yaml).
export function typingAndReceiptRoutes({ serve, services }: RouteContext): void {
  serve(setTyping, async ({ path, body }, { auth }) => {
    if (path.userId !== auth.userId) throw MatrixError.forbidden("You can only set your own typing state");
    const membership = await services.storage.rooms.getMembership(path.roomId, auth.userId);
    if (membership?.membership !== "join") throw MatrixError.forbidden("You are not joined to this room");
    services.typing.setTyping(path.roomId, auth.userId, body.typing, body.timeout);
    return {};
  });

  serve(postReceipt, async ({ path, body }, { auth }) => {
    await services.receipts.postReceipt(auth.userId, path.roomId, path.receiptType, path.eventId, body.thread_id);
    return {};
  });

  serve(setReadMarker, async ({ path, body }, { auth }) => {
    await services.receipts.setReadMarkers(auth.userId, path.roomId, {
      ...(body["m.fully_read"] !== undefined && { fullyRead: body["m.fully_read"] }),
      ...(body["m.read"] !== undefined && { read: body["m.read"] }),
      ...(body["m.read.private"] !== undefined && { readPrivate: body["m.read.private"] }),
    });
    return {};
  });
}
