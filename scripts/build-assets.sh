#!/usr/bin/env bash
# Build the vendored front-end assets for Threads.
#
# Output (committed to the repo, so running the site needs no Node):
#   static/css/threads.css                     compiled from assets/scss/threads.scss
#   static/govuk/govuk-frontend.min.js         GOV.UK Frontend JS (an ES module)
#   static/govuk/assets/images/, manifest.json GOV.UK Frontend images (no fonts)
#   static/govuk/LICENSE.txt
#   static/vendor/chartjs/chart.umd.min.js     Chart.js UMD build (sets window.Chart)
#   static/vendor/chartjs/LICENSE.md
#   tests/browser/vendor/axe.min.js            axe-core, for browser accessibility tests
#   tests/browser/vendor/axe-core-LICENSE.txt
#
# Usage: scripts/build-assets.sh   (from anywhere; needs Node 18+ and npm)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ ! -d node_modules ]]; then
  echo "build-assets: node_modules missing, running npm ci" >&2
  npm ci --no-audit --no-fund
fi

GOVUK=node_modules/govuk-frontend/dist/govuk
CHARTJS=node_modules/chart.js
AXE=node_modules/axe-core

for required in "$GOVUK/govuk-frontend.min.js" "$CHARTJS/package.json" "$AXE/axe.min.js" node_modules/.bin/sass; do
  if [[ ! -e "$required" ]]; then
    echo "build-assets: $required not found; run 'npm ci'" >&2
    exit 1
  fi
done

# --- CSS ---------------------------------------------------------------------
# GOV.UK Frontend 5 is written with @import and global Sass functions, which
# Dart Sass reports as deprecated: --quiet-deps hides warnings from
# node_modules, --silence-deprecation hides the @import one from our own file.
mkdir -p static/css
sass_flags=(--no-source-map --style=compressed --load-path=node_modules --quiet-deps)
for dep in import global-builtin if-function; do
  # Only pass deprecation ids this sass version knows (unknown ids are errors
  # in some versions).
  if npx --no-install sass --silence-deprecation="$dep" --stdin <<<"" >/dev/null 2>&1; then
    sass_flags+=(--silence-deprecation="$dep")
  fi
done
npx --no-install sass "${sass_flags[@]}" assets/scss/threads.scss static/css/threads.css
echo "build-assets: wrote static/css/threads.css"

# --- GOV.UK Frontend ----------------------------------------------------------
rm -rf static/govuk
mkdir -p static/govuk/assets
cp "$GOVUK/govuk-frontend.min.js" static/govuk/govuk-frontend.min.js
# Images and web app manifest only: Threads uses system fonts, so no fonts/.
cp -R "$GOVUK/assets/images" static/govuk/assets/images
if [[ -f "$GOVUK/assets/manifest.json" ]]; then
  cp "$GOVUK/assets/manifest.json" static/govuk/assets/manifest.json
fi
license=""
for candidate in node_modules/govuk-frontend/LICENSE.txt node_modules/govuk-frontend/LICENSE node_modules/govuk-frontend/LICENSE.md; do
  if [[ -f "$candidate" ]]; then license="$candidate"; break; fi
done
if [[ -n "$license" ]]; then
  cp "$license" static/govuk/LICENSE.txt
else
  # The npm package ships no licence file (package.json says "MIT"); write the
  # MIT licence with the project's copyright line.
  cat > static/govuk/LICENSE.txt <<'EOF'
GOV.UK Frontend (https://github.com/alphagov/govuk-frontend)

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

The GOV.UK crown, crest and other GOV.UK brand images in assets/images are
Crown copyright and are not covered by this licence; they are for GOV.UK
services only.
EOF
fi
echo "build-assets: copied GOV.UK Frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version")"

# --- Chart.js -----------------------------------------------------------------
mkdir -p static/vendor/chartjs
if [[ -f "$CHARTJS/dist/chart.umd.min.js" ]]; then
  cp "$CHARTJS/dist/chart.umd.min.js" static/vendor/chartjs/chart.umd.min.js
elif [[ -f "$CHARTJS/dist/chart.umd.js" ]]; then
  cp "$CHARTJS/dist/chart.umd.js" static/vendor/chartjs/chart.umd.min.js
else
  echo "build-assets: no chart.umd(.min).js in $CHARTJS/dist" >&2
  exit 1
fi
cp "$CHARTJS/LICENSE.md" static/vendor/chartjs/LICENSE.md
echo "build-assets: copied Chart.js $(node -p "require('./$CHARTJS/package.json').version")"

# .map files are not vendored: drop sourceMappingURL comments so browsers don't
# request them and Django's ManifestStaticFilesStorage (which resolves them
# during collectstatic) doesn't fail on a missing file.
sed -i -E 's#[[:space:]]*//[#@] sourceMappingURL=[^[:space:]]*[[:space:]]*$##' \
  static/govuk/govuk-frontend.min.js static/vendor/chartjs/chart.umd.min.js

# --- axe-core (browser tests only) --------------------------------------------
mkdir -p tests/browser/vendor
cp "$AXE/axe.min.js" tests/browser/vendor/axe.min.js
cp "$AXE/LICENSE" tests/browser/vendor/axe-core-LICENSE.txt
echo "build-assets: copied axe-core $(node -p "require('./$AXE/package.json').version")"

# --- Checks -------------------------------------------------------------------
css=static/css/threads.css
if grep -Eiq 'woff|@font-face' "$css"; then
  echo "build-assets: $css references web fonts (woff/@font-face); expected system fonts only" >&2
  exit 1
fi
if grep -Eo 'url\([^)]*\)' "$css" | grep -Ev '^url\("?/static/govuk/assets/images/' | grep -q .; then
  echo "build-assets: $css has url()s outside /static/govuk/assets/images/:" >&2
  grep -Eo 'url\([^)]*\)' "$css" | grep -Ev '^url\("?/static/govuk/assets/images/' >&2
  exit 1
fi
while read -r image; do
  if [[ ! -f "static/govuk/assets/images/$image" ]]; then
    echo "build-assets: $css references missing image $image" >&2
    exit 1
  fi
done < <(grep -Eo 'url\("?/static/govuk/assets/images/[^")]*' "$css" | sed -E 's#.*/images/##' | sort -u)
echo "build-assets: done"
