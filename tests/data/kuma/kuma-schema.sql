-- Uptime Kuma SQLite schema for the two tables slacredit reads: monitor and heartbeat.
-- Every statement below is Uptime Kuma's own text; nothing is invented. Build a test DB with:
--     sqlite3 test-kuma.db < kuma-schema.sql
-- Source: https://github.com/louislam/uptime-kuma (MIT), snapshot HEAD 6398a9581d1c3c427a7536559f47ccf45dac08b4
--         (2026-08-22, package.json version 2.5.3). db/kuma.db blob 6e02ccc01fefc1d40029c18cbec08a6039cf723f is
--         identical in tag 1.23.16 (5bb329fa0e8af9395911f33d5a6d6bb9b128c0f7) and at HEAD.
-- How a real kuma.db gets these tables (server/database.js): a new install copies the template db/kuma.db,
-- then patchSqlite() runs db/old_migrations/patch1..patch10.sql and the 43 files of Database.patchList in
-- order, then (2.x only) knex runs db/knex_migrations/*.js. 1.23.x stops after the .sql patches.
--
-- (1) heartbeat: CREATE TABLE text exactly as stored in sqlite_master of the template db/kuma.db
CREATE TABLE [heartbeat](
  [id] INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, 
  [important] BOOLEAN NOT NULL DEFAULT 0, 
  [monitor_id] INTEGER NOT NULL REFERENCES [monitor]([id]) ON DELETE CASCADE ON UPDATE CASCADE, 
  [status] SMALLINT NOT NULL, 
  [msg] TEXT, 
  [time] DATETIME NOT NULL, 
  [ping] INTEGER, 
  [duration] INTEGER NOT NULL DEFAULT 0);
CREATE INDEX [monitor_id] ON [heartbeat]([monitor_id]);
CREATE INDEX [important] ON [heartbeat]([important]);

-- (2) db/old_migrations/patch-improve-performance.sql (verbatim statements)
CREATE INDEX monitor_time_index ON heartbeat (monitor_id, time);
CREATE INDEX monitor_important_time_index ON heartbeat (monitor_id, important,time);

-- (3) db/old_migrations/patch-monitor-add-resend-interval.sql, heartbeat part (verbatim)
ALTER TABLE heartbeat
    ADD down_count INTEGER default 0 not null;

-- (4) monitor: CREATE TABLE text as SQLite stores it after Kuma's own patch chain was replayed with sqlite3
--     on a copy of the template (patch1..10 + patchList, in server/database.js order). The column list up to
--     accepted_statuscodes_json is db/old_migrations/patch6.sql's "create table monitor_dg_tmp (...)"
--     (renamed to monitor by that patch); every later ", col TYPE ..." clause is the verbatim text of an
--     "ALTER TABLE monitor ADD ..." from a later patch, appended by SQLite itself.
CREATE TABLE "monitor" (
	id INTEGER not null primary key autoincrement,
	name VARCHAR(150),
	active BOOLEAN default 1 not null,
	user_id INTEGER references user on update cascade on delete
	set
		null,
		interval INTEGER default 20 not null,
		url TEXT,
		type VARCHAR(20),
		weight INTEGER default 2000,
		hostname VARCHAR(255),
		port INTEGER,
		created_date DATETIME default (DATETIME('now')) not null,
		keyword VARCHAR(255),
		maxretries INTEGER NOT NULL DEFAULT 0,
		ignore_tls BOOLEAN default 0 not null,
		upside_down BOOLEAN default 0 not null,
        maxredirects INTEGER default 10 not null,
        accepted_statuscodes_json TEXT default '["200-299"]' not null
, dns_resolve_type VARCHAR(5), dns_resolve_server VARCHAR(255), dns_last_result VARCHAR(255), retry_interval INTEGER default 0 not null, push_token VARCHAR(20) DEFAULT NULL, method TEXT default 'GET' not null, body TEXT default null, headers TEXT default null, basic_auth_user TEXT default null, basic_auth_pass TEXT default null, docker_host INTEGER REFERENCES docker_host(id), docker_container VARCHAR(255), proxy_id INTEGER REFERENCES proxy(id), expiry_notification BOOLEAN default 1, mqtt_topic TEXT, mqtt_success_message VARCHAR(255), mqtt_username VARCHAR(255), mqtt_password VARCHAR(255), database_connection_string VARCHAR(2000), database_query TEXT, auth_method VARCHAR(250), auth_domain TEXT, auth_workstation TEXT, grpc_url VARCHAR(255) default null, grpc_protobuf TEXT default null, grpc_body TEXT default null, grpc_metadata TEXT default null, grpc_method VARCHAR(255) default null, grpc_service_name VARCHAR(255) default null, grpc_enable_tls BOOLEAN default 0 not null, radius_username VARCHAR(255), radius_password VARCHAR(255), radius_calling_station_id VARCHAR(50), radius_called_station_id VARCHAR(50), radius_secret VARCHAR(255), resend_interval INTEGER default 0 not null, packet_size INTEGER DEFAULT 56 NOT NULL, game VARCHAR(255), http_body_encoding VARCHAR(25), description TEXT default null, tls_ca TEXT default null, tls_cert TEXT default null, tls_key TEXT default null, parent INTEGER REFERENCES [monitor] ([id]) ON DELETE SET NULL ON UPDATE CASCADE, invert_keyword BOOLEAN default 0 not null, json_path TEXT, expected_value VARCHAR(255), kafka_producer_topic VARCHAR(255), kafka_producer_brokers TEXT, kafka_producer_sasl_options TEXT, kafka_producer_message TEXT, oauth_client_id TEXT default null, oauth_client_secret TEXT default null, oauth_token_url TEXT default null, oauth_scopes TEXT default null, oauth_auth_method TEXT default null, timeout DOUBLE default 0 not null, gamedig_given_port_only BOOLEAN default 1 not null, kafka_producer_ssl BOOLEAN default 0 NOT NULL, kafka_producer_allow_auto_topic_creation BOOLEAN default 0 NOT NULL);
CREATE INDEX user_id on monitor (user_id);
CREATE INDEX proxy_id ON monitor (proxy_id);

-- (5) 2.x only: db/knex_migrations/*.js that touch heartbeat. The SQL is what knex 3.1.0 (Kuma's
--     dependency "knex": "~3.1.0") emits for these exact schema-builder calls with client sqlite3
--     (generated with knex's .toString(), no database involved):
-- 2023-08-18-0301-heartbeat.js:        table.datetime("end_time").nullable().defaultTo(null);
alter table `heartbeat` add column `end_time` datetime null default null;
-- 2023-09-29-0000-heartbeat-retires.js: table.integer("retries").notNullable().defaultTo(0);
alter table `heartbeat` add column `retries` integer not null default '0';
-- 2025-10-15-0002-add-response-to-heartbeat.js: table.text("response").nullable().defaultTo(null);
alter table `heartbeat` add column `response` text null default null;
-- 2025-12-22-0121-optimize-important-indexes.js (SQLite branch; the DROPs are knex.raw text verbatim)
DROP INDEX IF EXISTS monitor_important_time_index;
DROP INDEX IF EXISTS heartbeat_important_index;
create index `monitor_important_time_index` on `heartbeat` (`monitor_id`, `time`) where important = 1;
create index `heartbeat_important_index` on `heartbeat` (`important`) where important = 1;
-- NOT reproduced: 2026-01-10-0000-convert-float-precision.js does table.bigInteger("ping").alter(); on SQLite
-- knex rebuilds the heartbeat table (new CREATE text, ping as bigint). Column names/order and the columns
-- slacredit reads (monitor_id, status, time, msg, important, duration) are unchanged by it.
-- NOT reproduced: ~40 knex migrations that add monitor columns (snmp_*, rabbitmq_*, conditions, ...) and
-- 2023-10-11-1915-push-token-to-32.js (push_token string(32).alter(), a monitor table rebuild). None renames
-- or drops id, name, active, interval, type, parent, created_date.
