/**
 * The AssetGroup provider's implementation: check, diff, create, read, update, delete.
 * Loaded in the provider process through ./runtime.ts; see ./asset-group.ts for the resource's contract.
 */
import { z } from "zod";
import type { GroupRecord } from "../api.js";
import type { Capabilities } from "../gateways/dialect.js";
import { reportGroupAdoption } from "./adoption.js";
import { ASSET_GROUP_DIFF, ASSET_GROUP_INPUTS, type AssetGroupState } from "./asset-group-spec.js";
import { adoptSchema, checkFields, nameSchema, profileSchema, projectNameSchema, type FieldSchemas } from "./check.js";
import { isGone } from "../errors.js";
import { clean, connect, info, ResourceInitError, warn, type Connection } from "./context.js";
import { diffBySpec, UNKNOWN } from "./diff.js";
import { oneLine, pick, type Implementation } from "./implementation.js";
import { reconciledDelete, reconcileWrite, unverifiableCreate } from "./reconcile.js";

const FIELDS: FieldSchemas = {
  name: nameSchema("group"),
  description: z
    .string({ error: "must be a string. Fix: set description to text of at most 300 characters, or leave it unset." })
    .max(300, { error: (issue) => `is ${String((issue.input as string).length)} characters long, more than 300. Fix: shorten it to 300 characters or fewer.` })
    .default(""),
  groupType: z
    .literal("AIGC", {
      error:
        'must be "AIGC" for a group this program creates: LivenessFace (real-person) groups come only from real-person verification. Fix: remove groupType, or set groupId to the id of the verified group (`npm run liveness` prints it).',
    })
    .default("AIGC"),
  projectName: projectNameSchema,
  profile: profileSchema,
  adopt: adoptSchema,
  groupId: z.undefined(),
  deleteOnDestroy: z.boolean({ error: "must be true or false." }).optional(),
};

/** The fields of a group adopted by id (`groupId`): name, description and type default to the group's own. */
const FIELDS_BY_ID: FieldSchemas = {
  ...FIELDS,
  name: nameSchema("group").optional(),
  description: z
    .string({ error: "must be a string. Fix: set description to text of at most 300 characters, or leave it unset to keep the group's own." })
    .max(300, { error: (issue) => `is ${String((issue.input as string).length)} characters long, more than 300. Fix: shorten it to 300 characters or fewer.` })
    .optional(),
  groupType: z.enum(["AIGC", "LivenessFace"], { error: 'must be "AIGC" or "LivenessFace" (the type the group with this groupId has). Fix: correct it, or leave it unset.' }).optional(),
  groupId: z
    .string({ error: "must be a group id. Fix: set groupId to an existing group's id such as group-20260521163909-kbdhw (`npm run liveness` prints the id of a real person's group)." })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, { error: "must be a group id such as group-20260521163909-kbdhw (letters, digits, '-' and '_'). Fix: copy the id exactly." }),
  adopt: z.literal(false, { error: "cannot be combined with groupId: groupId already adopts that exact group. Fix: remove adopt." }).default(false),
};

/** Fields a group adopted by id inherits from its previous state when the program leaves them unset. */
const INHERITED_BY_ID = ["name", "description", "groupType"] as const;

/** `news` with the group's own name, description and type where a group adopted by id leaves them unset. */
function withInherited(olds: Partial<AssetGroupState>, news: AssetGroupState): AssetGroupState {
  if (!news.groupId) return news;
  const merged = { ...news } as Record<string, unknown>;
  for (const key of INHERITED_BY_ID) if (merged[key] === undefined && olds[key] !== undefined) merged[key] = olds[key];
  return merged as unknown as AssetGroupState;
}

/** Whether `pulumi destroy` deletes the group: by default only a group this program created. */
function deletesOnDestroy(s: Partial<AssetGroupState>): boolean {
  return s.deleteOnDestroy ?? !s.groupId;
}

/**
 * Create of a group declared by id: GetAssetGroup (never CreateAssetGroup), the declared type checked, a declared
 * name or description that differs applied with UpdateAssetGroup.
 */
async function adoptById(conn: Connection, inputs: AssetGroupState): Promise<{ id: string; outs: AssetGroupState }> {
  const id = inputs.groupId!;
  const label = `AssetGroup groupId ${id}`;
  let record: GroupRecord | undefined;
  try {
    record = await getGroup(conn, id, inputs.projectName);
  } catch (error) {
    if (!isGone(error, "group")) throw error;
    throw new Error(
      `${label}: there is no such group in project "${inputs.projectName}" on ${conn.gateway} (GetAssetGroup answered NotFound). Fix: check groupId and projectName — a real person's group belongs to the project and credential its verification ran with.`,
    );
  }
  const actualType = record?.GroupType ?? inputs.groupType ?? "AIGC";
  if (inputs.groupType !== undefined && actualType !== inputs.groupType) {
    throw new Error(`${label} is a ${actualType} group, not ${inputs.groupType}. Fix: set groupType to "${actualType}" (or leave it unset), or use the id of a ${inputs.groupType} group.`);
  }
  const currentName = record ? declaredGroupName(record.Name, inputs.name, conn.capabilities) : inputs.name;
  const rename = inputs.name !== undefined && record !== undefined && currentName !== inputs.name;
  const redescribe = inputs.description !== undefined && record !== undefined && record.Description !== inputs.description;
  if (rename || redescribe) {
    await conn.client.call("UpdateAssetGroup", {
      Id: id,
      ...(rename ? { Name: inputs.name } : {}),
      ...(redescribe ? { Description: inputs.description } : {}),
      ProjectName: inputs.projectName,
    });
    record = await getGroup(conn, id, inputs.projectName);
  }
  const state = stateOf(
    {
      ...inputs,
      name: inputs.name ?? currentName ?? id,
      description: inputs.description ?? record?.Description ?? "",
      groupType: actualType,
    },
    record,
  );
  return { id, outs: state };
}

/** The declared name a stored name stands for: a gateway's prefix is not a difference. */
export function declaredGroupName(storedName: string, declared: string | undefined, capabilities: Capabilities): string {
  const bare = capabilities.groupNamePrefix ? capabilities.groupNamePrefix.strip(storedName) : storedName;
  return declared !== undefined && (storedName === declared || bare === declared) ? declared : bare;
}

function stateOf(inputs: Partial<AssetGroupState>, record: GroupRecord | undefined): AssetGroupState {
  return clean({
    ...(pick(inputs, ASSET_GROUP_INPUTS) as AssetGroupState),
    storedName: record?.Name ?? inputs.storedName ?? inputs.name,
    createTime: record?.CreateTime ?? inputs.createTime,
    updateTime: record?.UpdateTime ?? inputs.updateTime,
  });
}

async function getGroup(conn: Connection, id: string, projectName: string): Promise<GroupRecord | undefined> {
  if (!conn.capabilities.actions.includes("GetAssetGroup")) return undefined;
  return conn.client.call("GetAssetGroup", { Id: id, ProjectName: projectName });
}

/** The AIGC groups with the declared name in the project (the gateway's isolation prefix aside), newest first. */
async function groupsNamed(conn: Connection, s: AssetGroupState): Promise<GroupRecord[]> {
  const found: GroupRecord[] = [];
  for await (const group of conn.client.listAllAssetGroups({ Filter: { Name: s.name, GroupType: "AIGC" }, ProjectName: s.projectName })) {
    if (declaredGroupName(group.Name, s.name, conn.capabilities) === s.name) found.push(group);
  }
  return found.sort((a, b) => (b.CreateTime ?? "").localeCompare(a.CreateTime ?? ""));
}

/** An existing group with the declared name in the project (adoption), or undefined. */
async function findGroup(conn: Connection, s: AssetGroupState): Promise<GroupRecord | undefined> {
  // Name adoption looks among AIGC groups only: a LivenessFace group is adopted by its id (groupId), never by name.
  if (!conn.capabilities.actions.includes("ListAssetGroups")) {
    warn(`AssetGroup "${s.name}": ${conn.gateway} has no ListAssetGroups, so an existing group cannot be adopted; creating a new one.`);
    return undefined;
  }
  return (await groupsNamed(conn, s))[0];
}

/**
 * CreateAssetGroup, reconciled (./reconcile.ts). Group names are not unique, so the groups of that name are listed
 * first; after an ambiguous answer a group of that name that was not there before is ours (adopted), none means
 * the call was not applied (sent again).
 */
async function createGroup(conn: Connection, s: AssetGroupState): Promise<string> {
  const canList = conn.capabilities.actions.includes("ListAssetGroups");
  const before = canList ? new Set((await groupsNamed(conn, s)).map((g) => g.Id)) : undefined;
  const { result, observed, ambiguous } = await reconcileWrite({
    what: `CreateAssetGroup of group "${s.name}" in project ${s.projectName}`,
    write: () =>
      conn.client.call("CreateAssetGroup", {
        Name: s.name,
        ...(s.description ? { Description: s.description } : {}),
        GroupType: "AIGC",
        ProjectName: s.projectName,
      }),
    ...(before
      ? {
          observe: async () => {
            const fresh = (await groupsNamed(conn, s)).find((g) => !before.has(g.Id));
            return fresh ? { Id: fresh.Id } : undefined;
          },
        }
      : {
          unverifiable: (error: unknown) =>
            unverifiableCreate(
              { kind: "asset group", name: s.name, gateway: conn.gateway, where: `(project ${s.projectName})`, cleanup: `look in ${conn.gateway}'s console for a new group named "${s.name}" and delete it if it should not stay.` },
              error,
            ),
        }),
  });
  if (observed) info(`AssetGroup "${s.name}": CreateAssetGroup had no certain answer (${ambiguous}×); found the new group ${result.Id} by name and took it over instead of creating a duplicate.`);
  else if (ambiguous > 0) info(`AssetGroup "${s.name}": CreateAssetGroup had no certain answer (${ambiguous}×); no new group of that name was there, so it was sent again: ${result.Id}.`);
  return result.Id;
}

/**
 * The AssetGroup implementation. check: inputs and capabilities; create: adopt by groupId (GetAssetGroup, never
 * created), adopt by name (opt-in) or CreateAssetGroup, then GetAssetGroup for the stored name; read: GetAssetGroup
 * (the documented not-found code → gone, any other failure fails the refresh; the isolation prefix is not drift);
 * update: UpdateAssetGroup; delete: DeleteAssetGroup (the documented not-found code = done), or a warning where the
 * gateway cannot or where the group was adopted by groupId (kept unless deleteOnDestroy).
 */
export const groupProvider: Implementation<AssetGroupState> = {
  async check(_olds, news) {
    const { inputs, failures } = checkFields(news["groupId"] !== undefined ? FIELDS_BY_ID : FIELDS, news);
    if (inputs["profile"] !== UNKNOWN) {
      try {
        const conn = connect(inputs["profile"] as string | undefined);
        if (!conn.capabilities.groups) {
          failures.push({
            property: "",
            reason: `${conn.gateway} has no asset groups (its assets live in no group). Fix: remove this AssetGroup and create the Assets without group, or use a gateway with groups.`,
          });
        }
        inputs["projectName"] ??= conn.defaultProjectName;
      } catch (error) {
        failures.push({ property: inputs["profile"] === undefined ? "" : "profile", reason: oneLine(error) });
      }
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return diffBySpec(ASSET_GROUP_DIFF, olds, withInherited(olds, news));
  },

  async create(inputs) {
    const conn = connect(inputs.profile);
    if (inputs.groupId) return adoptById(conn, inputs);
    const adopted = inputs.adopt ? await findGroup(conn, inputs) : undefined;
    if (adopted) reportGroupAdoption(conn, inputs, adopted);
    const id = adopted?.Id ?? (await createGroup(conn, inputs));
    try {
      if (adopted && adopted.Description !== inputs.description) {
        await conn.client.call("UpdateAssetGroup", { Id: id, Description: inputs.description, ProjectName: inputs.projectName });
      }
      return { id, outs: stateOf(inputs, await getGroup(conn, id, inputs.projectName)) };
    } catch (error) {
      throw new ResourceInitError(id, stateOf(inputs, adopted), [
        `AssetGroup "${inputs.name}" (${id}) was ${adopted ? "adopted" : "created"} but could not be read back: ${oneLine(error)} Run \`pulumi up\` again to finish.`,
      ]);
    }
  },

  async read(id, props) {
    const conn = connect(props.profile);
    const projectName = props.projectName ?? conn.defaultProjectName;
    let record: GroupRecord | undefined;
    try {
      record = await getGroup(conn, id, projectName);
    } catch (error) {
      // Only the documented not-found code forgets the group; anything else fails the refresh and keeps it.
      if (isGone(error, "group")) return { id: "" };
      throw error;
    }
    if (!record) return { id, props };
    const state = stateOf(
      {
        ...props,
        name: declaredGroupName(record.Name, props.name, conn.capabilities),
        description: record.Description,
        groupType: record.GroupType,
        projectName,
        adopt: props.adopt ?? false,
      },
      record,
    );
    return { id, props: state, inputs: pick(state, ASSET_GROUP_INPUTS) };
  },

  async update(id, olds, declared) {
    const news = withInherited(olds, declared);
    const conn = connect(news.profile);
    if (olds.name !== news.name || olds.description !== news.description) {
      await reconcileWrite({
        what: `UpdateAssetGroup of ${id}`,
        write: () => conn.client.call("UpdateAssetGroup", { Id: id, Name: news.name, Description: news.description, ProjectName: news.projectName }),
        // Lost answer: read it back; already as asked → done, else update again.
        observe: async () => {
          const group = await conn.client.call("GetAssetGroup", { Id: id, ProjectName: news.projectName });
          return declaredGroupName(group.Name, news.name, conn.capabilities) === news.name && group.Description === news.description ? { Id: id } : undefined;
        },
      });
    }
    return { outs: stateOf(news, await getGroup(conn, id, news.projectName)) };
  },

  async delete(id, props) {
    const conn = connect(props.profile);
    if (!deletesOnDestroy(props)) {
      warn(
        `AssetGroup "${props.name}" (${id}) was adopted by groupId, so it stays on the gateway and only leaves the Pulumi state${props.groupType === "LivenessFace" ? " (a real person's group: making it again needs a new face verification)" : ""}. Set deleteOnDestroy: true to delete it with the stack.`,
      );
      return;
    }
    if (!conn.capabilities.actions.includes("DeleteAssetGroup")) {
      warn(
        `AssetGroup "${props.name}" (${id}): ${conn.gateway} has no DeleteAssetGroup, so the group stays on the gateway and only leaves the Pulumi state. Delete it in the gateway's console if it should go.`,
      );
      return;
    }
    const projectName = props.projectName ?? conn.defaultProjectName;
    // Gone = done; after an ambiguous answer the group is read back: gone → the delete worked, else again.
    await reconciledDelete(conn.client, "group", id, projectName);
  },
};
