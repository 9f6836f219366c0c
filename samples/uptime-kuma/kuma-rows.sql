-- The rows of kuma.db, loaded into Uptime Kuma's own tables
-- (tests/data/kuma/kuma-schema.sql) by make-db.sh. Times as Kuma writes
-- them: 'YYYY-MM-DD HH:MM:SS[.sss]', UTC.
BEGIN;
INSERT INTO monitor (id, name, active, interval, retry_interval, type) VALUES
  (1, 'shop-web', 1, 60, 0, 'http'),
  (2, 'mail', 1, 300, 0, 'port'),
  (3, 'staging', 1, 60, 0, 'http'),
  (4, 'api', 1, 60, 60, 'http');
-- shop-web: a failed check retried (PENDING), two DOWN, back UP.
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (1, 1, '200 - OK', '2026-09-03 10:00:00.000', 1),
  (1, 2, 'timeout of 48000ms exceeded', '2026-09-03 10:01:00.250', 0),
  (1, 0, 'timeout of 48000ms exceeded', '2026-09-03 10:02:00.112', 1),
  (1, 0, 'timeout of 48000ms exceeded', '2026-09-03 10:03:00.087', 0),
  (1, 1, '200 - OK', '2026-09-03 10:04:00.301', 1);
-- shop-web: two beats in a maintenance window, then UP.
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (1, 3, 'Monitor under maintenance', '2026-09-15 02:00:00.000', 1),
  (1, 3, 'Monitor under maintenance', '2026-09-15 02:01:00.000', 0),
  (1, 1, '200 - OK', '2026-09-15 02:02:00.000', 1);
-- shop-web: DOWN every minute from 12:00 to 12:59 (60 beats), UP at 13:00.
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 59)
INSERT INTO heartbeat (monitor_id, status, msg, time, important)
  SELECT 1, 0, 'connect ECONNREFUSED', printf('2026-09-20 12:%02d:00.500', k),
         k = 0 FROM m;
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (1, 1, '200 - OK', '2026-09-20 13:00:00.500', 1);
-- mail, interval 300: two DOWN, one UP.
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (2, 0, 'connect ETIMEDOUT', '2026-09-10 00:00:00', 1),
  (2, 0, 'connect ETIMEDOUT', '2026-09-10 00:05:00', 0),
  (2, 1, '', '2026-09-10 00:10:00', 1);
-- staging: no subscription names it (skipped).
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (3, 0, '', '2026-09-01 00:00:00', 1);
-- api: always UP, beats 63, 114, 90 and 71 s apart (a cycle of 338 s) from
-- 09-24 23:58:00 while before 09-25 12:00:00 (the last: 11:59:04); Kuma
-- stopped; again from 09-25 12:30:00 while before 09-26 00:05:00.
WITH RECURSIVE c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c WHERE k < 130),
  o(off) AS (VALUES (0), (63), (177), (267)),
  b(base, stop) AS (VALUES ('2026-09-24 23:58:00', '2026-09-25 12:00:00'),
                           ('2026-09-25 12:30:00', '2026-09-26 00:05:00')),
  t(time) AS (SELECT strftime('%Y-%m-%d %H:%M:%S', base,
                              '+' || (k * 338 + off) || ' seconds') || '.000'
              FROM b, c, o)
INSERT INTO heartbeat (monitor_id, status, msg, time, important)
  SELECT 4, 1, '200 - OK', time, 0 FROM t, b
  WHERE time >= b.base AND time < b.stop ORDER BY time;
-- Before the month: not read.
INSERT INTO heartbeat (monitor_id, status, msg, time, important) VALUES
  (1, 0, '', '2026-07-01 00:00:00', 1);
COMMIT;
