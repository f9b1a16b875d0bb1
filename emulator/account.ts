/**
 * Account states: the emulator can play an account that may not use the asset API yet, so tests reach each of
 * these answers over HTTP. Off (`active`) by default; set by `startEmulator({ accountState })`, `--account-state`,
 * or `PUT /_emulator/account` (./admin.ts), for every gateway or one.
 *
 * | state | answer | source |
 * |---|---|---|
 * | `subscriptionRequired` | every Action: `SubscriptionRequired` 403 "This API requires an active subscription" | live on BytePlus (neonvoid/NV_Comfy_Utils) |
 * | `authorizationUnsigned` | every Action: `AccessDenied` 403, the one-time authorization letter is unsigned | live (neonvoid/NV_Comfy_Utils); Guess: the message wording |
 * | `quotaExceeded` | CreateAssetGroup and CreateAsset: `QuotaExceeded` 403 | unverified code (byteplus-sa/ark-mcp `docs/assets.md` quotas); Guess: status, wording, which Actions |
 *
 * Checked right after authentication: a signature must still be valid to learn about the account.
 */
import type { Action } from "../provider/api.js";
import type { GatewayName } from "../provider/gateways/dialect.js";
import { emulatorError, type EmulatorError } from "./errors.js";

/** The account states (see the module comment); `active` is a normal account. */
export const ACCOUNT_STATES = ["active", "subscriptionRequired", "authorizationUnsigned", "quotaExceeded"] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** The account state of every gateway, with per-gateway overrides. */
export class AccountStates {
  #all: AccountState;
  readonly #byGateway = new Map<GatewayName, AccountState>();

  constructor(state: AccountState = "active") {
    this.#all = state;
  }

  /** Sets the state of one gateway, or of all (which also clears the per-gateway ones). */
  set(state: AccountState, gateway?: GatewayName): void {
    if (gateway) {
      this.#byGateway.set(gateway, state);
      return;
    }
    this.#all = state;
    this.#byGateway.clear();
  }

  /** The state `gateway` plays now: its own, else the one of every gateway. */
  of(gateway: GatewayName): AccountState {
    return this.#byGateway.get(gateway) ?? this.#all;
  }

  /** The error the account's state answers `action` with at `gateway`, or undefined when the call may proceed. */
  check(gateway: GatewayName, action: Action): EmulatorError | undefined {
    switch (this.of(gateway)) {
      case "active":
        return undefined;
      case "subscriptionRequired":
        return emulatorError("SubscriptionRequired", "This API requires an active subscription.");
      case "authorizationUnsigned":
        return emulatorError("AccessDenied", "The asset library authorization letter has not been signed for this account. Sign it once in the console before using the API.");
      case "quotaExceeded":
        return action === "CreateAsset" || action === "CreateAssetGroup"
          ? emulatorError("QuotaExceeded", `The account's ${action === "CreateAsset" ? "asset" : "asset group"} quota is used up.`)
          : undefined;
    }
  }
}
