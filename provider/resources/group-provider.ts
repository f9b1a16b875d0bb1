/**
 * The AssetGroup provider's implementation: check, diff, create, read, update, delete.
 * Loaded in the provider process through ./runtime.ts; see ./asset-group.ts for the resource's contract.
 */
import { z } from "zod";
import type { GroupRecord } from "../api.js";
import { withoutGroupNamePrefix } from "../gateways/anyfast.js";
import type { Capabilities } from "../gateways/dialect.js";
import { ASSET_GROUP_DIFF, ASSET_GROUP_INPUTS, type AssetGroupState } from "./asset-group.js";
import { adoptSchema, checkFields, nameSchema, profileSchema, projectNameSchema, type FieldSchemas } from "./check.js";
import { clean, connect, info, isNotFound, ResourceInitError, warn, type Connection } from "./context.js";
import { diffBySpec, UNKNOWN } from "./diff.js";
import { oneLine, pick, type Implementation } from "./implementation.js";
import { reconcileWrite, unverifiableCreate } from "./reconcile.js";

const FIELDS: FieldSchemas = {
  name: nameSchema("group"),
  description: z
    .string({ error: "must be a string. Fix: set description to text of at most 300 characters, or leave it unset." })
    .max(300, { error: (issue) => `is ${String((issue.input as string).length)} characters long, more than 300. Fix: shorten it to 300 characters or fewer.` })
    .default(""),
  groupType: z
    .literal("AIGC", { error: 'must be "AIGC": CreateAssetGroup makes only AIGC groups (LivenessFace groups come from the console). Fix: remove groupType or set it to "AIGC".' })
    .default("AIGC"),
  projectName: projectNameSchema,
  profile: profileSchema,
  adopt: adoptSchema,
};

/** The declared name a stored name stands for: a gateway's prefix is not a difference. */
export function declaredGroupName(storedName: string, declared: string | undefined, capabilities: Capabilities): string {
  const bare = capabilities.groupNamePrefix ? withoutGroupNamePrefix(storedName) : storedName;
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
 * The AssetGroup implementation. check: inputs and capabilities; create: adopt (opt-in) or CreateAssetGroup, then
 * GetAssetGroup for the stored name; read: GetAssetGroup (NotFound → gone; the isolation prefix is not drift);
 * update: UpdateAssetGroup; delete: DeleteAssetGroup (NotFound = done), or a warning where the gateway cannot.
 */
export const groupProvider: Implementation<AssetGroupState> = {
  async check(_olds, news) {
    const { inputs, failures } = checkFields(FIELDS, news);
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
    return diffBySpec(ASSET_GROUP_DIFF, olds, news);
  },

  async create(inputs) {
    const conn = connect(inputs.profile);
    const adopted = inputs.adopt ? await findGroup(conn, inputs) : undefined;
    if (adopted) info(`AssetGroup "${inputs.name}": took over existing group ${adopted.Id} (adopt: true).`);
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
      if (isNotFound(error)) return { id: "" };
      throw error;
    }
    if (!record) return { id, props };
    const state = stateOf(
      {
        ...props,
        name: declaredGroupName(record.Name, props.name, conn.capabilities),
        description: record.Description,
        groupType: record.GroupType as "AIGC",
        projectName,
        adopt: props.adopt ?? false,
      },
      record,
    );
    return { id, props: state, inputs: pick(state, ASSET_GROUP_INPUTS) };
  },

  async update(id, olds, news) {
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
    if (!conn.capabilities.actions.includes("DeleteAssetGroup")) {
      warn(
        `AssetGroup "${props.name}" (${id}): ${conn.gateway} has no DeleteAssetGroup, so the group stays on the gateway and only leaves the Pulumi state. Delete it in the gateway's console if it should go.`,
      );
      return;
    }
    const projectName = props.projectName ?? conn.defaultProjectName;
    // NotFound = done; after an ambiguous answer the group is read back: NotFound → the delete worked, else again.
    await reconcileWrite({
      what: `DeleteAssetGroup of ${id}`,
      write: async () => {
        try {
          await conn.client.call("DeleteAssetGroup", { Id: id, ProjectName: projectName });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        return true;
      },
      observe: async () => {
        try {
          await conn.client.call("GetAssetGroup", { Id: id, ProjectName: projectName });
          return undefined;
        } catch (error) {
          if (isNotFound(error)) return true;
          throw error;
        }
      },
    });
  },
};
