// One asset group and one image asset from a public URL; exports its asset:// reference.
// Configure a gateway first (see ../README.md), e.g.:
//   pulumi config set seedance:gateway anyfast && pulumi config set --secret seedance:apiKey <key>
import { Asset, AssetGroup } from "pulumi-seedance-assets";

const group = new AssetGroup("references", { name: "references" });

const poster = new Asset("poster", {
  group,
  name: "poster",
  assetType: "Image",
  source: { url: "https://example.com/seedance/poster.png" },
});

export const groupId = group.id;
export const posterRef = poster.assetUri;
