#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend assets in static/govuk-frontend/.
#
# Compiles GOV.UK Frontend with Arial instead of GDS Transport (no @font-face,
# no font files) and ships no crown/GOV.UK-branded images: this is a council
# service, not a GOV.UK service.
#
# Usage (from the project root):  bash static/build-govuk-frontend.sh
# Needs: node + npm with access to the npm registry.
set -euo pipefail

GOVUK_FRONTEND_VERSION="5.14.0"
SASS_VERSION="1.108.2"
ASSETS_URL="/static/govuk-frontend/assets/"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="${SCRIPT_DIR}/govuk-frontend"

BUILD_DIR="$(mktemp -d "${TMPDIR:-/tmp}/govuk-build.XXXXXX")"
trap 'rm -rf "${BUILD_DIR}"' EXIT

echo "==> Installing govuk-frontend@${GOVUK_FRONTEND_VERSION} and sass@${SASS_VERSION} in ${BUILD_DIR}"
cd "${BUILD_DIR}"
printf '{ "name": "govuk-build", "private": true }\n' > package.json
npm install --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "sass@${SASS_VERSION}"

PKG="${BUILD_DIR}/node_modules/govuk-frontend"
DIST="${PKG}/dist/govuk"

installed="$(node -p "require('${PKG}/package.json').version")"
if [[ "${installed}" != "${GOVUK_FRONTEND_VERSION}" ]]; then
  echo "Expected govuk-frontend ${GOVUK_FRONTEND_VERSION}, got ${installed}" >&2
  exit 1
fi

# SCSS entry: settings must come before the import (they are !default there).
# govuk/index is resolved via --load-path so --quiet-deps silences its
# deprecation warnings (GOV.UK Frontend 5.x still uses @import and old Sass APIs).
# ($govuk-new-link-styles no longer exists in 5.x: new link styles are the default.)
cat > entry.scss <<EOF
\$govuk-font-family: arial, sans-serif;
\$govuk-include-default-font-face: false;
\$govuk-assets-path: "${ASSETS_URL}";

@import "govuk/index";
EOF

echo "==> Compiling CSS"
rm -rf "${OUT_DIR}"
mkdir -p "${OUT_DIR}/assets"
npx --no-install sass \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  --load-path="${PKG}/dist" \
  entry.scss "${OUT_DIR}/govuk-frontend.min.css"

echo "==> Copying JavaScript (ES module bundle)"
cp "${DIST}/govuk-frontend.min.js" "${OUT_DIR}/govuk-frontend.min.js"

# Images: every image GOV.UK Frontend ships (favicons, app icons, mask icon,
# opengraph image, crest) is the GOV.UK crown / royal crest or GOV.UK branding,
# which a non-GOV.UK service must not use. So none are copied, and neither is
# assets/manifest.json (it only lists those crown icons). Fonts are not copied
# either (GDS Transport is for GOV.UK only). The council should supply its own
# favicon / app icons.
mkdir -p "${OUT_DIR}/assets/images"
for img in "${DIST}"/assets/images/*; do
  name="$(basename "${img}")"
  case "${name}" in
    favicon.* | govuk-* | *crown* | *crest*) ;;   # crown / GOV.UK branded: skip
    *) cp "${img}" "${OUT_DIR}/assets/images/" ;;
  esac
done
if [[ -z "$(ls -A "${OUT_DIR}/assets/images")" ]]; then
  touch "${OUT_DIR}/assets/images/.gitkeep"
fi

# The footer's crest rules would point at the image left out above, and the JS bundle at a
# source map that is not copied: take both references out, so every url() resolves and
# collectstatic's manifest storage accepts the files.
echo "==> Removing the crest rules and the source map comment"
python3 "${SCRIPT_DIR}/strip-govuk-crest.py" "${OUT_DIR}"

echo "==> Writing VERSION, LICENSE, README.md"
echo "${GOVUK_FRONTEND_VERSION}" > "${OUT_DIR}/VERSION"

# The npm package ships no licence file (package.json says "MIT"); this is
# LICENSE.txt from https://github.com/alphagov/govuk-frontend
cat > "${OUT_DIR}/LICENSE" <<'EOF'
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
EOF

cat > "${OUT_DIR}/README.md" <<EOF
# GOV.UK Frontend ${GOVUK_FRONTEND_VERSION} (vendored, council build)

Compiled CSS and the ES module JS bundle from [GOV.UK Frontend](https://github.com/alphagov/govuk-frontend) ${GOVUK_FRONTEND_VERSION} (MIT, see LICENSE).
Compiled with Arial instead of GDS Transport (no @font-face, no font files) and with no crown: the GOV.UK crown/crest images, favicons and manifest are left out, as this is a council service, not GOV.UK.
The CSS rules that draw the crest in the footer (\`.govuk-footer__copyright-logo\`) are removed by \`static/strip-govuk-crest.py\`, as is the JS bundle's \`sourceMappingURL\` comment (no source map is shipped), so every file the CSS and JS refer to exists.
Asset URLs point at \`${ASSETS_URL}\`. Do not edit these files by hand.
Rebuild with \`bash static/build-govuk-frontend.sh\` (versions are pinned in that script).
EOF

echo "==> Checks"
css="${OUT_DIR}/govuk-frontend.min.css"
fail=0
if grep -q "GDS Transport" "${css}"; then echo "ERROR: 'GDS Transport' found in CSS" >&2; fail=1; fi
if grep -q "@font-face" "${css}"; then echo "ERROR: '@font-face' found in CSS" >&2; fail=1; fi
if grep -o 'url([^)]*)' "${css}" | grep -v "${ASSETS_URL}" | grep -q .; then
  echo "ERROR: CSS url() not under ${ASSETS_URL}" >&2; fail=1
fi
if grep -q "govuk-crest" "${css}"; then echo "ERROR: the crest is still in the CSS" >&2; fail=1; fi
[[ "${fail}" -eq 0 ]] || exit 1

echo "==> Done: ${OUT_DIR}"
(cd "${OUT_DIR}" && find . -type f -exec ls -l {} + | awk '{print $5 "\t" $9}')
