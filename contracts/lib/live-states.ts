/**
 * Provider states on a live gateway, set up through its real API with the project's client, and cleaned up
 * afterwards. A live account cannot be seeded like the emulator, so before verification `plan` decides for every
 * interaction whether its states can be set up, and which interactions are skipped and why:
 *
 * - billed actions (CreateAssetGroup, CreateAsset) run only with `allowBilled` (`--allow-billed`);
 * - `an asset group exists` / `an asset exists` for a read-only interaction (Get…, List…) use an existing resource
 *   found by listing (or given by SEEDANCE_CONTRACT_GROUP_ID / SEEDANCE_CONTRACT_<ACTIVE|PROCESSING|FAILED>_ASSET_ID),
 *   unless `allowBilled`, in which case the run creates its own fixtures; interactions that change or delete the
 *   resource (Update…, Delete…) only ever touch fixtures this run created, so they need `allowBilled`;
 * - a Processing asset is a fresh asset (billed), read at once; a Failed asset with a given error code can only be
 *   found, never made;
 * - `the rate limit is exceeded` and `the gateway rejects the request parameters` cannot be produced on demand on a
 *   real gateway: always skipped;
 * - `the credentials are invalid` is produced by the request filter (an unknown key / a wrong secret).
 *
 * Fixtures are named `pact-contract-…`, created in the default project, and deleted by `cleanup` (assets, then
 * groups) where the gateway has delete actions; what cannot be deleted is listed in the cleanup notes.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Action, AssetRecord, AssetStatus } from "../../provider/api.js";
import type { GatewayClient } from "../../provider/client.js";
import type { Dialect } from "../../provider/gateways/dialect.js";
import { BILLED_ACTIONS, actionOfDescription } from "./names.js";
import { FIXTURE_PREFIX, STATES, type AssetStateParams } from "./states.js";
import type { PactInteraction, StateHandlers } from "./verify.js";

/** Actions that only read: they may use resources that already exist in the account. */
const READ_ONLY: ReadonlySet<Action> = new Set<Action>(["GetAsset", "GetAssetGroup", "ListAssets", "ListAssetGroups"]);

/** Options of LiveStates. */
export interface LiveStatesOptions {
  client: GatewayClient;
  /** Create groups and assets (billed) when a state needs them. */
  allowBilled: boolean;
  /** A public image URL for fixture assets that must become Active (`--image-url`). */
  imageUrl?: string;
  /** How long to wait for a fixture asset to become Active, seconds; default 180. */
  waitSeconds?: number;
  /** Known resources to read (env SEEDANCE_CONTRACT_*). */
  known?: { groupId?: string; assets?: Partial<Record<AssetStatus, string>> };
  /** Progress lines (never credentials). */
  log?: (line: string) => void;
}

type Need = { kind: "ok" } | { kind: "skip"; reason: string };

/** Live provider states: plan, handlers, cleanup. */
export class LiveStates {
  readonly #client: GatewayClient;
  readonly #dialect: Dialect;
  readonly #options: LiveStatesOptions;
  readonly #log: (line: string) => void;
  /** Existing resources found while planning, by state key. */
  readonly #found = new Map<string, { assetId?: string; groupId?: string }>();
  readonly #createdGroups = new Set<string>();
  readonly #createdAssets = new Set<string>();
  #sharedGroup: string | undefined;
  #sharedAsset: string | undefined;
  #rejectCredentials = false;

  constructor(options: LiveStatesOptions) {
    this.#client = options.client;
    this.#dialect = options.client.dialect;
    this.#options = options;
    this.#log = options.log ?? (() => {});
  }

  /** Whether the current interaction wants credentials the gateway rejects (for the request filter). */
  readonly rejectCredentials = (): boolean => this.#rejectCredentials;

  /** Records a resource the verification itself created (a CreateAssetGroup / CreateAsset interaction), for cleanup. */
  recordCreated(action: Action, id: string): void {
    if (action === "CreateAssetGroup") this.#createdGroups.add(id);
    if (action === "CreateAsset") this.#createdAssets.add(id);
  }

  /**
   * Which interactions to skip, by description, with the reason. Looks up existing resources for read-only
   * interactions (read calls only; nothing is created while planning).
   */
  async plan(interactions: readonly PactInteraction[]): Promise<Map<string, string>> {
    const skip = new Map<string, string>();
    for (const interaction of interactions) {
      const action = actionOfDescription(interaction.description);
      const need = await this.#needOf(action, interaction);
      if (need.kind === "skip") skip.set(interaction.description, need.reason);
    }
    return skip;
  }

  async #needOf(action: Action | undefined, interaction: PactInteraction): Promise<Need> {
    if (!action) return { kind: "skip", reason: "the description names no Action" };
    if (BILLED_ACTIONS.has(action) && !this.#options.allowBilled) return { kind: "skip", reason: "billed (run with --allow-billed)" };
    const readOnly = READ_ONLY.has(action);
    const names = interaction.providerStates.map((s) => s.name);
    if (names.includes(STATES.throttled)) return { kind: "skip", reason: "the rate limit cannot be exhausted on demand on a live gateway" };
    if (names.includes(STATES.accountRestricted)) return { kind: "skip", reason: "an account without subscription, authorization or quota cannot be arranged on demand" };
    if (interaction.providerStates.some((s) => s.name === STATES.assetExists && (s.params as AssetStateParams | undefined)?.lastInferenceTime)) {
      return { kind: "skip", reason: "an asset used by a generation task needs a billed generation first" };
    }
    if (names.includes(STATES.rejectsParameters)) return { kind: "skip", reason: "a rejected parameter is produced by the emulator only (no request the client sends is invalid here)" };
    for (const state of interaction.providerStates) {
      const params = (state.params ?? {}) as Record<string, unknown>;
      switch (state.name) {
        case STATES.nothingExists:
        case STATES.badCredentials:
          break;
        case STATES.groupExists: {
          if (this.#options.allowBilled) break;
          if (!readOnly) return { kind: "skip", reason: `${action} changes the group: needs a group of its own (--allow-billed)` };
          const groupId = await this.#findGroup();
          if (!groupId) return { kind: "skip", reason: "no asset group to read in this account (set SEEDANCE_CONTRACT_GROUP_ID, or --allow-billed)" };
          this.#found.set(stateKey(state), { groupId });
          break;
        }
        case STATES.assetExists: {
          const p = params as unknown as AssetStateParams;
          if (p.status === "Failed") {
            if (!readOnly) return { kind: "skip", reason: `${action} changes the asset: a Failed fixture cannot be made on purpose` };
            const found = await this.#findAsset(p);
            if (!found) return { kind: "skip", reason: `no Failed asset with ${p.errorCode ?? "any code"} to read in this account (set SEEDANCE_CONTRACT_FAILED_ASSET_ID)` };
            this.#found.set(stateKey(state), found);
            break;
          }
          // Own fixtures when billed actions are allowed (an Active one needs a public image to become Active).
          if (this.#options.allowBilled && (p.status === "Processing" || this.#options.imageUrl)) break;
          if (!readOnly) {
            const needs = this.#options.allowBilled ? "a public image for its Active fixture (--image-url)" : "an asset of its own (--allow-billed)";
            return { kind: "skip", reason: `${action} changes the asset: needs ${needs}` };
          }
          const found = await this.#findAsset(p);
          if (!found) return { kind: "skip", reason: `no ${p.status} asset to read in this account (set SEEDANCE_CONTRACT_${p.status.toUpperCase()}_ASSET_ID, or --allow-billed)` };
          this.#found.set(stateKey(state), found);
          break;
        }
        case STATES.verificationCompleted:
          return { kind: "skip", reason: "a completed real-person verification needs the person on a phone: cannot be set up live" };
        default:
          return { kind: "skip", reason: `unknown provider state "${state.name}"` };
      }
    }
    return { kind: "ok" };
  }

  /** The state handlers for the Verifier. */
  stateHandlers(): StateHandlers {
    const found = (name: string, params: unknown) => this.#found.get(stateKey({ name, params: params as Record<string, unknown> }));
    return {
      [STATES.groupExists]: {
        setup: async (params) => {
          const known = found(STATES.groupExists, params);
          return known ?? { groupId: await this.#ownGroup() };
        },
      },
      [STATES.assetExists]: {
        setup: async (raw) => {
          const known = found(STATES.assetExists, raw);
          if (known) return known;
          const params = raw as AssetStateParams;
          return params.status === "Processing" ? this.#freshAsset() : this.#ownActiveAsset();
        },
      },
      [STATES.nothingExists]: { setup: async () => ({}) },
      [STATES.badCredentials]: {
        setup: async () => {
          this.#rejectCredentials = true;
          return {};
        },
        teardown: async () => {
          this.#rejectCredentials = false;
          return {};
        },
      },
    };
  }

  /** Deletes what this run created (assets first, then groups). Returns one note per resource left behind or removed. */
  async cleanup(): Promise<string[]> {
    const notes: string[] = [];
    const caps = this.#dialect.capabilities;
    for (const id of this.#createdAssets) {
      if (!caps.actions.includes("DeleteAsset")) {
        notes.push(`asset ${id} left behind: ${this.#dialect.name} has no DeleteAsset (remove it in the gateway's console)`);
        continue;
      }
      notes.push(await this.#delete("DeleteAsset", id, "asset"));
    }
    for (const id of this.#createdGroups) {
      if (!caps.actions.includes("DeleteAssetGroup")) {
        notes.push(`asset group ${id} left behind: ${this.#dialect.name} has no DeleteAssetGroup (remove it in the gateway's console)`);
        continue;
      }
      notes.push(await this.#delete("DeleteAssetGroup", id, "asset group"));
    }
    return notes;
  }

  async #delete(action: "DeleteAsset" | "DeleteAssetGroup", id: string, what: string): Promise<string> {
    try {
      await this.#client.call(action, { Id: id });
      return `${what} ${id} deleted`;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "SEEDANCE_ERR_NOT_FOUND") return `${what} ${id} already gone`;
      return `${what} ${id} could not be deleted (${code ?? "error"}): delete it by hand`;
    }
  }

  async #findGroup(): Promise<string | undefined> {
    if (this.#options.known?.groupId) return this.#options.known.groupId;
    if (!this.#dialect.capabilities.actions.includes("ListAssetGroups")) return undefined;
    const page = await this.#client.listAssetGroups({ Filter: { GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 });
    return page.Items[0]?.Id;
  }

  async #findAsset(params: AssetStateParams): Promise<{ assetId: string; groupId?: string } | undefined> {
    // The pact's example body carries the asset type of the state (default Image): an existing asset of another type
    // would fail verification on a contract that holds.
    const assetType = params.assetType ?? "Image";
    const matches = (a: AssetRecord) =>
      a.Status === params.status && a.AssetType === assetType && (params.status !== "Failed" || !params.errorCode || a.Error?.Code === params.errorCode);
    const knownId = this.#options.known?.assets?.[params.status];
    if (knownId) {
      const asset = await this.#client.getAsset({ Id: knownId }).catch(() => undefined);
      if (asset && matches(asset)) return { assetId: asset.Id, ...(asset.GroupId ? { groupId: asset.GroupId } : {}) };
      this.#log(`SEEDANCE_CONTRACT_${params.status.toUpperCase()}_ASSET_ID does not name a ${params.status} asset${params.errorCode ? ` with ${params.errorCode}` : ""}: ignored`);
      return undefined;
    }
    const caps = this.#dialect.capabilities;
    if (!caps.actions.includes("ListAssets")) return undefined;
    const filter = { GroupType: "AIGC" as const, ...(caps.listAssetsByStatus ? { Statuses: [params.status] } : {}) };
    let seen = 0;
    for await (const asset of this.#client.listAllAssets({ Filter: filter, PageSize: 100 })) {
      if (matches(asset)) return { assetId: asset.Id, ...(asset.GroupId ? { groupId: asset.GroupId } : {}) };
      if (++seen >= 500) break;
    }
    return undefined;
  }

  /** The run's own group: created once, re-created if an interaction deleted it. */
  async #ownGroup(): Promise<string> {
    if (this.#sharedGroup && (await this.#exists("GetAssetGroup", this.#sharedGroup))) return this.#sharedGroup;
    const { Id } = await this.#client.createAssetGroup({ Name: `${FIXTURE_PREFIX}-group-${Date.now()}`, Description: "Created by the contract suite; safe to delete." });
    this.#createdGroups.add(Id);
    this.#log(`created fixture asset group ${Id}`);
    this.#sharedGroup = Id;
    return Id;
  }

  /** The run's own Active asset: created once (and waited for), re-created if an interaction deleted it. */
  async #ownActiveAsset(): Promise<{ assetId: string; groupId?: string }> {
    if (this.#sharedAsset && (await this.#exists("GetAsset", this.#sharedAsset))) return this.#withGroup(this.#sharedAsset);
    const created = await this.#freshAsset();
    await this.#waitActive(created.assetId);
    this.#sharedAsset = created.assetId;
    return created;
  }

  async #freshAsset(): Promise<{ assetId: string; groupId?: string }> {
    const groupId = this.#dialect.capabilities.groups ? await this.#ownGroup() : undefined;
    const url = this.#options.imageUrl ?? "https://example.com/pact-contract.png";
    const { Id } = await this.#client.createAsset({ ...(groupId ? { GroupId: groupId } : {}), URL: url, AssetType: "Image", Name: `${FIXTURE_PREFIX}-asset-${Date.now()}` });
    this.#createdAssets.add(Id);
    this.#log(`created fixture asset ${Id}`);
    return { assetId: Id, ...(groupId ? { groupId } : {}) };
  }

  #withGroup(assetId: string): { assetId: string; groupId?: string } {
    return { assetId, ...(this.#sharedGroup && this.#dialect.capabilities.groups ? { groupId: this.#sharedGroup } : {}) };
  }

  async #waitActive(assetId: string): Promise<void> {
    const deadline = Date.now() + (this.#options.waitSeconds ?? 180) * 1000;
    for (;;) {
      const asset = await this.#client.getAsset({ Id: assetId });
      if (asset.Status === "Active") return;
      if (asset.Status === "Failed") throw new Error(`fixture asset ${assetId} failed (${asset.Error?.Code ?? "?"}): use another --image-url`);
      if (Date.now() > deadline) throw new Error(`fixture asset ${assetId} still Processing after ${this.#options.waitSeconds ?? 180} s`);
      await delay(2000);
    }
  }

  async #exists(action: "GetAsset" | "GetAssetGroup", id: string): Promise<boolean> {
    try {
      await this.#client.call(action, { Id: id });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "SEEDANCE_ERR_NOT_FOUND") return false;
      throw error;
    }
  }
}

/** A state's identity: its name and parameters (as the verifier sends them back to the handler). */
function stateKey(state: { name: string; params?: Record<string, unknown> }): string {
  const params = state.params ?? {};
  return `${state.name} ${JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))))}`;
}
