/**
 * Persistence behind one interface: asset groups, assets and the stored media objects, per namespace.
 * A namespace is one credential at one gateway (each API key, each access key its own data — Anyfast's asset guide
 * "数据隔离", gogogotoken's "不同 API Key 之间的素材数据完全隔离"). Namespaces are keyed by a hash of the
 * credential, so a state file never contains a secret.
 *
 * `MemoryStore` keeps everything in memory; `FileStore` adds a JSON state file (written shortly after each change
 * and on close) so that a demo survives a restart of the emulator.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { AssetStatus, AssetType, GroupType } from "../provider/api.js";
import type { GatewayName, UploadKind } from "../provider/gateways/dialect.js";
import type { AssetError } from "../provider/media/probe.js";

/** An asset group as stored. `Name` is the stored name (with Anyfast's isolation prefix where the gateway adds one). Times are epoch ms. */
export interface GroupRow {
  Id: string;
  Name: string;
  Description: string;
  GroupType: GroupType;
  ProjectName: string;
  CreateTime: number;
  UpdateTime: number;
  /** Creation order, for stable sorting of equal times. */
  seq: number;
  /** Made by CreateAssetGroup (not seeded): subject to the emulated propagation lag. */
  viaApi?: boolean;
  /** LivenessFace groups: the face label the simulated H5 step verified (the emulator's own device, ./visual-validate.ts). */
  face?: string;
}

/** The outcome a Processing asset turns into once its processing time is over. */
export type Outcome = { Status: "Active" } | { Status: "Failed"; Error: AssetError };

/** An asset as stored. Times are epoch ms. */
export interface AssetRow {
  Id: string;
  Name: string;
  AssetType: AssetType;
  /** Absent at gateways without groups. */
  GroupId?: string;
  ProjectName: string;
  Status: AssetStatus;
  Error?: AssetError;
  CreateTime: number;
  UpdateTime: number;
  seq: number;
  /** While Processing: the epoch ms from which `pending` applies (Infinity: stays Processing). */
  readyAt?: number;
  /** While Processing: the verdict of the media checks, absent while they still run. */
  pending?: Outcome;
  /** How the media arrived; `url` for URL sources (not returned by the API: GetAsset returns a presigned link). */
  source: { kind: UploadKind | "seeded"; url?: string; fileName?: string };
  /** BytePlus: the `Moderation.Strategy` given at creation (answered as `Moderation{Strategy}`; default `Default`). */
  moderation?: string;
  /** BytePlus: when the asset was last used by a generation task, epoch ms (only ever seeded: the emulator generates nothing). */
  lastInferenceTime?: number;
}

/** A stored media object (the bytes the emulator read), served through presigned links. */
export interface StoredObject {
  contentType: string;
  data: Uint8Array;
}

/** `<gateway>/<first 16 hex of sha256(credential)>`: the data of one credential at one gateway. */
export type NamespaceKey = string;

/** The namespace of `credential` (an API key or access key id) at `gateway`; the credential itself is not kept. */
export function namespaceKey(gateway: GatewayName, credential: string): NamespaceKey {
  return `${gateway}/${createHash("sha256").update(credential).digest("hex").slice(0, 16)}`;
}

/** Persistence of groups and assets per namespace: MemoryStore, or FileStore (a JSON state file, `--state-file`). */
export interface Store {
  groups(ns: NamespaceKey): GroupRow[];
  getGroup(ns: NamespaceKey, id: string): GroupRow | undefined;
  putGroup(ns: NamespaceKey, row: GroupRow): void;
  deleteGroup(ns: NamespaceKey, id: string): void;
  assets(ns: NamespaceKey): AssetRow[];
  getAsset(ns: NamespaceKey, id: string): AssetRow | undefined;
  putAsset(ns: NamespaceKey, row: AssetRow): void;
  /** Also deletes the asset's object. */
  deleteAsset(ns: NamespaceKey, id: string): void;
  /** An asset by id in any namespace (ids are unique across the store): for serving presigned links. */
  findAsset(id: string): { ns: NamespaceKey; row: AssetRow } | undefined;
  /** Whether an id (group or asset) is taken anywhere. */
  hasId(id: string): boolean;
  getObject(assetId: string): StoredObject | undefined;
  putObject(assetId: string, object: StoredObject): void;
  namespaces(): NamespaceKey[];
  /** Empties one namespace, or everything. */
  reset(ns?: NamespaceKey): void;
  /** The next creation sequence number. */
  nextSeq(): number;
  /** A random key kept with the data, for signing presigned links (so links survive a restart with a state file). */
  secret(): string;
  /** Writes pending changes (FileStore); a no-op in memory. */
  flush(): void;
}

interface Space {
  groups: Map<string, GroupRow>;
  assets: Map<string, AssetRow>;
}

/** The in-memory store. */
export class MemoryStore implements Store {
  protected spaces = new Map<NamespaceKey, Space>();
  protected objects = new Map<string, StoredObject>();
  protected seq = 0;
  protected key = randomBytes(32).toString("hex");

  protected space(ns: NamespaceKey): Space {
    let s = this.spaces.get(ns);
    if (!s) this.spaces.set(ns, (s = { groups: new Map(), assets: new Map() }));
    return s;
  }
  protected changed(): void {}

  groups(ns: NamespaceKey): GroupRow[] {
    return [...(this.spaces.get(ns)?.groups.values() ?? [])];
  }
  getGroup(ns: NamespaceKey, id: string): GroupRow | undefined {
    return this.spaces.get(ns)?.groups.get(id);
  }
  putGroup(ns: NamespaceKey, row: GroupRow): void {
    this.space(ns).groups.set(row.Id, row);
    this.changed();
  }
  deleteGroup(ns: NamespaceKey, id: string): void {
    this.spaces.get(ns)?.groups.delete(id);
    this.changed();
  }
  assets(ns: NamespaceKey): AssetRow[] {
    return [...(this.spaces.get(ns)?.assets.values() ?? [])];
  }
  getAsset(ns: NamespaceKey, id: string): AssetRow | undefined {
    return this.spaces.get(ns)?.assets.get(id);
  }
  putAsset(ns: NamespaceKey, row: AssetRow): void {
    this.space(ns).assets.set(row.Id, row);
    this.changed();
  }
  deleteAsset(ns: NamespaceKey, id: string): void {
    this.spaces.get(ns)?.assets.delete(id);
    this.objects.delete(id);
    this.changed();
  }
  findAsset(id: string): { ns: NamespaceKey; row: AssetRow } | undefined {
    for (const [ns, space] of this.spaces) {
      const row = space.assets.get(id);
      if (row) return { ns, row };
    }
    return undefined;
  }
  hasId(id: string): boolean {
    for (const space of this.spaces.values()) if (space.assets.has(id) || space.groups.has(id)) return true;
    return false;
  }
  getObject(assetId: string): StoredObject | undefined {
    return this.objects.get(assetId);
  }
  putObject(assetId: string, object: StoredObject): void {
    this.objects.set(assetId, object);
    this.changed();
  }
  namespaces(): NamespaceKey[] {
    return [...this.spaces.keys()];
  }
  reset(ns?: NamespaceKey): void {
    if (ns === undefined) {
      this.spaces.clear();
      this.objects.clear();
    } else {
      for (const id of this.spaces.get(ns)?.assets.keys() ?? []) this.objects.delete(id);
      this.spaces.delete(ns);
    }
    this.changed();
  }
  nextSeq(): number {
    this.seq += 1;
    this.changed();
    return this.seq;
  }
  secret(): string {
    return this.key;
  }
  flush(): void {}
}

/** The state file's layout (version 1). Infinity (`readyAt` of a seeded forever-Processing asset) is written as null. */
interface StateFile {
  version: 1;
  secret: string;
  seq: number;
  namespaces: Record<NamespaceKey, { groups: GroupRow[]; assets: AssetRow[] }>;
  objects: Record<string, { contentType: string; base64: string }>;
}

/**
 * The in-memory store plus a JSON state file: loaded when it exists, rewritten (atomically, by rename) on the next
 * tick after a change and on `flush()`. Media objects are kept in the file as base64.
 */
export class FileStore extends MemoryStore {
  readonly path: string;
  private scheduled = false;

  constructor(path: string) {
    super();
    this.path = path;
    let text: string | undefined;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    if (text !== undefined) this.load(JSON.parse(text) as StateFile);
  }

  private load(state: StateFile): void {
    if (state.version !== 1) throw new Error(`${this.path}: unsupported state file version ${String(state.version)}`);
    this.key = state.secret;
    this.seq = state.seq;
    for (const [ns, space] of Object.entries(state.namespaces)) {
      const s = this.space(ns);
      for (const g of space.groups) s.groups.set(g.Id, g);
      for (const a of space.assets) s.assets.set(a.Id, { ...a, ...(a.readyAt === null ? { readyAt: Infinity } : {}) });
    }
    for (const [id, o] of Object.entries(state.objects)) this.objects.set(id, { contentType: o.contentType, data: Buffer.from(o.base64, "base64") });
  }

  protected override changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  override flush(): void {
    this.scheduled = false;
    const state: StateFile = { version: 1, secret: this.key, seq: this.seq, namespaces: {}, objects: {} };
    for (const [ns, space] of this.spaces) state.namespaces[ns] = { groups: [...space.groups.values()], assets: [...space.assets.values()] };
    for (const [id, o] of this.objects) state.objects[id] = { contentType: o.contentType, base64: Buffer.from(o.data).toString("base64") };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.path);
  }
}
