/**
 * The provider states of the contracts: their names, their parameters and the values a state hands back to the
 * interaction (through `fromProviderState` expressions such as `${assetId}`). Consumer tests name states only
 * through this module; the emulator's and the live gateways' state handlers implement every one of them.
 */
import type { AssetStatus, AssetType } from "../../provider/api.js";

/** The provider state names, by role. */
export const STATES = {
  /** An asset group exists. Params: GroupStateParams. Provides `groupId`. */
  groupExists: "an asset group exists",
  /** An asset exists (in a group where the gateway has groups). Params: AssetStateParams. Provides `assetId` (and `groupId`). */
  assetExists: "an asset exists",
  /** No asset has the id the interaction asks for. Params: `{assetId}` or `{groupId}`. Provides nothing. */
  nothingExists: "no such resource exists",
  /** The request carries credentials the gateway rejects. No params. */
  badCredentials: "the credentials are invalid",
  /** The gateway's rate limit for the Action is used up. Params: `{action}`. */
  throttled: "the rate limit is exceeded",
  /**
   * The gateway rejects the request's parameters. Params: `{code}` (a native code, e.g. `InvalidParameter`).
   * For gateways where no request the client sends can be invalid (the client checks everything the gateway is
   * known to check), this pins the *shape* of the gateway's invalid-parameter answer; it cannot be set up live.
   */
  rejectsParameters: "the gateway rejects the request parameters",
  /**
   * The account may not use the asset API yet. Params: AccountStateParams. Provides nothing. Emulator only (its
   * account states, emulator/account.ts); a live account in such a state cannot be arranged on demand.
   */
  accountRestricted: "the account cannot use the asset API",
  /**
   * A person passed a real-person verification: its session's token answers a new LivenessFace group. No params.
   * Provides `bytedToken` and `groupId`. Cannot be set up live (it needs the person).
   */
  verificationCompleted: "a real-person verification is completed",
} as const;

/** Parameters of `the account cannot use the asset API`. */
export interface AccountStateParams {
  state: "subscriptionRequired" | "authorizationUnsigned" | "quotaExceeded";
}

/** A provider state name. */
export type StateName = (typeof STATES)[keyof typeof STATES];

/** Parameters of `an asset group exists`. */
export interface GroupStateParams {
  /** Name of the group; default `pact-contract-group`. */
  name?: string;
  /** Default `AIGC`. */
  groupType?: "AIGC" | "LivenessFace";
}

/** Parameters of `an asset exists`. */
export interface AssetStateParams {
  /** The asset's Status. */
  status: AssetStatus;
  /** For `Failed`: the processing error code, e.g. `DurationTooLong`. */
  errorCode?: string;
  /** Default `Image`. */
  assetType?: AssetType;
  /** Default `pact-contract-asset`. */
  name?: string;
  /** BytePlus: when a generation task last used the asset (ISO-8601); default never. */
  lastInferenceTime?: string;
}

/** Values a state provides to the interaction's `fromProviderState` expressions. */
export interface StateValues {
  assetId?: string;
  groupId?: string;
  /** The BytedToken of a verification session. */
  bytedToken?: string;
}

/** Names the contract fixtures use, so a live run can recognise (and clean up) what it created. */
export const FIXTURE_PREFIX = "pact-contract";
