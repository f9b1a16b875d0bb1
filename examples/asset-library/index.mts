// The main job: the asset library in library.yaml as Pulumi resources, and every asset:// reference as an output.
// `npm run demo` runs it against the emulator; against real gateways, configure them as in ../../Pulumi.yaml.example:
//   pulumi config set seedance:gateway anyfast && pulumi config set --secret seedance:apiKey <key>
//   pulumi config set --path seedance:profiles.native.gateway volcengine   (and its accessKeyId / secretAccessKey)
import { fileURLToPath } from "node:url";
import * as seedance from "pulumi-seedance-assets";

const library = seedance.loadLibrary(fileURLToPath(new URL("library.yaml", import.meta.url)));
const declared = seedance.declareLibrary(library);

/** `asset://<Id>` of every asset, by `<group>/<asset>`: paste these into video generation requests. */
export const references = declared.references;
/** The group ids, by group name. */
export const groupIds = Object.fromEntries(Object.entries(declared.groups).map(([name, group]) => [name, group.id]));
