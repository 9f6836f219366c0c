#!/bin/sh
# Rebuilds kuma.db from Uptime Kuma's table definitions and kuma-rows.sql.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$here/kuma.db"
python3 - "$here/kuma.db" "$here/../../tests/data/kuma/kuma-schema.sql" \
    "$here/kuma-rows.sql" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for f in sys.argv[2:]:
    db.executescript(open(f).read())
db.execute("VACUUM")
db.close()
PY
