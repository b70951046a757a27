// "User-Interactive Authentication API": flows, stages and the 401 loop.
import { MatrixError } from "@myelin/client-server";
import { describe, expect, it } from "vitest";
import { chooseFlow, nextStage, parseUiaResponse, UnsupportedAuthError, withUserInteractiveAuth } from "./user-interactive-auth.js";

const SUPPORTED = new Set(["m.login.dummy", "m.login.registration_token"]);
const uia401 = (extra: Record<string, unknown>, errcode = "M_UNKNOWN") => MatrixError.fromResponse(401, { ...(errcode === "M_UNKNOWN" ? {} : { errcode, error: "no" }), ...extra });

describe("choosing a flow", () => {
  it("picks the first flow made only of supported stages and walks its stages in order", () => {
    const state = parseUiaResponse(uia401({ flows: [{ stages: ["m.login.recaptcha"] }, { stages: ["m.login.registration_token", "m.login.dummy"] }], session: "s" }))!;
    const flow = chooseFlow(state, SUPPORTED)!;
    expect(flow).toEqual(["m.login.registration_token", "m.login.dummy"]);
    expect(nextStage(flow, ["m.login.registration_token"])).toBe("m.login.dummy");
  });

  it("is not UIA when the 401 carries no flows", () => {
    expect(parseUiaResponse(MatrixError.fromResponse(401, { errcode: "M_UNKNOWN_TOKEN", error: "x" }))).toBeUndefined();
  });
});

describe("withUserInteractiveAuth", () => {
  it("answers each stage with the session until the server accepts", async () => {
    const sent: unknown[] = [];
    const result = await withUserInteractiveAuth(
      (auth) => {
        sent.push(auth);
        if (auth === undefined) throw uia401({ flows: [{ stages: ["m.login.registration_token", "m.login.dummy"] }], session: "abc" });
        if (auth.type === "m.login.registration_token") throw uia401({ flows: [{ stages: ["m.login.registration_token", "m.login.dummy"] }], session: "abc", completed: ["m.login.registration_token"] });
        return Promise.resolve("registered");
      },
      SUPPORTED,
      (stage) => (stage === "m.login.registration_token" ? { token: "letmein" } : {}),
    );
    expect(result).toBe("registered");
    expect(sent).toEqual([undefined, { type: "m.login.registration_token", token: "letmein", session: "abc" }, { type: "m.login.dummy", session: "abc" }]);
  });

  it("fails with UnsupportedAuthError when no flow can be completed", async () => {
    const attempt = () => Promise.reject(uia401({ flows: [{ stages: ["m.login.email.identity"] }] }));
    await expect(withUserInteractiveAuth(attempt, SUPPORTED, () => ({}))).rejects.toBeInstanceOf(UnsupportedAuthError);
  });

  it("stops with the server's error when it rejects a submitted stage (wrong token)", async () => {
    let calls = 0;
    const attempt = (auth: Record<string, unknown> | undefined) => {
      calls++;
      const flows = [{ stages: ["m.login.registration_token"] }];
      return Promise.reject(auth === undefined ? uia401({ flows, session: "s" }) : uia401({ flows, session: "s" }, "M_FORBIDDEN"));
    };
    await expect(withUserInteractiveAuth(attempt, SUPPORTED, () => ({ token: "bad" }))).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    // The first request asks, the second submits the token; the rejection ends it there.
    expect(calls).toBe(2);
  });
});
