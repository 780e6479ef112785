#!/bin/sh
# The issue-14 topology on this machine: 2 API instances behind HAProxy, 2 recogniser
# workers, 1 job worker, its own Redis servers and PostgreSQL database (bench/cluster_topology.py).
#   scripts/cluster.sh up      # prints the URL to open
#   scripts/cluster.sh down
set -eu
cd "$(dirname "$0")/.."
exec .venv/bin/python -m bench.cluster_topology "$@"
