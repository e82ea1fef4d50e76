#!/bin/bash
# Run by the deployment script in secrets.bicep (Azure CLI container, signed in as the script's own
# identity). Creates each secret only if the vault has none of that name; an existing secret, or one in
# the vault's soft-deleted state (which is recovered), keeps its value. Values never touch the command
# line, standard output or the deployment's outputs: they go from openssl through a file private to this
# container straight to the vault.
set -euo pipefail

: "${VAULT_NAME:?}" "${APP_SECRET_NAMES:?}" "${FUNCTION_KEY_SECRET_NAME:?}"

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

# The role assignment of this identity may take a minute or two to reach the vault.
existing=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if existing="$(az keyvault secret list --vault-name "$VAULT_NAME" --query '[].name' --output tsv)"; then
    break
  fi
  if [ "$attempt" -eq 10 ]; then
    echo "cannot list the secrets of $VAULT_NAME; does the script identity hold Key Vault Secrets Officer?" >&2
    exit 1
  fi
  sleep 30
done
deleted="$(az keyvault secret list-deleted --vault-name "$VAULT_NAME" --query '[].name' --output tsv)"

has() { printf '%s\n' "$1" | grep -qxF -- "$2"; }

# $1 secret name, $2 a command that writes the value to standard output.
ensure() {
  local name="$1" generator="$2"
  if has "$existing" "$name"; then
    echo "secret $name exists; kept"
  elif has "$deleted" "$name"; then
    az keyvault secret recover --vault-name "$VAULT_NAME" --name "$name" --output none
    echo "secret $name was soft-deleted; recovered with its value"
  else
    "$generator" > "$work/value"
    az keyvault secret set --vault-name "$VAULT_NAME" --name "$name" --file "$work/value" \
      --encoding utf-8 --content-type 'application/octet-stream;base64' --output none
    rm -f "$work/value"
    echo "secret $name created"
  fi
}

# Standard Base64 of 32 random bytes: what KeyVaultSecretSource decodes (at least 256 bits).
app_secret() { openssl rand -base64 32 | tr -d '\n'; }

# A Functions host key: 32 random bytes in the characters a key may hold (A-Z a-z 0-9 - _).
function_key() { openssl rand -base64 32 | tr -d '\n=' | tr '+/' '-_'; }

for name in $APP_SECRET_NAMES; do
  ensure "$name" app_secret
done
ensure "$FUNCTION_KEY_SECRET_NAME" function_key
