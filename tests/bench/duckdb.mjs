// The anchor of `make bench`: the downtime slacredit computes, computed by
// DuckDB over the same CSV files. Prints one line per subscription that saw
// downtime, "subscription_id,seconds": the distinct minutes in the month
// with a one-minute sample whose status is exactly "down" from any of the
// subscription's monitors (its resources column, ';'-separated), times 60.
//
// usage: node duckdb.mjs MODULES_DIR 'GLOB' SUBSCRIPTIONS_CSV MONTH_START MONTH_END
// (MODULES_DIR: the folder npm installed @duckdb/node-api into.)
import { createRequire } from 'node:module';
import path from 'node:path';

const [modules, glob, subs, from, to] = process.argv.slice(2);
if (!to) {
    console.error('usage: node duckdb.mjs MODULES_DIR GLOB SUBSCRIPTIONS FROM TO');
    process.exit(64);
}
const require = createRequire(path.resolve(modules, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const sql = `
WITH roster AS (
    SELECT DISTINCT subscription_id,
           trim(unnest(string_split(resources, ';'))) AS monitor_id
    FROM read_csv(${quote(subs)}, header = true, all_varchar = true)
), down AS (
    SELECT DISTINCT monitor_id, "timestamp"
    FROM read_csv(${quote(glob)}, header = true,
                  columns = {'timestamp': 'TIMESTAMPTZ', 'monitor_id': 'VARCHAR',
                             'status': 'VARCHAR', 'response_ms': 'BIGINT'})
    WHERE status = 'down'
      AND "timestamp" >= ${quote(from)}::TIMESTAMPTZ
      AND "timestamp" < ${quote(to)}::TIMESTAMPTZ
)
SELECT subscription_id, count(DISTINCT "timestamp") * 60 AS seconds
FROM down JOIN roster USING (monitor_id)
GROUP BY subscription_id
ORDER BY subscription_id`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET TimeZone = 'UTC'");
const reader = await con.runAndReadAll(sql);
const out = reader.getRows().map(([m, s]) => `${m},${s}`).join('\n');
process.stdout.write(out ? out + '\n' : '');
