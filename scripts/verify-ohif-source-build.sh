#!/usr/bin/env bash
# What a deployer does with an OHIF source checkout, then the smoke on the result:
#   1. build our packages (npm run build)
#   2. link them with that checkout's OHIF CLI (yarn for OHIF <= 3.12, pnpm for the pnpm-era line)
#   3. add the KHEOPS data-source entry and the early-launch hook to an app config (docs/deployment.md)
#   4. build OHIF
#   5. serve the build through the sandbox (--cli-build) and run e2e/tests/ohif-source-build.test.ts
# Usage: bash scripts/verify-ohif-source-build.sh <OHIF checkout>
# The checkout is modified in place (node_modules, the CLI's link edits, platform/app/dist); nothing is written
# into this repository except .cache/ohif-tools (Node 24, yarn 1, pnpm 11 from the npm registry).
# OHIF's source is not in the npm registry, so CI runs this only when a checkout is given.
set -euo pipefail

OHIF=${1:?usage: verify-ohif-source-build.sh <OHIF checkout>}
OHIF=$(cd "$OHIF" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=$REPO/.cache/ohif-tools
APP=$OHIF/platform/app
T0=$(date +%s)
stamp() { echo "[verify-ohif $(date -u +%H:%M:%S) +$(($(date +%s) - T0))s] $*" >&2; }

# --- tools: Node 24 (pnpm-era OHIF needs it), yarn 1, pnpm 11, all from the npm registry -------------------------
if [ ! -x "$TOOLS/node_modules/.bin/pnpm" ] || [ ! -x "$TOOLS/node_modules/.bin/yarn" ] ||
  [ ! -x "$TOOLS/node_modules/.bin/node" ]; then
  stamp "installing node@24, yarn@1, pnpm@11 into $TOOLS"
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{ "private": true }' >"$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund node@24 yarn@1 pnpm@11 >&2
fi
# pnpm-era OHIF names its pnpm in packageManager; a different pnpm would try to switch to it (and refuses when it
# cannot verify the registry signature): install that exact version.
WANT_PNPM=$(node -p "(/^pnpm@([^+]+)/.exec(require('$OHIF/package.json').packageManager || '') || [])[1] || ''")
if [ -n "$WANT_PNPM" ] && [ "$(node -p "require('$TOOLS/node_modules/pnpm/package.json').version")" != "$WANT_PNPM" ]; then
  stamp "installing pnpm@$WANT_PNPM (the checkout's packageManager)"
  npm install --prefix "$TOOLS" --no-audit --no-fund "pnpm@$WANT_PNPM" >&2
fi
export PATH=$TOOLS/node_modules/.bin:$PATH
export CYPRESS_INSTALL_BINARY=0 # its postinstall downloads a binary from a host this machine cannot reach
VERSION=$(node -p "require('$APP/package.json').version")
stamp "OHIF $VERSION at $OHIF; node $(node -v)"

# --- 1. our packages ---------------------------------------------------------------------------------------------
(cd "$REPO" && npm run --silent build >&2)

# --- 2. link with the checkout's OHIF CLI ------------------------------------------------------------------------
cd "$OHIF"
if [ -f pnpm-lock.yaml ]; then
  ERA=pnpm
  # Exact @cornerstonejs pins this registry does not have: override each with the highest version it has
  # below the pin (the launch and SR flows do not use the packages concerned).
  node - <<'EOF'
const fs = require('fs');
const { execFileSync } = require('child_process');
const pins = new Map();
for (const top of ['platform', 'extensions', 'modes'])
  for (const d of fs.readdirSync(top)) {
    const f = `${top}/${d}/package.json`;
    if (!fs.existsSync(f)) continue;
    const j = JSON.parse(fs.readFileSync(f, 'utf8'));
    for (const [n, v] of Object.entries({ ...j.dependencies, ...j.peerDependencies }))
      if (n.startsWith('@cornerstonejs/') && /^\d+\.\d+\.\d+$/.test(v)) pins.set(n, v);
  }
const cmp = (a, b) => a.split('.').map(Number).reduce((r, x, i) => r || x - b.split('.').map(Number)[i], 0);
const ws = fs.readFileSync('pnpm-workspace.yaml', 'utf8');
const add = [];
for (const [n, v] of pins) {
  const have = JSON.parse(execFileSync('npm', ['view', n, 'versions', '--json'], { encoding: 'utf8' }));
  if (have.includes(v)) continue;
  const best = have.filter((x) => /^\d+\.\d+\.\d+$/.test(x) && cmp(x, v) < 0).sort(cmp).pop();
  if (!best) throw new Error(`${n}@${v}: not in the registry and no earlier version`);
  if (!ws.includes(`'${n}': ${best}`)) add.push(`  '${n}': ${best} # kheops verify: ${v} not in the registry`);
}
if (add.length) {
  fs.writeFileSync('pnpm-workspace.yaml', ws.replace(/^overrides:\n/m, (m) => m + add.join('\n') + '\n'));
  console.error(`overrides added:\n${add.join('\n')}`);
}
EOF
  stamp "pnpm install"
  pnpm install --no-frozen-lockfile >&2
  stamp "pnpm run cli link-extension / link-mode"
  CI=true pnpm run cli link-extension "$REPO/extension-kheops" >&2
  CI=true pnpm run cli link-mode "$REPO/mode-kheops" >&2
  # pnpm link removed the workspace's own @ohif/* links: install again (else "Can't resolve '@ohif/core'").
  pnpm install --no-frozen-lockfile >&2
else
  ERA=yarn
  stamp "yarn install"
  yarn install --frozen-lockfile --network-timeout 600000 >&2
  stamp "yarn cli link-extension / link-mode"
  yarn cli link-extension "$REPO/extension-kheops" >&2
  yarn cli link-mode "$REPO/mode-kheops" >&2
fi
node -e "
const c = require('$APP/pluginConfig.json');
for (const [k, n] of [['extensions', '@kheops-ohif/extension-kheops'], ['modes', '@kheops-ohif/mode-kheops']])
  if (!c[k].some((e) => e.packageName === n)) { console.error(n + ' missing from pluginConfig.json ' + k); process.exit(1); }
"

# --- 3. the app config: OHIF's default plus the data-source entry and the early-launch hook ---------------------
CONFIG=config/kheops-ohif.js
cp "$APP/public/config/default.js" "$APP/public/$CONFIG"
cat >>"$APP/public/$CONFIG" <<'EOF'

// KHEOPS (docs/deployment.md): launched from KHEOPS, the KHEOPS data source, and the early-launch hook.
// No extensions/modes entries: the OHIF CLI bundled the packages.
window.config.showStudyList = false;
window.config.defaultDataSourceName = 'kheops';
window.config.dataSources.push({
  namespace: '@kheops-ohif/extension-kheops.dataSourcesModule.kheops',
  sourceName: 'kheops',
  configuration: {
    friendlyName: 'KHEOPS',
    trustedOrigins: ['https://kheops.example'],
    clientIds: { implicit: '…', code: '…', thirdParty: '…' },
    redirectUri: 'https://viewer.example/kheops',
    scope: 'openid read write',
  },
});
(function () {
  var address = location.search + location.hash;
  if (/[?&#](iss|code|url|access_token|error)=/.test(address)) {
    // An OpenID sign-in request (L4) leaves for its authorization server at once: OHIF is not loaded for it.
    var signIn = /[?&]iss=/.test(location.search) && !/[?&#](code|state|error|access_token)=/.test(address);
    if (signIn) window.stop();
    window.kheopsEarlyLaunch = import('/kheops-plugins/extension-kheops.mjs').then(function (m) {
      return m.launchEarly({ ohifStopped: signIn });
    });
  }
})();
EOF

# --- 4. build OHIF -----------------------------------------------------------------------------------------------
stamp "building OHIF ($ERA)"
B0=$(date +%s)
if [ $ERA = pnpm ]; then
  APP_CONFIG=$CONFIG pnpm run build >&2
else
  # the root build goes through lerna/nx and picks bun (bun.lock): build the app itself
  (cd "$APP" && APP_CONFIG=$CONFIG yarn run build:viewer >&2)
fi
BUILD_S=$(($(date +%s) - B0))
DIST=$APP/dist
grep -q 'dataSourcesModule.kheops' "$DIST/app-config.js" || {
  echo "app-config.js of the build has no KHEOPS data source" >&2
  exit 1
}
[ -f "$DIST/kheops-plugins/extension-kheops.mjs" ] || {
  echo "the build did not copy dist/kheops-plugins/extension-kheops.mjs (OHIF's writePluginImportsFile)" >&2
  exit 1
}
stamp "OHIF built in ${BUILD_S}s: $DIST"

# --- 5. the smoke through the sandbox ----------------------------------------------------------------------------
# The sandbox and the tests run on the project's own Node, not the one OHIF needed.
export PATH=${PATH#"$TOOLS/node_modules/.bin:"}
cd "$REPO"
stamp "smoke: e2e/tests/ohif-source-build.test.ts"
set +e
OHIF_DIST=$DIST OHIF_SOURCE_VERSION=$VERSION KHEOPS_CLI_BUILD=1 \
  npx jest e2e/tests/ohif-source-build.test.ts --selectProjects e2e
RC=$?
set -e
echo "verify-ohif-source-build: OHIF $VERSION ($ERA, $(git -C "$OHIF" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")) $(date -u +%Y-%m-%dT%H:%MZ): build ${BUILD_S}s, total $(($(date +%s) - T0))s, smoke $([ $RC = 0 ] && echo passed || echo FAILED)"
exit $RC
