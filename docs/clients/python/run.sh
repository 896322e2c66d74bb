#!/usr/bin/env bash
# Checks the Python client: its framing tests (no server), then example.py against the server built in this checkout
# (dotnet build -c Release first), started over stdin/stdout. Exit code 0 when both pass.
# Needs python3 with msgpack (Debian: apt-get install python3-msgpack; elsewhere: pip install msgpack).
# PYTHON=/path/to/python3 picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's python3-msgpack installs for the system python3; a python3 found first on PATH (pyenv, a venv) may lack it.
python=${PYTHON:-python3}
if ! "$python" -c 'import msgpack' 2>/dev/null && [ -z "${PYTHON:-}" ] && /usr/bin/python3 -c 'import msgpack' 2>/dev/null; then
  python=/usr/bin/python3
fi
"$python" -c 'import msgpack' || { echo "python client: $python has no msgpack module (apt-get install python3-msgpack)" >&2; exit 1; }

"$python" -m unittest -q test_scheduler_client
"$python" example.py
