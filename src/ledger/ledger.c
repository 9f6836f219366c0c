/* ledger: opening (schema, locking, verification, settling a pending run),
 * queries and closing (see ledger.h). */
#include "ledger/ledger.h"
#include "ledger_db.h"

#include "lib/csvin.h"
#include "lib/fault.h"
#include "lib/ident.h"
#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "write/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

static const char schema_sql[] =
    "PRAGMA application_id = 1397506898;"
    "CREATE TABLE schema_version (version INTEGER NOT NULL);"
    "INSERT INTO schema_version VALUES (1);"
    "CREATE TABLE runs ("
    " run_id INTEGER PRIMARY KEY,"
    " period TEXT NOT NULL,"
    " out_dir TEXT NOT NULL,"
    " manifest_sha256 TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('pending', 'committed',"
    " 'rolled_back')),"
    " adjustments INTEGER NOT NULL);"
    "CREATE TABLE adjustments ("
    " seq INTEGER PRIMARY KEY,"
    " adjustment_id TEXT NOT NULL UNIQUE,"
    " period TEXT NOT NULL,"
    " subscription_id TEXT NOT NULL,"
    " policy TEXT NOT NULL,"
    " revision INTEGER NOT NULL CHECK (revision >= 0),"
    " amount_minor INTEGER NOT NULL,"
    " currency TEXT NOT NULL,"
    " remedy TEXT NOT NULL,"
    " extension_seconds INTEGER NOT NULL,"
    " run_id INTEGER NOT NULL REFERENCES runs (run_id),"
    " prev_sha256 TEXT NOT NULL,"
    " row_sha256 TEXT NOT NULL,"
    " UNIQUE (period, subscription_id, policy, revision));"
    "CREATE TABLE pushes ("
    " seq INTEGER PRIMARY KEY,"
    " adjustment_id TEXT NOT NULL,"
    " system TEXT NOT NULL,"
    " remote_id TEXT NOT NULL,"
    " prev_sha256 TEXT NOT NULL,"
    " row_sha256 TEXT NOT NULL,"
    " UNIQUE (adjustment_id, system));"
    "CREATE TABLE chain ("
    " name TEXT PRIMARY KEY,"
    " rows INTEGER NOT NULL,"
    " head_sha256 TEXT NOT NULL);"
    "INSERT INTO chain VALUES ('adjustments', 0, '" ZERO_HASH "');"
    "INSERT INTO chain VALUES ('pushes', 0, '" ZERO_HASH "');";

/* ---- opening ------------------------------------------------------------ */

/* Refuses what is not a SQLite database, naming what it looks like. */
static int sniff(const char *path, struct err *e)
{
    char head[16];
    ssize_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        err_set(e, errno == ENOENT ? RC_NOINPUT : RC_IOERR, path, 0,
                "cannot open ledger: %s", strerror(errno));
        return -1;
    }
    got = read(fd, head, sizeof head);
    close(fd);
    if (got < 0) {
        err_set(e, RC_IOERR, path, 0, "cannot read ledger: %s",
                strerror(errno));
        return -1;
    }
    if (got == 0) {
        err_set(e, RC_DATA, path, 0,
                "not a slacredit ledger: the file is empty");
        return -1;
    }
    if (got == 16 && memcmp(head, "SQLite format 3", 16) == 0)
        return 0;
    if ((size_t)got >= 14 && memcmp(head, "adjustment_id,", 14) == 0) {
        err_set(e, RC_DATA, path, 0,
                "not a slacredit ledger: a CSV ledger of an earlier version; "
                "convert it with: slacredit ledger import %s --ledger NEW.db",
                path);
        return -1;
    }
    err_set(e, RC_DATA, path, 0,
            "not a slacredit ledger: not a SQLite database");
    return -1;
}

/* Checks that every table of the schema is there: a ledger missing one
 * was damaged or edited, which is bad input, not an I/O error. */
static int has_tables(struct ledger *l, struct err *e)
{
    static const char *const tables[] = {"runs", "adjustments", "pushes",
                                         "chain"};
    sqlite3_stmt *st;
    size_t i;
    int rc = 0;

    st = ledger_db_prepare(l,
                           "SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = ?1",
                           e);
    if (st == NULL)
        return -1;
    for (i = 0; i < sizeof tables / sizeof *tables && rc == 0; i++) {
        sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW) {
            err_set(e, RC_DATA, l->path, 0,
                    "not a slacredit ledger: no %s table", tables[i]);
            rc = -1;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Checks application_id, schema_version and the tables of an open
 * database. */
static int identify(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st;
    int64_t app = 0, version = -1;
    int rc;

    st = ledger_db_prepare(l, "PRAGMA application_id", e);
    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        app = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return ledger_db_error(l, e, "cannot read ledger");
    if (app != APP_ID) {
        err_set(e, RC_DATA, l->path, 0,
                "not a slacredit ledger: a SQLite database of another "
                "application (application_id %lld)",
                (long long)app);
        return -1;
    }
    if (sqlite3_prepare_v2(l->db, "SELECT version FROM schema_version", -1, &st,
                           NULL) != SQLITE_OK) {
        err_set(e, RC_DATA, l->path, 0,
                "not a slacredit ledger: no schema_version table");
        return -1;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (version != SCHEMA_VERSION) {
        err_set(e, RC_DATA, l->path, 0,
                "unsupported ledger schema version: %lld (this version reads "
                "%d)",
                (long long)version, SCHEMA_VERSION);
        return -1;
    }
    return has_tables(l, e);
}

static int configure(struct ledger *l, struct err *e)
{
    sqlite3_busy_timeout(l->db, BUSY_MS);
    sqlite3_extended_result_codes(l->db, 1);
    return ledger_db_exec(l, "PRAGMA synchronous = FULL", e);
}

static int open_db(struct ledger *l, const char *path, int flags, struct err *e)
{
    if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
        if (l->db == NULL) {
            err_set(e, RC_OSERR, path, 0, "cannot open ledger");
            return -1;
        }
        return ledger_db_error(l, e, "cannot open ledger");
    }
    return configure(l, e);
}

/* The open flags of a command that only reads the ledger. After a crash a
 * writer may have left a hot journal, which only a read-write connection
 * can roll back (a read-only one fails with SQLITE_READONLY_ROLLBACK); the
 * rollback is what any next writer would do, so a reader opens read-write
 * where it may, and read-only where the file or its folder is not
 * writable. Opening read-write writes nothing by itself. */
static int read_flags(const char *path)
{
    char *dir = ledger_parent_dir(path);
    bool rw = access(path, W_OK) == 0 && access(dir, W_OK) == 0;

    free(dir);
    return rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
}

/* Creates the schema in an empty database. */
static int create_schema(struct ledger *l, struct err *e)
{
    if (ledger_db_exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    if (ledger_db_exec(l, schema_sql, e) != 0 ||
        ledger_db_exec(l, "COMMIT", e) != 0) {
        ledger_db_rollback(l);
        return -1;
    }
    return 0;
}

char *ledger_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

void ledger_sync_parent(const char *path)
{
    char *dir = ledger_parent_dir(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Creates a new, empty ledger at path without ever showing a half-made
 * file there: the database is built under a temporary name and linked into
 * place. Another process creating it at the same time is fine. */
int ledger_create_file(const char *path, struct err *e)
{
    size_t n = strlen(path) + 32;
    char *tmp = xmalloc(n), *journal = xmalloc(n + 8);
    struct ledger t;
    int rc = -1;

    memset(&t, 0, sizeof t);
    t.path = (char *)path;
    snprintf(tmp, n, "%s.new-%ld", path, (long)getpid());
    snprintf(journal, n + 8, "%s-journal", tmp);
    unlink(tmp);
    unlink(journal);
    if (open_db(&t, tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e) != 0 ||
        create_schema(&t, e) != 0)
        goto out;
    sqlite3_close(t.db);
    t.db = NULL;
    if (link(tmp, path) != 0 && errno != EEXIST) {
        err_set(e, errno == ENOENT ? RC_NOINPUT : RC_CANTOUT, path, 0,
                "cannot create ledger: %s", strerror(errno));
        goto out;
    }
    ledger_sync_parent(path);
    rc = 0;
out:
    if (t.db != NULL)
        sqlite3_close(t.db);
    unlink(tmp);
    unlink(journal);
    free(journal);
    free(tmp);
    return rc;
}

static int lock(struct ledger *l, const char *wait_note, struct err *e)
{
    l->lock_fd = open(l->path, O_RDONLY | O_CLOEXEC);
    if (l->lock_fd < 0) {
        err_set(e, errno == ENOENT ? RC_NOINPUT : RC_IOERR, l->path, 0,
                "cannot open ledger: %s", strerror(errno));
        return -1;
    }
    if (flock(l->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno != EWOULDBLOCK) {
        err_set(e, RC_IOERR, l->path, 0, "cannot lock ledger: %s",
                strerror(errno));
        return -1;
    }
    if (wait_note != NULL)
        fprintf(stderr, "%s\n", wait_note);
    while (flock(l->lock_fd, LOCK_EX) != 0) {
        if (errno == EINTR)
            continue;
        err_set(e, RC_IOERR, l->path, 0, "cannot lock ledger: %s",
                strerror(errno));
        return -1;
    }
    return 0;
}

struct ledger *ledger_open(const char *path, enum ledger_mode mode,
                           const char *wait_note, struct err *e)
{
    struct ledger *l = xcalloc(1, sizeof *l);
    bool memory = strcmp(path, ":memory:") == 0;
    long problems;
    struct stat sb;

    l->path = xstrdup(path);
    l->q = xcalloc(1, sizeof *l->q);
    l->lock_fd = -1;
    l->mode = mode;
    if (memory) {
        if (open_db(l, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e) !=
                0 ||
            create_schema(l, e) != 0)
            goto fail;
    } else {
        if (stat(path, &sb) != 0 && errno == ENOENT && mode == LEDGER_RUN &&
            ledger_create_file(path, e) != 0)
            goto fail;
        if (sniff(path, e) != 0)
            goto fail;
        if (mode != LEDGER_READ && lock(l, wait_note, e) != 0)
            goto fail;
        if (open_db(l, path,
                    mode == LEDGER_READ ? read_flags(path)
                                        : SQLITE_OPEN_READWRITE,
                    e) != 0)
            goto fail;
    }
    if (identify(l, e) != 0)
        goto fail;
    if (mode == LEDGER_RUN && !memory) {
        char *dir = ledger_parent_dir(path);
        bool ro =
            sqlite3_db_readonly(l->db, "main") == 1 || access(dir, W_OK) != 0;
        free(dir);
        if (ro) {
            err_set(e, RC_CANTOUT, path, 0,
                    "the ledger (or its folder) is read-only, so this run "
                    "could not record what it issues");
            goto fail;
        }
    }
    if (ledger_db_exec(l, "BEGIN", e) != 0)
        goto fail;
    problems = ledger_check_chains(l, NULL, e);
    ledger_db_rollback(l);
    if (problems != 0)
        goto fail;
    if (mode != LEDGER_READ) {
        size_t i;
        bool pending = false;
        for (i = 0; i < l->nr; i++)
            pending = pending || strcmp(l->r[i].state, "pending") == 0;
        if (pending) {
            if (ledger_settle_pending(l, e) != 0)
                goto fail;
            if (ledger_db_exec(l, "BEGIN", e) != 0)
                goto fail;
            problems = ledger_check_chains(l, NULL, e);
            ledger_db_rollback(l);
            if (problems != 0)
                goto fail;
        }
    }
    return l;
fail:
    ledger_close(l);
    return NULL;
}

struct ledger *ledger_open_existing(const char *path, struct err *e)
{
    return ledger_open(path, LEDGER_UPDATE, NULL, e);
}

long ledger_verify(const char *path, FILE *report, struct err *e)
{
    struct ledger *l = xcalloc(1, sizeof *l);
    struct err first;
    long problems = -1;

    l->path = xstrdup(path);
    l->q = xcalloc(1, sizeof *l->q);
    l->lock_fd = -1;
    l->mode = LEDGER_READ;
    if (sniff(path, e) != 0 || open_db(l, path, read_flags(path), e) != 0 ||
        identify(l, e) != 0 || ledger_db_exec(l, "BEGIN", e) != 0)
        goto out;
    problems = ledger_check_chains(l, report, &first);
    ledger_db_rollback(l);
    if (problems != 0)
        *e = first;
out:
    ledger_close(l);
    return problems;
}

void ledger_close(struct ledger *l)
{
    if (l == NULL)
        return;
    ledger_free_runs(l);
    ledger_query_free(l);
    free(l->pending_dir);
    if (l->db != NULL) {
        /* A run still being recorded is undone: nothing of it stays. */
        sqlite3_finalize(l->ins);
        ledger_db_rollback(l);
        sqlite3_close(l->db);
    }
    /* Only after SQLite let go of the file: closing another descriptor of
     * it would drop SQLite's POSIX locks. */
    if (l->lock_fd >= 0)
        close(l->lock_fd);
    free(l->path);
    free(l);
}
