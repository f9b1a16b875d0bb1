/**
 * The reconciliation rules on their own (the HTTP behaviour is in test/integration/resources-reconcile.test.ts):
 * which errors are ambiguous, look-before-repeat, the bound, and when an asset adopts by default.
 */
import { describe, expect, it } from "vitest";
import { InternalError, NotFoundError, ThrottledError } from "../../provider/errors.js";
import { adoptionMode } from "../../provider/resources/asset-provider.js";
import { isAmbiguous, MAX_WRITE_ATTEMPTS, reconcileWrite } from "../../provider/resources/reconcile.js";

const fields = { gateway: "anyfast" as const, action: "CreateAsset" as const, kind: "Internal" as const, httpStatus: 500, gatewayCode: "InternalError", gatewayMessage: "boom" };
const ambiguous = () => new InternalError(fields, "retry", { mayHaveBeenApplied: true });
const certain = () => new NotFoundError({ ...fields, kind: "NotFound", httpStatus: 404, gatewayCode: "NotFound" }, "check the id");
const fast = { pause: async () => {}, random: () => 0 };

describe("reconcileWrite", () => {
  it("knows ambiguous from certain failures (a throttle is never ambiguous)", () => {
    expect(isAmbiguous(ambiguous())).toBe(true);
    expect(isAmbiguous(certain())).toBe(false);
    expect(isAmbiguous(new ThrottledError({ ...fields, kind: "Throttled", httpStatus: 429, gatewayCode: "FlowLimitExceeded" }, "wait"))).toBe(false);
    expect(isAmbiguous(new Error("plain"))).toBe(false);
  });

  it("looks after an ambiguous failure: seen → done without repeating; not seen → repeats", async () => {
    let writes = 0;
    const seen = await reconcileWrite({ what: "w", write: async () => (writes++, Promise.reject(ambiguous())), observe: async () => "found", ...fast });
    expect(seen).toEqual({ result: "found", ambiguous: 1, observed: true });
    expect(writes).toBe(1);

    writes = 0;
    const repeated = await reconcileWrite({ what: "w", write: async () => (++writes < 3 ? Promise.reject(ambiguous()) : "made"), observe: async () => undefined, ...fast });
    expect(repeated).toEqual({ result: "made", ambiguous: 2, observed: false });
  });

  it("throws certain failures at once, raises the unverifiable error instead of repeating, and stops after the bound", async () => {
    await expect(reconcileWrite({ what: "w", write: () => Promise.reject(certain()), observe: async () => "x", ...fast })).rejects.toBeInstanceOf(NotFoundError);
    await expect(reconcileWrite({ what: "w", write: () => Promise.reject(ambiguous()), unverifiable: () => new Error("check the console"), ...fast })).rejects.toThrow("check the console");
    let writes = 0;
    await expect(reconcileWrite({ what: "CreateAsset of x", write: () => (writes++, Promise.reject(ambiguous())), observe: async () => undefined, ...fast })).rejects.toThrow(
      /^CreateAsset of x had no certain answer 6 times and looked up after each: not applied/,
    );
    expect(writes).toBe(MAX_WRITE_ATTEMPTS);
  });
});

describe("adoptionMode", () => {
  it("adopts leftovers by default only in a group this stack manages; adopt: true anywhere; adopt: false never", () => {
    expect(adoptionMode({ groupId: "g", groupManaged: true })).toBe("leftover");
    expect(adoptionMode({ groupId: "g" })).toBe("none");
    expect(adoptionMode({ groupId: "g", groupManaged: false })).toBe("none");
    expect(adoptionMode({ groupId: "g", groupManaged: true, adopt: false })).toBe("none");
    expect(adoptionMode({ groupId: "g", adopt: true })).toBe("any");
    expect(adoptionMode({ adopt: true })).toBe("any");
  });
});
