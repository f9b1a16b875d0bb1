// The native API of Volcengine Ark (or BytePlus ModelArk with seedance:gateway byteplus), signed with an access key.
// The native service downloads media from public URLs; it takes no uploads, so a `source.file` fails check with
// a message saying so.
//   pulumi config set seedance:gateway volcengine
//   pulumi config set seedance:accessKeyId <AK>                       (or VOLCENGINE_ACCESS_KEY_ID)
//   pulumi config set --secret seedance:secretAccessKey <SK>          (or VOLCENGINE_SECRET_ACCESS_KEY)
// Assets, groups and the inference key must share one project: seedance:projectName (default "default").
import { Asset, AssetGroup } from "pulumi-seedance-assets";

const scenes = new AssetGroup("scenes", { name: "scenes", description: "Reference clips" });

const clip = new Asset("opening", {
  group: scenes,
  name: "opening",
  assetType: "Video",
  source: { url: "https://example.com/seedance/opening.mp4" },
});

const ambience = new Asset("ambience", {
  group: scenes,
  name: "ambience",
  assetType: "Audio",
  source: { url: "https://example.com/seedance/ambience.mp3" },
});

export const openingRef = clip.assetUri;
export const ambienceRef = ambience.assetUri;
