#!/usr/bin/env bash
# Regenerates test/fixtures/plans/<stack>.json: real `terraform show -json` output for each folder in
# stacks/. For a folder with base.tf, Terraform applies base.tf to a local state first, then plans head.tf
# against it; without base.tf it plans head.tf from nothing. Only the builtin `terraform_data` resource is
# used, so no provider is downloaded and no network is needed. scrub.ts then removes what changes from run
# to run (timestamp, random ids, the temporary folder).
#
#   scripts/plan-fixtures/make.sh            # needs terraform (1.5+) on PATH, or TERRAFORM=/path/to/terraform
#   scripts/plan-fixtures/make.sh --check    # regenerates into a temporary folder; fails if the fixtures differ
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/test/fixtures/plans"
terraform="${TERRAFORM:-terraform}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$fixtures"
if [ "${1:-}" = "--check" ]; then out="$work/fixtures"; fi

export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null
mkdir -p "$out"
for stack in "$here"/stacks/*/; do
  name="$(basename "$stack")"
  dir="$work/$name"
  mkdir -p "$dir"
  tf() { "$terraform" -chdir="$dir" "$@" >"$dir/log.txt" 2>&1 || { cat "$dir/log.txt" >&2; exit 1; }; }
  tf init -input=false -no-color
  if [ -f "$stack/base.tf" ]; then
    cp "$stack/base.tf" "$dir/main.tf"
    tf apply -input=false -auto-approve -no-color
  fi
  cp "$stack/head.tf" "$dir/main.tf"
  tf plan -input=false -no-color -out=plan.tfplan
  "$terraform" -chdir="$dir" show -json plan.tfplan >"$dir/plan.json"
  (cd "$root" && npx --no-install tsx "$here/scrub.ts" "$work" <"$dir/plan.json" >"$out/$name.json")
  echo "wrote $name.json"
done

if [ "$out" != "$fixtures" ]; then
  diff -r "$fixtures" "$out" && echo "test/fixtures/plans is up to date" || {
    echo "test/fixtures/plans is stale: run scripts/plan-fixtures/make.sh" >&2
    exit 1
  }
fi
