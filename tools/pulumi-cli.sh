#!/usr/bin/env bash
# Ensures a Pulumi CLI whose version equals the package's devDependency @pulumi/pulumi, and prints the directory holding
#   pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs
# on stdout (nothing else goes to stdout; progress goes to stderr). Put that directory first on PATH.
#
# Why: the official installer and release downloads are unreachable on machines that only reach package
# registries, and no registry package carries the CLI. The Go module proxy does, as source.
#
# Where the CLI comes from, first match wins:
#   1. a `pulumi` on PATH printing exactly v<version>, with pulumi-language-nodejs beside it or on PATH;
#   2. the cache ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-seedance-assets/pulumi-cli/v<version>/ (< 1 s);
#   3. a build into that cache with Go (minutes the first time; Go's module and build caches make later
#      builds of the same version fast):
#      - pulumi: github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at v<version>, through a throwaway main module
#        (`go install` refuses pkg/v3 because its go.mod has replace directives), with the release flags;
#      - pulumi-language-nodejs: Pulumi's own module at the pseudo-version of the release commit when the
#        proxy serves it (it did not for 3.259.0), else our minimal host in tools/pulumi-language-nodejs/;
#      - pulumi-resource-pulumi-nodejs: copied from node_modules/@pulumi/pulumi.
#      The build happens in a temporary directory that is renamed into place, so an interrupted build never
#      leaves a half cache.
#
# Users who install the official Pulumi CLI (any 3.x that runs @pulumi/pulumi >= 3.216) do not need this script. It
# works from an installed package too: bash node_modules/pulumi-seedance-assets/tools/pulumi-cli.sh (needs Go), then
# put the printed directory first on PATH.
#
# Environment: GOTOOLCHAIN (default auto: a release that needs a newer Go fetches it through the proxy),
# GOPROXY/GOSUMDB as usual. Requires `npm ci` (or, from an installed package, @pulumi/pulumi installed) first.
set -euo pipefail

start=$SECONDS
log() { printf '[pulumi-cli %4ss] %s\n' "$((SECONDS - start))" "$*" >&2; }
die() { printf 'pulumi-cli: error: %s\n' "$*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The installed @pulumi/pulumi, found as Node finds it: in the repository's node_modules, or — when this script runs
# from an installed package (node_modules/pulumi-seedance-assets/tools/) — in the project's, where the peer lives.
sdk_json=$(node -p 'require.resolve("@pulumi/pulumi/package.json", { paths: [process.argv[1]] })' "$repo" 2>/dev/null) ||
  die "@pulumi/pulumi is not installed for $repo: run 'npm ci' (or 'npm install') first"
sdk_pkg=$(dirname "$sdk_json")
# The CLI version: the package's devDependency on @pulumi/pulumi (an exact version, the newest whose CLI the Go module
# proxy serves), not the installed SDK's — @pulumi/pulumi is a peer dependency with a range, and a project may run any
# SDK in it with this CLI (the SDK and the CLI talk over a versioned gRPC protocol).
version=$(node -p 'require(process.argv[1]).devDependencies["@pulumi/pulumi"]' "$repo/package.json" 2>/dev/null) ||
  die "could not read devDependencies[\"@pulumi/pulumi\"] from $repo/package.json"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "devDependencies[\"@pulumi/pulumi\"] in $repo/package.json must be an exact version, got '$version'"
tag="v$version"
bins=(pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs)

# 1. A matching CLI already on PATH (for example an official install at the same version).
if on_path=$(command -v pulumi 2>/dev/null); then
  dir=$(cd "$(dirname "$on_path")" && pwd -P)
  if [[ "$(PULUMI_SKIP_UPDATE_CHECK=true "$on_path" version 2>/dev/null || true)" == "$tag" ]] &&
    { [[ -x "$dir/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null 2>&1; }; then
    echo "$dir"
    exit 0
  fi
fi

# 2. The cache.
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-seedance-assets/pulumi-cli"
cache="$cache_root/$tag"
complete() { local b; for b in "${bins[@]}"; do [[ -x "$1/$b" ]] || return 1; done; }
# The minimal language host is built from this repository's tools/pulumi-language-nodejs: a fingerprint of that
# source is kept in the cache (HOST_SOURCE), and a cached host built from other source is rebuilt in place
# (seconds with warm Go caches; the new binary is renamed over the old one, so running hosts are not disturbed).
host_source() { cat "$repo"/tools/pulumi-language-nodejs/*.go "$repo"/tools/pulumi-language-nodejs/go.mod | sha256sum | cut -c1-16; }
if complete "$cache"; then
  if grep -q '^pulumi-language-nodejs: tools/pulumi-language-nodejs' "$cache/BUILDINFO" 2>/dev/null &&
    [[ "$(cat "$cache/HOST_SOURCE" 2>/dev/null)" != "$(host_source)" ]] && command -v go >/dev/null 2>&1; then
    log "rebuilding the cached language host from tools/pulumi-language-nodejs (its source changed)"
    host_work=$(mktemp -d "$cache_root/.host-$tag.XXXXXX")
    trap 'rm -rf "$host_work"' EXIT
    cp -R "$repo/tools/pulumi-language-nodejs" "$host_work/lang"
    (
      cd "$host_work/lang"
      export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
      if ! grep -q "github.com/pulumi/pulumi/sdk/v3 $tag\$" go.mod; then
        go mod edit "-require=github.com/pulumi/pulumi/sdk/v3@$tag" && go mod tidy >&2
      fi
      go build -trimpath -tags "osusergo,grpcnotrace" \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$tag" -o "$host_work/host" . >&2
    ) && mv -f "$host_work/host" "$cache/pulumi-language-nodejs" && host_source >"$cache/HOST_SOURCE" ||
      log "could not rebuild the language host; keeping the cached one"
  fi
  echo "$cache"
  exit 0
fi

# 3. Build.
if ! command -v go >/dev/null 2>&1; then
  die "no Pulumi CLI $tag found and 'go' is not installed to build one.
Install the Pulumi CLI at exactly version $version and put it on PATH, for example:
  curl -fsSL https://get.pulumi.com | sh -s -- --version $version
  brew install pulumi   (check that 'pulumi version' prints $tag)
or install Go (https://go.dev/doc/install) and run this script again to build it from source."
fi
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$tag"
build_flags=(-trimpath -tags "osusergo,grpcnotrace" -ldflags "$ldflags")

mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.build-$tag.XXXXXX") # same filesystem as the cache: the final mv is a rename
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
out="$work/bin"
mkdir -p "$out"
log "building Pulumi CLI $tag into $cache (first time: several minutes; $(go version))"

# Prints the non-local replace directives of a go.mod file as `go mod edit` flags. Local ones (../sdk) point
# into Pulumi's repository and are replaced by requiring the same tag from the proxy.
replace_flags() {
  awk '
    /^replace[[:space:]]*\(/ { block = 1; next }
    block && /^\)/ { block = 0; next }
    /^replace[[:space:]]/ { sub(/^replace[[:space:]]+/, ""); print; next }
    block { print }
  ' "$1" | sed 's://.*$::' | while IFS= read -r line; do
    [[ "$line" == *"=>"* ]] || continue
    read -r -a old <<<"${line%%=>*}"
    read -r -a new <<<"${line#*=>}"
    [[ "${new[0]}" == .* || "${new[0]}" == /* ]] && continue
    printf -- '-replace=%s%s=%s%s\n' "${old[0]}" "${old[1]:+@${old[1]}}" "${new[0]}" "${new[1]:+@${new[1]}}"
  done
}

# Creates a throwaway main module in $1 that requires the given module@version pairs and imports package $2
# (so that `go mod tidy` keeps everything it needs), copying the non-local replaces of the given go.mod files.
throwaway_module() {
  local dir=$1 pkg=$2 gomods=$3; shift 3
  mkdir -p "$dir"
  (
    cd "$dir"
    go mod init throwaway >/dev/null 2>&1
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >tools.go
    local req flags=()
    for req in "$@"; do flags+=("-require=$req"); done
    local modfile
    for modfile in $gomods; do
      while IFS= read -r f; do flags+=("$f"); done < <(replace_flags "$modfile")
    done
    go mod edit "${flags[@]}"
    go mod tidy >&2
  )
}

# Prints the JSON field $2 ("Hash", "Info", "GoMod", "Error") of `go mod download -json` output $1.
json_field() { sed -n "s/^[[:space:]]*\"$2\": \"\\(.*\\)\",\{0,1\}\$/\\1/p" <<<"$1" | head -n 1; }

# (a) pulumi
log "downloading github.com/pulumi/pulumi/pkg/v3@$tag"
pkg_json=$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/pkg/v3@$tag") ||
  die "the Go module proxy did not serve github.com/pulumi/pulumi/pkg/v3@$tag: $(json_field "$pkg_json" Error)"
log "resolving the CLI's dependencies (go mod tidy)"
throwaway_module "$work/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$(json_field "$pkg_json" GoMod)" \
  "github.com/pulumi/pulumi/pkg/v3@$tag" "github.com/pulumi/pulumi/sdk/v3@$tag"
log "compiling pulumi (the longest step)"
(cd "$work/cli" && go build "${build_flags[@]}" -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
log "built pulumi $(PULUMI_SKIP_UPDATE_CHECK=true "$out/pulumi" version)"

# (b) pulumi-language-nodejs. Pulumi's module has no tags: ask for the release commit's pseudo-version.
lang_mod=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
commit=$(json_field "$pkg_json" Hash)
info_file=$(json_field "$pkg_json" Info)
commit_time=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info_file" | tr -dc '0-9' | cut -c1-14)
lang_source=""
if [[ -n "$commit" && ${#commit_time} == 14 ]]; then
  pseudo="v3.0.0-$commit_time-${commit:0:12}"
  log "trying Pulumi's language host $lang_mod@$pseudo"
  if lang_json=$(cd "$work" && go mod download -json "$lang_mod@$pseudo" 2>/dev/null) &&
    throwaway_module "$work/lang-official" "$lang_mod" "$(json_field "$lang_json" GoMod) $(json_field "$pkg_json" GoMod)" \
      "$lang_mod@$pseudo" "github.com/pulumi/pulumi/pkg/v3@$tag" "github.com/pulumi/pulumi/sdk/v3@$tag" 2>/dev/null &&
    (cd "$work/lang-official" && go build "${build_flags[@]}" -o "$out/pulumi-language-nodejs" "$lang_mod"); then
    lang_source="$lang_mod@$pseudo"
  else
    reason=$(json_field "${lang_json:-}" Error)
    reason=${reason##*.info: }
    log "the proxy does not serve it: ${reason//\\n\\t/ }"
  fi
fi
if [[ -z "$lang_source" ]]; then
  log "building the minimal language host from tools/pulumi-language-nodejs"
  cp -R "$repo/tools/pulumi-language-nodejs" "$work/lang"
  (
    cd "$work/lang"
    if ! grep -q "github.com/pulumi/pulumi/sdk/v3 $tag\$" go.mod; then
      go mod edit "-require=github.com/pulumi/pulumi/sdk/v3@$tag"
      go mod tidy >&2
    fi
    go build "${build_flags[@]}" -o "$out/pulumi-language-nodejs" .
  )
  lang_source="tools/pulumi-language-nodejs (sdk/v3@$tag)"
  host_source >"$out/HOST_SOURCE"
fi

# (c) the dynamic provider plugin: a shell script that runs @pulumi/pulumi/cmd/dynamic-provider with node.
cp "$sdk_pkg/pulumi-resource-pulumi-nodejs" "$out/"
chmod +x "$out/pulumi-resource-pulumi-nodejs"
printf 'pulumi: github.com/pulumi/pulumi/pkg/v3@%s\npulumi-language-nodejs: %s\nbuilt with: %s\n' \
  "$tag" "$lang_source" "$(go version)" >"$out/BUILDINFO"

complete "$out" || die "internal error: build finished without all of ${bins[*]}"
# Rename into place (a leftover incomplete directory is replaced); if a concurrent run got there first, keep
# its copy. mv -T is GNU; elsewhere plain mv renames because the target does not exist.
if [[ -e "$cache" ]] && ! complete "$cache"; then rm -rf "$cache"; fi
mv -T "$out" "$cache" 2>/dev/null || { [[ -e "$cache" ]] || mv "$out" "$cache"; }
complete "$cache" || die "could not move the build into $cache"
log "done: $cache"
echo "$cache"
