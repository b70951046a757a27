import { describe, expect, it } from "vitest";
import { loadSynapseVectors } from "./load.js";

describe("synapse-1.67 vector files", () => {
  it("are present beside the repository with the counts their README gives", () => {
    expect(loadSynapseVectors("events.json").events).toHaveLength(636);
    expect(loadSynapseVectors("auth.json").cases).toHaveLength(557);
    expect(loadSynapseVectors("state_res.json").records).toHaveLength(40);
  });
});
