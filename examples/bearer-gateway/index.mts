// A Bearer-key gateway that takes uploads (Anyfast): the local file is checked against the published media limits
// during preview, then sent as a multipart upload; the URL is fetched by the gateway itself.
//   pulumi config set seedance:gateway anyfast
//   pulumi config set --secret seedance:apiKey <your Anyfast key>     (or SEEDANCE_API_KEY)
// Anyfast prefixes stored group names with "[u-…]-[t-…]-": see the storedName output; `name` stays yours.
import { Asset, AssetGroup } from "pulumi-seedance-assets";

const brand = new AssetGroup("brand", { name: "brand", description: "Logo and key visuals" });

const logo = new Asset("logo", { group: brand, name: "logo", assetType: "Image", source: { file: "media/logo.png" } });

const keyVisual = new Asset("key-visual", {
  group: brand,
  name: "key-visual",
  assetType: "Image",
  source: { url: "https://example.com/seedance/key-visual.jpg" },
});

export const storedGroupName = brand.storedName;
export const logoRef = logo.assetUri;
export const keyVisualRef = keyVisual.assetUri;
