#!/usr/bin/env bash
# The parts of n8n's queue mode that the queue-mode tests start on their own (Debian's packages):
# redis-server (n8n's Bull queue and the shared quota store's Redis) and PostgreSQL (n8n's
# database in queue mode). Nothing is started here: the tests start each on a free port of
# 127.0.0.1 and stop it by its pid (test/queue/services.ts).
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
echo "redis-server: $(redis-server --version | head -1)"
echo "postgres: $(ls -d /usr/lib/postgresql/*/bin/postgres)"
