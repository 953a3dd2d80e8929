#!/usr/bin/env bash
# Manages API keys through a running api-service's admin endpoints.
#
#   scripts/api-key.sh create --name NAME --tenant TENANT [--role client|admin]
#                             [--submits-per-minute N] [--max-in-flight N]
#   scripts/api-key.sh list
#   scripts/api-key.sh revoke KEY_ID
#
# SCREENSHOTS_API_URL  the API (default http://127.0.0.1:8080)
# SCREENSHOTS_API_KEY  an admin key (default: the local run's .local/dev-api-key)
# A new key's secret is printed once, in the "key" field; only its hash is stored.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
API="${SCREENSHOTS_API_URL:-http://127.0.0.1:8080}"
KEY="${SCREENSHOTS_API_KEY:-}"
if [ -z "$KEY" ] && [ -s "$ROOT/.local/dev-api-key" ]; then KEY="$(cat "$ROOT/.local/dev-api-key")"; fi
[ -n "$KEY" ] || { echo "Set SCREENSHOTS_API_KEY to an admin key" >&2; exit 2; }

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
call() { curl -sS -w '\n' -H "Authorization: Bearer $KEY" "$@"; }

command="${1:-}"; shift || true
case "$command" in
  create)
    name="" tenant="" role="client" rate="" inflight=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --name) name="$2"; shift 2 ;;
        --tenant) tenant="$2"; shift 2 ;;
        --role) role="$2"; shift 2 ;;
        --submits-per-minute) rate="$2"; shift 2 ;;
        --max-in-flight) inflight="$2"; shift 2 ;;
        *) usage ;;
      esac
    done
    [ -n "$name" ] && [ -n "$tenant" ] || usage
    for value in "$name" "$tenant" "$role"; do
      [[ "$value" =~ ^[A-Za-z0-9\ ._-]+$ ]] || { echo "names, tenants and roles: letters, digits, space, . _ -" >&2; exit 2; }
    done
    body="{\"name\":\"$name\",\"tenant\":\"$tenant\",\"role\":\"$role\""
    [ -z "$rate" ] || body="$body,\"submitsPerMinute\":$rate"
    [ -z "$inflight" ] || body="$body,\"maxInFlight\":$inflight"
    call -X POST -H 'Content-Type: application/json' -d "$body}" "$API/admin/api-keys"
    ;;
  list) call "$API/admin/api-keys" ;;
  revoke) [ $# -eq 1 ] || usage; call -X DELETE "$API/admin/api-keys/$1" ;;
  *) usage ;;
esac
