#!/usr/bin/env bash
# Refresh the self-hosted JavaScript under docs/assets/vendor/ from the npm registry.
# The site never loads a script from another host, so libraries are committed here.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-3.35.0}"
work=$(mktemp -d)
(cd "$work" && npm pack "cytoscape@$version" >/dev/null && tar xzf cytoscape-*.tgz)
rm -f docs/assets/vendor/cytoscape-*.min.js
cp "$work/package/dist/cytoscape.min.js" "docs/assets/vendor/cytoscape-$version.min.js"
cp "$work/package/LICENSE" docs/assets/vendor/cytoscape-LICENSE.txt
echo "vendored cytoscape $version; update the file name in docs/assets/graph.js"
