/**
 * The emulator as a Pact provider: an in-process emulator (../../emulator) with state handlers that seed it through
 * its admin API, the request filter that swaps in its credentials, and an optional drift hook that rewrites its
 * answers (the drift test). Used by contracts/verify/*.verify.test.ts.
 *
 * How each provider state is set up here (./states.ts):
 * - `an asset group exists` / `an asset exists`: seeded with `admin.seedGroup` / `admin.seedAsset` (any status,
 *   any processing error), in the namespace of the emulator's default credential; ids go back to the verifier.
 * - `no such resource exists`: nothing to do (the ids asked for are never made).
 * - `the credentials are invalid`: the request filter sends an unknown key / signs with a wrong secret.
 * - `the rate limit is exceeded`: the Action's limit is set to one call per hour and that call is spent.
 * - `the account cannot use the asset API`: the emulator's account state of the gateway (emulator/account.ts).
 * - `a real-person verification is completed`: a session through the real client, the simulated H5 step completed.
 * - `the gateway rejects the request parameters`: the emulator's answer is replaced by the dialect's own encoding
 *   of that error (`Dialect.encodeError`). The emulator validates exactly what the client validates, so no request
 *   the client sends could reach a validation failure; the state pins the shape of the answer.
 * Every state's teardown resets the gateway's data, throttling and flags.
 */
import { ACTIONS, type Action } from "../../provider/api.js";
import { GatewayClient } from "../../provider/client.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { GatewayName, WireResponse } from "../../provider/gateways/dialect.js";
import { nativeError } from "../../provider/gateways/native-errors.js";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle, type ResponseHook, type ResponseHookContext } from "../../emulator/server.js";
import { ABSENT_ASSET_ID } from "./matchers.js";
import { createRequestFilter, type TargetCredentials } from "./request-filter.js";
import { FIXTURE_PREFIX, STATES, type AccountStateParams, type AssetStateParams, type GroupStateParams } from "./states.js";
import { verifyGateway, type StateHandlers, type VerifyResult } from "./verify.js";

/** A drift: rewrites the emulator's answer for some calls (return `wire` unchanged for the others). */
export type Drift = (ctx: ResponseHookContext, wire: WireResponse) => WireResponse;

/** A running contract emulator (startContractEmulator). */
export interface ContractEmulator {
  emulator: EmulatorHandle;
  /** Verifies one gateway's pact against the emulator (report target `emulator`). */
  verify(gateway: GatewayName, options?: { pactFile?: string; target?: string }): Promise<VerifyResult>;
  /** Sets or clears the drift applied to every answer. */
  setDrift(drift: Drift | undefined): void;
  close(): Promise<void>;
}

/** The emulator's default credentials, as the request filter sends them (documented in emulator/auth.ts). */
export const EMULATOR_CREDENTIALS: TargetCredentials = {
  apiKey: DEFAULT_API_KEY,
  accessKeyId: DEFAULT_ACCESS_KEY_ID,
  secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
};

/** Starts an emulator for verification: throttling off (states turn it on), assets stay Processing 2 s. */
export async function startContractEmulator(options: { drift?: Drift } = {}): Promise<ContractEmulator> {
  let drift = options.drift;
  let rejectCredentials = false;
  let rejection: { gateway: GatewayName; code: string } | undefined;

  const hook: ResponseHook = (ctx, wire) => {
    let out = wire;
    if (rejection && ctx.gateway === rejection.gateway) {
      const canonical = nativeError(rejection.code, `The request was rejected: ${rejection.code}.`);
      out = getDialect(ctx.gateway).encodeError(ctx.action, canonical, ctx.requestId);
    }
    return drift ? drift(ctx, out) : out;
  };
  const emulator = await startEmulator({ rateLimits: false, responseHook: hook });
  const admin = emulator.admin;

  const reset = (gateway: GatewayName) => async () => {
    admin.reset({ gateway });
    admin.setRateLimits(false);
    admin.setAccountState("active");
    rejectCredentials = false;
    rejection = undefined;
    return {};
  };

  const seedGroup = (gateway: GatewayName, params: GroupStateParams = {}) =>
    admin.seedGroup({
      gateway,
      Name: params.name ?? `${FIXTURE_PREFIX}-group`,
      Description: "Seeded by the contract suite",
      ...(params.groupType ? { GroupType: params.groupType } : {}),
    });

  const stateHandlers = (gateway: GatewayName): StateHandlers => {
    const groups = getDialect(gateway).capabilities.groups;
    return {
      [STATES.groupExists]: {
        setup: async (params) => ({ groupId: seedGroup(gateway, (params ?? {}) as GroupStateParams).Id }),
        teardown: reset(gateway),
      },
      [STATES.assetExists]: {
        setup: async (raw) => {
          const params = raw as AssetStateParams;
          const groupId = groups ? seedGroup(gateway).Id : undefined;
          const asset = admin.seedAsset({
            gateway,
            ...(groupId ? { GroupId: groupId } : {}),
            Name: params.name ?? `${FIXTURE_PREFIX}-asset`,
            AssetType: params.assetType ?? "Image",
            URL: "https://example.com/pact-contract.png",
            Status: params.status,
            ...(params.lastInferenceTime ? { LastInferenceTime: params.lastInferenceTime } : {}),
            ...(params.status === "Failed" ? { Error: { Code: params.errorCode ?? "FormatUnsupported", Message: `Seeded as Failed (${params.errorCode ?? "FormatUnsupported"}).` } } : {}),
          });
          return { assetId: asset.Id, ...(groupId ? { groupId } : {}) };
        },
        teardown: reset(gateway),
      },
      [STATES.nothingExists]: { setup: async () => ({}), teardown: reset(gateway) },
      [STATES.badCredentials]: {
        setup: async () => {
          rejectCredentials = true;
          return {};
        },
        teardown: reset(gateway),
      },
      [STATES.throttled]: {
        setup: async (raw) => {
          const action = ((raw as { action?: Action } | undefined)?.action ?? "GetAsset") as Action;
          admin.setRateLimits(Object.fromEntries(ACTIONS.map((a) => [a, a === action ? { requests: 1, perSeconds: 3600 } : false])));
          await spendOneCall(emulator, gateway, action);
          return {};
        },
        teardown: reset(gateway),
      },
      [STATES.accountRestricted]: {
        setup: async (raw) => {
          admin.setAccountState((raw as AccountStateParams).state, gateway);
          return {};
        },
        teardown: reset(gateway),
      },
      [STATES.verificationCompleted]: {
        // The real client starts a session, the simulated H5 step passes, and the result names the group.
        setup: async () => {
          const client = new GatewayClient({ gateway, baseUrl: emulator.gatewayUrl(gateway), ...EMULATOR_CREDENTIALS, maxRetries: 0 }, { debug: false });
          try {
            const { BytedToken } = await client.createVisualValidateSession({ CallbackURL: "https://example.com/pact-contract/verified" });
            admin.completeVisualValidate(BytedToken, { face: FIXTURE_PREFIX.replace(/\W/g, "_") });
            const { GroupId } = await client.getVisualValidateResult({ BytedToken });
            return { bytedToken: BytedToken, groupId: GroupId };
          } finally {
            await client.close();
          }
        },
        teardown: reset(gateway),
      },
      [STATES.rejectsParameters]: {
        setup: async (raw) => {
          rejection = { gateway, code: (raw as { code?: string } | undefined)?.code ?? "InvalidParameter" };
          return {};
        },
        teardown: reset(gateway),
      },
    };
  };

  return {
    emulator,
    async verify(gateway, verifyOptions = {}) {
      admin.reset({ gateway });
      return verifyGateway({
        gateway,
        providerBaseUrl: emulator.gatewayUrl(gateway),
        target: verifyOptions.target ?? "emulator",
        ...(verifyOptions.pactFile ? { pactFile: verifyOptions.pactFile } : {}),
        stateHandlers: stateHandlers(gateway),
        requestFilter: createRequestFilter({
          gateway,
          targetBaseUrl: emulator.gatewayUrl(gateway),
          credentials: EMULATOR_CREDENTIALS,
          rejectCredentials: () => rejectCredentials,
        }),
      });
    },
    setDrift(next) {
      drift = next;
    },
    close: () => emulator.close(),
  };
}

/** Uses up the one call the throttled state allows, with a request of that Action the emulator admits. */
async function spendOneCall(emulator: EmulatorHandle, gateway: GatewayName, action: Action): Promise<void> {
  const client = new GatewayClient({ gateway, baseUrl: emulator.gatewayUrl(gateway), ...EMULATOR_CREDENTIALS, maxRetries: 0, throttleBudgetMs: 0 }, { debug: false });
  const requests: Partial<Record<Action, unknown>> = {
    GetAsset: { Id: ABSENT_ASSET_ID },
    GetAssetGroup: { Id: "group-20000101000000-absnt" },
    ListAssets: { Filter: {} },
    ListAssetGroups: { Filter: {} },
  };
  const request = requests[action];
  if (!request) throw new Error(`The throttled state supports ${Object.keys(requests).join(", ")}, not ${action}.`);
  try {
    await client.call(action, request as never).catch(() => undefined);
  } finally {
    await client.close();
  }
}
