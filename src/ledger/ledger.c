/* ledger: adjustments issued and pushes made, in SQLite, hash-chained, with
 * the two-phase protocol against the output folder (see ledger.h). */
#include "ledger/ledger.h"

#include "lib/buf.h"
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

#define APP_ID         0x534C4352 /* "SLCR" */
#define SCHEMA_VERSION 1
#define BUSY_MS        60000
#define ZERO_HASH                                                              \
    "0000000000000000000000000000000000000000000000000000000000000000"

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

struct ledger {
    char *path;
    sqlite3 *db;
    int lock_fd; /* flock held in the writing modes, or -1 */
    enum ledger_mode mode;
    struct ledger_row *v; /* live rows, sorted by identity */
    size_t n;
    struct ledger_push *p; /* chain order */
    size_t np;
    struct ledger_run *r; /* run_id order */
    size_t nr;
    int64_t nrows;         /* adjustments chain: rows */
    char head[65];         /* adjustments chain: last hash */
    int64_t npushes;       /* pushes chain: rows */
    char phead[65];        /* pushes chain: last hash */
    int64_t pending;       /* run recorded by ledger_record(), 0 if none */
    char *pending_dir;     /* its output folder */
    char pending_hash[65]; /* its manifest's SHA-256 */
};

/* ---- small helpers ---------------------------------------------------- */

static int db_err(struct ledger *l, struct err *e, const char *what)
{
    int code = sqlite3_errcode(l->db) & 0xff;
    const char *msg = sqlite3_errmsg(l->db);

    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        err_set(e, RC_IOERR, l->path, 0,
                "%s: the ledger is locked by another program (waited %d s)",
                what, BUSY_MS / 1000);
        break;
    case SQLITE_FULL:
        err_set(e, RC_IOERR, l->path, 0, "%s: no space left on the device",
                what);
        break;
    case SQLITE_READONLY:
        err_set(e, RC_CANTOUT, l->path, 0, "%s: the ledger is read-only", what);
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        err_set(e, RC_DATA, l->path, 0,
                "%s: not a slacredit ledger (damaged database): %s", what, msg);
        break;
    default:
        err_set(e, RC_IOERR, l->path, 0, "%s: %s", what, msg);
        break;
    }
    return -1;
}

static int exec(struct ledger *l, const char *sql, struct err *e)
{
    if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_err(l, e, "ledger");
    return 0;
}

static void rollback(struct ledger *l)
{
    if (!sqlite3_get_autocommit(l->db))
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *prepare(struct ledger *l, const char *sql, struct err *e)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_err(l, e, "ledger");
        return NULL;
    }
    return st;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return xstrdup(t != NULL ? (const char *)t : "");
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* SHA-256 over prev, then each field as "<len>:<bytes>;". */
static void chain_hash(const char *prev, const char *const *f, size_t n,
                       char out[65])
{
    struct sha *h = sha_new();
    char len[24];
    size_t i;

    sha_update(h, prev, strlen(prev));
    sha_update(h, "\n", 1);
    for (i = 0; i < n; i++) {
        snprintf(len, sizeof len, "%zu:", strlen(f[i]));
        sha_update(h, len, strlen(len));
        sha_update(h, f[i], strlen(f[i]));
        sha_update(h, ";", 1);
    }
    sha_final(h, out);
    sha_free(h);
}

static void row_hash(const char *prev, int64_t seq, const char *id,
                     const char *period, const char *sub, const char *policy,
                     int64_t revision, int64_t amount, const char *currency,
                     const char *remedy, int64_t ext, int64_t run, char out[65])
{
    char n[5][24];
    const char *f[11];

    snprintf(n[0], sizeof n[0], "%lld", (long long)seq);
    snprintf(n[1], sizeof n[1], "%lld", (long long)revision);
    snprintf(n[2], sizeof n[2], "%lld", (long long)amount);
    snprintf(n[3], sizeof n[3], "%lld", (long long)ext);
    snprintf(n[4], sizeof n[4], "%lld", (long long)run);
    f[0] = n[0];
    f[1] = id;
    f[2] = period;
    f[3] = sub;
    f[4] = policy;
    f[5] = n[1];
    f[6] = n[2];
    f[7] = currency;
    f[8] = remedy;
    f[9] = n[3];
    f[10] = n[4];
    chain_hash(prev, f, 11, out);
}

static void push_hash(const char *prev, int64_t seq, const char *id,
                      const char *system, const char *remote, char out[65])
{
    char s[24];
    const char *f[4];

    snprintf(s, sizeof s, "%lld", (long long)seq);
    f[0] = s;
    f[1] = id;
    f[2] = system;
    f[3] = remote;
    chain_hash(prev, f, 4, out);
}

int ledger_format_id(const char *period, const char *sub, const char *policy,
                     int64_t revision, char *out, size_t cap)
{
    int w = revision > 0 ? snprintf(out, cap, "%s:%s:%s:r%lld", period, sub,
                                    policy, (long long)revision)
                         : snprintf(out, cap, "%s:%s:%s", period, sub, policy);

    return w < 0 || (size_t)w >= cap ? -1 : 0;
}

/* ---- reading and verifying -------------------------------------------- */

static void free_rows(struct ledger *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].adjustment_id);
        free(l->v[i].period);
        free(l->v[i].subscription);
        free(l->v[i].policy);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
    for (i = 0; i < l->np; i++) {
        free(l->p[i].adjustment_id);
        free(l->p[i].system);
        free(l->p[i].remote_id);
    }
    free(l->p);
    l->p = NULL;
    l->np = 0;
    for (i = 0; i < l->nr; i++)
        free(l->r[i].out_dir);
    free(l->r);
    l->r = NULL;
    l->nr = 0;
}

/* One problem found by check(): printed to report when given; the first
 * one also goes into e. */
struct checker {
    struct ledger *l;
    FILE *report;
    long problems;
    struct err *e;
};

static void problem(struct checker *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
{
    char msg[480];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->report != NULL)
        fprintf(c->report, "%s: %s\n", c->l->path, msg);
    if (c->problems == 0)
        err_set(c->e, RC_DATA, c->l->path, 0, "broken ledger: %s", msg);
    c->problems++;
}

static const struct ledger_run *find_run(const struct ledger *l, int64_t id)
{
    size_t i;

    for (i = 0; i < l->nr; i++) {
        if (l->r[i].run_id == id)
            return &l->r[i];
    }
    return NULL;
}

static int cmp_row(const void *a, const void *b)
{
    const struct ledger_row *x = a, *y = b;
    int c = strcmp(x->period, y->period);

    if (c == 0)
        c = strcmp(x->subscription, y->subscription);
    if (c == 0)
        c = strcmp(x->policy, y->policy);
    if (c == 0)
        c = x->revision < y->revision ? -1 : x->revision > y->revision;
    return c;
}

static int load_runs(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st = prepare(l,
                               "SELECT run_id, period, out_dir, state, "
                               "adjustments FROM runs ORDER BY run_id",
                               e);
    int rc;

    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_run *r;
        l->r = xreallocarray(l->r, l->nr + 1, sizeof *l->r);
        r = &l->r[l->nr++];
        r->run_id = sqlite3_column_int64(st, 0);
        col_copy(st, 1, r->period, sizeof r->period);
        r->out_dir = col_dup(st, 2);
        col_copy(st, 3, r->state, sizeof r->state);
        r->adjustments = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_err(l, e, "cannot read runs");
}

static int read_chain_head(struct ledger *l, const char *name, int64_t *rows,
                           char head[65], struct err *e)
{
    sqlite3_stmt *st =
        prepare(l, "SELECT rows, head_sha256 FROM chain WHERE name = ?", e);
    int rc;

    if (st == NULL)
        return -1;
    bind_text(st, 1, name);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *rows = sqlite3_column_int64(st, 0);
        col_copy(st, 1, head, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE) {
            err_set(e, RC_DATA, l->path, 0,
                    "broken ledger: the chain table has no row %s", name);
            return -1;
        }
        return db_err(l, e, "cannot read the chain table");
    }
    return 0;
}

/* Reads runs, adjustments and pushes, checking both chains; keeps what
 * it read in l. Returns the number of problems, or -1 on a database
 * error. */
static long check(struct ledger *l, FILE *report, struct err *e)
{
    struct checker c = {l, report, 0, e};
    sqlite3_stmt *st;
    char head[65], want[65], id[400], chain_head[65];
    int64_t seq = 0, chain_rows;
    int rc;

    free_rows(l);
    if (load_runs(l, e) != 0)
        return -1;
    if (read_chain_head(l, "adjustments", &chain_rows, chain_head, e) != 0)
        return -1;
    st = prepare(l,
                 "SELECT seq, adjustment_id, period, subscription_id, policy, "
                 "revision, amount_minor, currency, remedy, extension_seconds, "
                 "run_id, prev_sha256, row_sha256 FROM adjustments "
                 "ORDER BY seq",
                 e);
    if (st == NULL)
        return -1;
    memcpy(head, ZERO_HASH, 65);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_row *x;
        const struct ledger_run *run;
        char prev[65], found[65];
        l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
        x = &l->v[l->n++];
        memset(x, 0, sizeof *x);
        x->seq = sqlite3_column_int64(st, 0);
        x->adjustment_id = col_dup(st, 1);
        x->period = col_dup(st, 2);
        x->subscription = col_dup(st, 3);
        x->policy = col_dup(st, 4);
        x->revision = sqlite3_column_int64(st, 5);
        x->amount = sqlite3_column_int64(st, 6);
        col_copy(st, 7, x->currency, sizeof x->currency);
        col_copy(st, 8, x->remedy, sizeof x->remedy);
        x->extension = sqlite3_column_int64(st, 9);
        x->run_id = sqlite3_column_int64(st, 10);
        col_copy(st, 11, prev, sizeof prev);
        col_copy(st, 12, found, sizeof found);
        memcpy(x->row_sha256, found, 65);
        seq++;
        if (x->seq != seq)
            problem(&c, "row %lld (%s): out of sequence: expected row %lld",
                    (long long)x->seq, x->adjustment_id, (long long)seq);
        if (strcmp(prev, head) != 0)
            problem(&c,
                    "row %lld (%s): does not follow the row before it: "
                    "expected previous hash %s, found %s",
                    (long long)x->seq, x->adjustment_id, head, prev);
        row_hash(prev, x->seq, x->adjustment_id, x->period, x->subscription,
                 x->policy, x->revision, x->amount, x->currency, x->remedy,
                 x->extension, x->run_id, want);
        if (strcmp(want, found) != 0)
            problem(&c,
                    "row %lld (%s): the row was changed: expected hash %s, "
                    "found %s",
                    (long long)x->seq, x->adjustment_id, want, found);
        if (ledger_format_id(x->period, x->subscription, x->policy, x->revision,
                             id, sizeof id) != 0 ||
            strcmp(id, x->adjustment_id) != 0)
            problem(&c,
                    "row %lld (%s): the id does not match its period, "
                    "subscription, policy and revision: expected %s",
                    (long long)x->seq, x->adjustment_id, id);
        run = find_run(l, x->run_id);
        if (run == NULL || strcmp(run->state, "rolled_back") == 0)
            problem(&c, "row %lld (%s): belongs to no live run: run %lld",
                    (long long)x->seq, x->adjustment_id, (long long)x->run_id);
        else
            x->pending = strcmp(run->state, "pending") == 0;
        memcpy(head, found, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_err(l, e, "cannot read adjustments");
    if (seq != chain_rows || strcmp(head, chain_head) != 0)
        problem(&c,
                "the adjustments end at row %lld (hash %s), but the chain "
                "table expects %lld rows (hash %s): rows were deleted or "
                "added",
                (long long)seq, head, (long long)chain_rows, chain_head);
    l->nrows = seq;
    memcpy(l->head, head, 65);

    if (read_chain_head(l, "pushes", &chain_rows, chain_head, e) != 0)
        return -1;
    st = prepare(l,
                 "SELECT seq, adjustment_id, system, remote_id, prev_sha256, "
                 "row_sha256 FROM pushes ORDER BY seq",
                 e);
    if (st == NULL)
        return -1;
    memcpy(head, ZERO_HASH, 65);
    seq = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_push *x;
        char prev[65], found[65];
        l->p = xreallocarray(l->p, l->np + 1, sizeof *l->p);
        x = &l->p[l->np++];
        x->seq = sqlite3_column_int64(st, 0);
        x->adjustment_id = col_dup(st, 1);
        x->system = col_dup(st, 2);
        x->remote_id = col_dup(st, 3);
        col_copy(st, 4, prev, sizeof prev);
        col_copy(st, 5, found, sizeof found);
        seq++;
        if (x->seq != seq || strcmp(prev, head) != 0)
            problem(&c,
                    "push %lld (%s): does not follow the push before it: "
                    "expected previous hash %s, found %s",
                    (long long)x->seq, x->adjustment_id, head, prev);
        push_hash(prev, x->seq, x->adjustment_id, x->system, x->remote_id,
                  want);
        if (strcmp(want, found) != 0)
            problem(&c,
                    "push %lld (%s): the row was changed: expected hash %s, "
                    "found %s",
                    (long long)x->seq, x->adjustment_id, want, found);
        memcpy(head, found, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_err(l, e, "cannot read pushes");
    if (seq != chain_rows || strcmp(head, chain_head) != 0)
        problem(&c,
                "the pushes end at row %lld (hash %s), but the chain table "
                "expects %lld rows (hash %s): rows were deleted or added",
                (long long)seq, head, (long long)chain_rows, chain_head);
    l->npushes = seq;
    memcpy(l->phead, head, 65);
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_row);
    return c.problems;
}

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

/* Checks application_id and schema_version of an open database. */
static int identify(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st;
    int64_t app = 0, version = -1;
    int rc;

    st = prepare(l, "PRAGMA application_id", e);
    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        app = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_err(l, e, "cannot read ledger");
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
    return 0;
}

static int configure(struct ledger *l, struct err *e)
{
    sqlite3_busy_timeout(l->db, BUSY_MS);
    sqlite3_extended_result_codes(l->db, 1);
    return exec(l, "PRAGMA synchronous = FULL", e);
}

static int open_db(struct ledger *l, const char *path, int flags, struct err *e)
{
    if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
        if (l->db == NULL) {
            err_set(e, RC_OSERR, path, 0, "cannot open ledger");
            return -1;
        }
        return db_err(l, e, "cannot open ledger");
    }
    return configure(l, e);
}

/* Creates the schema in an empty database. */
static int create_schema(struct ledger *l, struct err *e)
{
    if (exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    if (exec(l, schema_sql, e) != 0 || exec(l, "COMMIT", e) != 0) {
        rollback(l);
        return -1;
    }
    return 0;
}

static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static void sync_dir(const char *path)
{
    char *dir = parent_of(path);
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
static int create_file(const char *path, struct err *e)
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
    sync_dir(path);
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

/* Deletes the adjustments of run id (the tail of the chain) and marks it
 * rolled back, in one transaction. */
static int rollback_run(struct ledger *l, int64_t id, struct err *e)
{
    sqlite3_stmt *st = NULL;
    char prev[65];
    int64_t first = 0, last = 0, k = 0;
    int rc = -1;

    if (exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    st = prepare(l,
                 "SELECT min(seq), max(seq), count(*) FROM adjustments "
                 "WHERE run_id = ?",
                 e);
    if (st == NULL)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        db_err(l, e, "cannot roll back run");
        goto out;
    }
    first = sqlite3_column_int64(st, 0);
    last = sqlite3_column_int64(st, 1);
    k = sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
    st = NULL;
    if (k > 0) {
        int64_t rows;
        char head[65];
        if (read_chain_head(l, "adjustments", &rows, head, e) != 0)
            goto out;
        if (last != rows || last - first + 1 != k) {
            err_set(e, RC_DATA, l->path, 0,
                    "broken ledger: the rows of pending run %lld are not the "
                    "last ones",
                    (long long)id);
            goto out;
        }
        st = prepare(l, "SELECT prev_sha256 FROM adjustments WHERE seq = ?", e);
        if (st == NULL)
            goto out;
        sqlite3_bind_int64(st, 1, first);
        if (sqlite3_step(st) != SQLITE_ROW) {
            db_err(l, e, "cannot roll back run");
            goto out;
        }
        col_copy(st, 0, prev, sizeof prev);
        sqlite3_finalize(st);
        st = prepare(l,
                     "UPDATE chain SET rows = ?, head_sha256 = ? "
                     "WHERE name = 'adjustments'",
                     e);
        if (st == NULL)
            goto out;
        sqlite3_bind_int64(st, 1, first - 1);
        bind_text(st, 2, prev);
        if (sqlite3_step(st) != SQLITE_DONE) {
            db_err(l, e, "cannot roll back run");
            goto out;
        }
        sqlite3_finalize(st);
        st = prepare(l, "DELETE FROM adjustments WHERE run_id = ?", e);
        if (st == NULL)
            goto out;
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE) {
            db_err(l, e, "cannot roll back run");
            goto out;
        }
        sqlite3_finalize(st);
    } else {
        sqlite3_finalize(st);
    }
    st = prepare(l,
                 "UPDATE runs SET state = 'rolled_back' WHERE run_id = ? "
                 "AND state = 'pending'",
                 e);
    if (st == NULL)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_err(l, e, "cannot roll back run");
        goto out;
    }
    if (exec(l, "COMMIT", e) != 0)
        goto out;
    rc = 0;
out:
    sqlite3_finalize(st);
    if (rc != 0)
        rollback(l);
    return rc;
}

static int set_committed(struct ledger *l, int64_t id, struct err *e)
{
    sqlite3_stmt *st = prepare(l,
                               "UPDATE runs SET state = 'committed' WHERE "
                               "run_id = ? AND state = 'pending'",
                               e);
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = fault_hit("ledger") ? SQLITE_IOERR : sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_IOERR) {
            err_set(e, RC_IOERR, l->path, 0,
                    "cannot commit run: injected failure");
            return -1;
        }
        return db_err(l, e, "cannot commit run");
    }
    return 0;
}

/* True when dir/manifest.json has the SHA-256 hex. */
static bool outputs_in_place(const char *dir, const char *hex)
{
    char *path = xmalloc(strlen(dir) + 16), got[65];
    uint64_t size;
    struct err ignored;
    bool yes;

    snprintf(path, strlen(dir) + 16, "%s/manifest.json", dir);
    yes = sha_file(path, got, &size, &ignored) == 0 && strcmp(got, hex) == 0;
    free(path);
    return yes;
}

/* Settles every pending run (a crash between the phases): committed when
 * its output folder holds the manifest it recorded, else rolled back. */
static int settle(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st;
    int64_t ids[16];
    char dirs[16][600], hashes[16][65];
    size_t n = 0, i;
    int rc;

    st = prepare(l,
                 "SELECT run_id, out_dir, manifest_sha256 FROM runs WHERE "
                 "state = 'pending' ORDER BY run_id DESC LIMIT 16",
                 e);
    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        col_copy(st, 1, dirs[n], sizeof dirs[n]);
        col_copy(st, 2, hashes[n], sizeof hashes[n]);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_err(l, e, "cannot read runs");
    for (i = 0; i < n; i++) {
        if (outputs_in_place(dirs[i], hashes[i]))
            rc = set_committed(l, ids[i], e);
        else
            rc = rollback_run(l, ids[i], e);
        if (rc != 0)
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
    l->lock_fd = -1;
    l->mode = mode;
    if (memory) {
        if (open_db(l, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e) !=
                0 ||
            create_schema(l, e) != 0)
            goto fail;
    } else {
        if (stat(path, &sb) != 0 && errno == ENOENT && mode == LEDGER_RUN &&
            create_file(path, e) != 0)
            goto fail;
        if (sniff(path, e) != 0)
            goto fail;
        if (mode != LEDGER_READ && lock(l, wait_note, e) != 0)
            goto fail;
        if (open_db(l, path,
                    mode == LEDGER_READ ? SQLITE_OPEN_READONLY
                                        : SQLITE_OPEN_READWRITE,
                    e) != 0)
            goto fail;
    }
    if (identify(l, e) != 0)
        goto fail;
    if (mode == LEDGER_RUN && !memory) {
        char *dir = parent_of(path);
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
    if (exec(l, "BEGIN", e) != 0)
        goto fail;
    problems = check(l, NULL, e);
    rollback(l);
    if (problems != 0)
        goto fail;
    if (mode != LEDGER_READ) {
        size_t i;
        bool pending = false;
        for (i = 0; i < l->nr; i++)
            pending = pending || strcmp(l->r[i].state, "pending") == 0;
        if (pending) {
            if (settle(l, e) != 0)
                goto fail;
            if (exec(l, "BEGIN", e) != 0)
                goto fail;
            problems = check(l, NULL, e);
            rollback(l);
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
    l->lock_fd = -1;
    l->mode = LEDGER_READ;
    if (sniff(path, e) != 0 || open_db(l, path, SQLITE_OPEN_READONLY, e) != 0 ||
        identify(l, e) != 0 || exec(l, "BEGIN", e) != 0)
        goto out;
    problems = check(l, report, &first);
    rollback(l);
    if (problems != 0)
        *e = first;
out:
    ledger_close(l);
    return problems;
}

/* Reads the ledger again after a change, so the queries see it. */
static int reload(struct ledger *l, struct err *e)
{
    long problems;

    if (exec(l, "BEGIN", e) != 0)
        return -1;
    problems = check(l, NULL, e);
    rollback(l);
    return problems == 0 ? 0 : -1;
}

/* ---- queries ------------------------------------------------------------ */

const struct ledger_row *ledger_rows_of(const struct ledger *l,
                                        const char *period, const char *sub,
                                        size_t *n)
{
    size_t lo = 0, hi = l->n, i;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(l->v[mid].period, period);
        if (c == 0)
            c = strcmp(l->v[mid].subscription, sub);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo; i < l->n && strcmp(l->v[i].period, period) == 0 &&
                 strcmp(l->v[i].subscription, sub) == 0;
         i++)
        ;
    *n = i - lo;
    return l->v + lo;
}

void ledger_issued(const struct ledger *l, const char *period, const char *sub,
                   const char *currency, struct ledger_issued *out)
{
    size_t n, i;
    const struct ledger_row *v = ledger_rows_of(l, period, sub, &n);

    memset(out, 0, sizeof *out);
    for (i = 0; i < n; i++) {
        if (strcmp(v[i].currency, currency) != 0)
            continue;
        out->found = true;
        out->amount += v[i].amount;
        out->extension += v[i].extension;
        out->adjustments++;
    }
}

const struct ledger_row *ledger_rows(const struct ledger *l, size_t *n)
{
    *n = l->n;
    return l->v;
}

const struct ledger_push *ledger_pushes(const struct ledger *l, size_t *n)
{
    *n = l->np;
    return l->p;
}

const struct ledger_run *ledger_runs(const struct ledger *l, size_t *n)
{
    *n = l->nr;
    return l->r;
}

size_t ledger_count(const struct ledger *l)
{
    return l->n;
}

/* ---- writing ------------------------------------------------------------ */

/* Inserts one adjustment at the end of the chain (inside a transaction). */
static int insert_row(struct ledger *l, sqlite3_stmt *st, const char *id,
                      const char *period, const char *sub, const char *policy,
                      int64_t revision, int64_t amount, const char *currency,
                      const char *remedy, int64_t ext, int64_t run,
                      struct err *e)
{
    char hash[65];
    int64_t seq = l->nrows + 1;

    row_hash(l->head, seq, id, period, sub, policy, revision, amount, currency,
             remedy, ext, run, hash);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, seq);
    bind_text(st, 2, id);
    bind_text(st, 3, period);
    bind_text(st, 4, sub);
    bind_text(st, 5, policy);
    sqlite3_bind_int64(st, 6, revision);
    sqlite3_bind_int64(st, 7, amount);
    bind_text(st, 8, currency);
    bind_text(st, 9, remedy);
    sqlite3_bind_int64(st, 10, ext);
    sqlite3_bind_int64(st, 11, run);
    bind_text(st, 12, l->head);
    bind_text(st, 13, hash);
    if (sqlite3_step(st) != SQLITE_DONE) {
        if ((sqlite3_errcode(l->db) & 0xff) == SQLITE_CONSTRAINT) {
            err_set(e, RC_DATA, l->path, 0,
                    "adjustment already in the ledger: %s", id);
            return -1;
        }
        return db_err(l, e, "cannot record adjustment");
    }
    l->nrows = seq;
    memcpy(l->head, hash, 65);
    return 0;
}

static const char insert_sql[] =
    "INSERT INTO adjustments (seq, adjustment_id, period, subscription_id, "
    "policy, revision, amount_minor, currency, remedy, extension_seconds, "
    "run_id, prev_sha256, row_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?)";

static int update_chain(struct ledger *l, const char *name, int64_t rows,
                        const char *head, struct err *e)
{
    sqlite3_stmt *st = prepare(
        l, "UPDATE chain SET rows = ?, head_sha256 = ? WHERE name = ?", e);
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, rows);
    bind_text(st, 2, head);
    bind_text(st, 3, name);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_err(l, e, "cannot record adjustments");
}

/* Inserts a run row; its id goes to *id. */
static int insert_run(struct ledger *l, const char *period, const char *out_dir,
                      const char *manifest_hex, const char *state, size_t n,
                      int64_t *id, struct err *e)
{
    sqlite3_stmt *st = prepare(l,
                               "INSERT INTO runs (period, out_dir, "
                               "manifest_sha256, state, adjustments) VALUES "
                               "(?, ?, ?, ?, ?)",
                               e);
    int rc;

    if (st == NULL)
        return -1;
    bind_text(st, 1, period);
    bind_text(st, 2, out_dir);
    bind_text(st, 3, manifest_hex);
    bind_text(st, 4, state);
    sqlite3_bind_int64(st, 5, (int64_t)n);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_err(l, e, "cannot record run");
    *id = sqlite3_last_insert_rowid(l->db);
    return 0;
}

int ledger_record(struct ledger *l, const char *period, const char *out_dir,
                  const char *manifest_hex, const struct credit_row *rows,
                  size_t n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int64_t saved_rows = l->nrows, run = 0;
    char saved_head[65];
    size_t i;
    int rc = -1;

    memcpy(saved_head, l->head, 65);
    if (exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    fault_point("ledger-begin");
    if (insert_run(l, period, out_dir, manifest_hex, "pending", n, &run, e) !=
        0)
        goto out;
    st = prepare(l, insert_sql, e);
    if (st == NULL)
        goto out;
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        if (insert_row(l, st, r->adjustment_id, r->period, r->subscription,
                       r->policy, r->revision, r->amount, r->currency,
                       r->remedy, r->extension, run, e) != 0)
            goto out;
        fault_point("ledger-insert");
    }
    if (update_chain(l, "adjustments", l->nrows, l->head, e) != 0)
        goto out;
    fault_point("ledger-commit");
    if (fault_hit("ledger")) {
        err_set(e, RC_IOERR, l->path, 0,
                "cannot record adjustments: injected failure");
        goto out;
    }
    if (exec(l, "COMMIT", e) != 0)
        goto out;
    fault_point("ledger-committed");
    l->pending = run;
    free(l->pending_dir);
    l->pending_dir = xstrdup(out_dir);
    snprintf(l->pending_hash, sizeof l->pending_hash, "%s", manifest_hex);
    rc = reload(l, e);
out:
    sqlite3_finalize(st);
    if (rc != 0) {
        rollback(l);
        l->nrows = saved_rows;
        memcpy(l->head, saved_head, 65);
    }
    return rc;
}

int ledger_confirm(struct ledger *l, struct err *e)
{
    int64_t run = l->pending;

    if (run == 0)
        return 0;
    if (set_committed(l, run, e) != 0)
        return -1;
    l->pending = 0;
    fault_point("ledger-confirmed");
    return reload(l, e);
}

int ledger_abandon(struct ledger *l, struct err *e)
{
    int64_t run = l->pending;
    int64_t k;

    if (run == 0)
        return 0;
    /* A swap can fail after the exchange itself (the folder's fsync): then
     * the outputs are in place, and the run is committed, not undone. */
    if (outputs_in_place(l->pending_dir, l->pending_hash))
        return ledger_confirm(l, e);
    if (rollback_run(l, run, e) != 0)
        return -1;
    l->pending = 0;
    if (read_chain_head(l, "adjustments", &k, l->head, e) != 0)
        return -1;
    l->nrows = k;
    return reload(l, e);
}

/* ---- pushes ------------------------------------------------------------- */

int ledger_push_lookup(struct ledger *l, const char *adjustment_id,
                       const char *system, char *remote_id, size_t cap,
                       struct err *e)
{
    sqlite3_stmt *st = prepare(l,
                               "SELECT remote_id FROM pushes WHERE "
                               "adjustment_id = ? AND system = ?",
                               e);
    int rc;

    if (st == NULL)
        return -1;
    bind_text(st, 1, adjustment_id);
    bind_text(st, 2, system);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (cap > 0)
            col_copy(st, 0, remote_id, cap);
        sqlite3_finalize(st);
        return 1;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    return db_err(l, e, "cannot read pushes");
}

int ledger_push_record(struct ledger *l, const char *adjustment_id,
                       const char *system, const char *remote_id, struct err *e)
{
    sqlite3_stmt *st = NULL;
    char found[512], hash[65];
    int64_t seq, rows;
    int rc = -1, got;

    if (exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    got = ledger_push_lookup(l, adjustment_id, system, found, sizeof found, e);
    if (got < 0)
        goto out;
    if (got == 1) {
        if (strcmp(found, remote_id) != 0) {
            err_set(e, RC_DATA, l->path, 0,
                    "%s was pushed to %s before as %s, not as %s",
                    adjustment_id, system, found, remote_id);
            goto out;
        }
        rc = 0;
        goto out;
    }
    /* The head is read inside the transaction: another process may have
     * pushed since this one opened the ledger. */
    if (read_chain_head(l, "pushes", &rows, l->phead, e) != 0)
        goto out;
    seq = rows + 1;
    push_hash(l->phead, seq, adjustment_id, system, remote_id, hash);
    st = prepare(l,
                 "INSERT INTO pushes (seq, adjustment_id, system, remote_id, "
                 "prev_sha256, row_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                 e);
    if (st == NULL)
        goto out;
    sqlite3_bind_int64(st, 1, seq);
    bind_text(st, 2, adjustment_id);
    bind_text(st, 3, system);
    bind_text(st, 4, remote_id);
    bind_text(st, 5, l->phead);
    bind_text(st, 6, hash);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_err(l, e, "cannot record push");
        goto out;
    }
    if (update_chain(l, "pushes", seq, hash, e) != 0 ||
        exec(l, "COMMIT", e) != 0)
        goto out;
    l->npushes = seq;
    memcpy(l->phead, hash, 65);
    l->p = xreallocarray(l->p, l->np + 1, sizeof *l->p);
    l->p[l->np].seq = seq;
    l->p[l->np].adjustment_id = xstrdup(adjustment_id);
    l->p[l->np].system = xstrdup(system);
    l->p[l->np].remote_id = xstrdup(remote_id);
    l->np++;
    rc = 0;
out:
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(l->db)) {
        if (rc == 0 && got == 1)
            sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
        else
            rollback(l);
    }
    return rc;
}

void ledger_close(struct ledger *l)
{
    if (l == NULL)
        return;
    free_rows(l);
    free(l->pending_dir);
    if (l->db != NULL)
        sqlite3_close(l->db);
    /* Only after SQLite let go of the file: closing another descriptor of
     * it would drop SQLite's POSIX locks. */
    if (l->lock_fd >= 0)
        close(l->lock_fd);
    free(l->path);
    free(l);
}

/* ---- import of the earlier CSV format ----------------------------------- */

#define OLD_HEADER                                                             \
    "adjustment_id,period,subscription_id,policy,amount_minor,currency,"       \
    "remedy,extension_seconds,checksum"

struct importer {
    struct ledger *l;
    sqlite3_stmt *st;
    int64_t run;
    char *text; /* the whole file, to checksum lines exactly */
    size_t len;
    size_t pos;   /* start of line posline in text */
    long posline; /* 1-based */
    size_t count;
    bool header; /* the header line was seen */
};

/* The bytes of line number line (1-based), without its LF. */
static const char *line_text(struct importer *im, long line, size_t *len)
{
    const char *p = im->text + im->pos, *end = im->text + im->len, *nl;

    for (; im->posline < line && p < end; im->posline++) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    im->pos = (size_t)(p - im->text);
    nl = memchr(p, '\n', (size_t)(end - p));
    *len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
    return p;
}

static int import_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct importer *im = ctx;
    const char *text, *why, *const *f = (const char *const *)rec->f;
    char sum[65], id[400];
    size_t len, idlen;
    int64_t amount, ext, revision = 0;
    struct sha *h;

    text = line_text(im, rec->line, &len);
    if (rec->index == 0) {
        if (text == NULL || len != strlen(OLD_HEADER) ||
            memcmp(text, OLD_HEADER, len) != 0) {
            err_set(e, RC_DATA, NULL, 0,
                    "not a CSV ledger of an earlier version: want the header "
                    "%s",
                    OLD_HEADER);
            return -1;
        }
        im->header = true;
        return 0;
    }
    if (rec->n != 9) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: want 9 fields, got %zu", rec->n);
        return -1;
    }
    if (text == NULL || len < 17 || text[len - 17] != ',') {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: no checksum");
        return -1;
    }
    h = sha_new();
    sha_update(h, text, len - 17);
    sha_final(h, sum);
    sha_free(h);
    if (memcmp(sum, text + len - 16, 16) != 0) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: checksum does not match: %s", f[8]);
        return -1;
    }
    if ((why = ident_check(f[2])) != NULL ||
        (why = ident_check(f[3])) != NULL) {
        err_set(e, RC_DATA, NULL, 0,
                "subscription id or policy name: %s: %s:%s", why, f[2], f[3]);
        return -1;
    }
    if (strlen(f[1]) != 7 || strlen(f[5]) != 3) {
        err_set(e, RC_DATA, NULL, 0, "bad period or currency: %s, %s", f[1],
                f[5]);
        return -1;
    }
    if ((why = parse_i64(f[4], INT64_MIN, INT64_MAX, &amount)) != NULL ||
        (why = parse_i64(f[7], INT64_MIN, INT64_MAX, &ext)) != NULL) {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: amount: %s", why);
        return -1;
    }
    /* The revision: the id must be the one its parts make, with or without
     * a ":r<N>" suffix; nothing else is accepted. */
    ledger_format_id(f[1], f[2], f[3], 0, id, sizeof id);
    idlen = strlen(id);
    if (strcmp(f[0], id) != 0) {
        if (strncmp(f[0], id, idlen) != 0 || f[0][idlen] != ':' ||
            f[0][idlen + 1] != 'r' ||
            parse_i64(f[0] + idlen + 2, 1, INT64_MAX, &revision) != NULL ||
            f[0][idlen + 2] == '0' || f[0][idlen + 2] == '+') {
            err_set(e, RC_DATA, NULL, 0,
                    "the adjustment id does not match its period, "
                    "subscription and policy: %s",
                    f[0]);
            return -1;
        }
    }
    if (insert_row(im->l, im->st, f[0], f[1], f[2], f[3], revision, amount,
                   f[5], f[6], ext, im->run, e) != 0) {
        e->file[0] = '\0';
        if (e->rc == RC_DATA)
            err_set(e, RC_DATA, NULL, 0, "duplicated adjustment: %s", f[0]);
        return -1;
    }
    im->count++;
    return 0;
}

int ledger_import_csv(const char *csv_path, const char *db_path, size_t *count,
                      struct err *e)
{
    struct importer im;
    struct ledger *l = NULL;
    struct csvin *in = NULL;
    struct stat sb;
    char hex[65];
    uint64_t size;
    ssize_t got;
    int fd = -1, rc = -1;

    memset(&im, 0, sizeof im);
    *count = 0;
    if (stat(db_path, &sb) == 0) {
        err_set(e, RC_CANTOUT, db_path, 0,
                "exists: import writes a new ledger only");
        return -1;
    }
    if (sha_file(csv_path, hex, &size, e) != 0)
        return -1;
    fd = open(csv_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_set(e, RC_NOINPUT, csv_path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (size == 0) {
        err_set(e, RC_DATA, csv_path, 0,
                "not a CSV ledger of an earlier version: the file is empty");
        goto out;
    }
    im.len = (size_t)size;
    im.text = xmalloc(im.len);
    got = pread(fd, im.text, im.len, 0);
    if (got < 0 || (size_t)got != im.len) {
        err_set(e, RC_IOERR, csv_path, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (im.text[im.len - 1] != '\n') {
        err_set(e, RC_DATA, csv_path, 0,
                "damaged ledger: the last line has no line end");
        goto out;
    }
    /* Built under a temporary name, renamed into place when complete. */
    {
        char tmp[600];
        snprintf(tmp, sizeof tmp, "%s.import-%ld", db_path, (long)getpid());
        unlink(tmp);
        if (create_file(tmp, e) != 0)
            goto out;
        l = ledger_open(tmp, LEDGER_UPDATE, NULL, e);
        if (l == NULL) {
            unlink(tmp);
            goto out;
        }
        im.l = l;
        im.posline = 1;
        if (exec(l, "BEGIN IMMEDIATE", e) != 0 ||
            insert_run(l, "", csv_path, hex, "committed", 0, &im.run, e) != 0)
            goto undo;
        im.st = prepare(l, insert_sql, e);
        if (im.st == NULL)
            goto undo;
        in = csvin_open(csv_path, NULL, e);
        if (in == NULL || csvin_each(in, import_row, &im, e) != 0)
            goto undo;
        if (!im.header) {
            err_set(e, RC_DATA, csv_path, 0,
                    "not a CSV ledger of an earlier version: no header line");
            goto undo;
        }
        sqlite3_finalize(im.st);
        im.st = NULL;
        if (update_chain(l, "adjustments", l->nrows, l->head, e) != 0)
            goto undo;
        {
            char n[24], sql[96];
            snprintf(n, sizeof n, "%zu", im.count);
            snprintf(sql, sizeof sql,
                     "UPDATE runs SET adjustments = %s WHERE run_id = %lld", n,
                     (long long)im.run);
            if (exec(l, sql, e) != 0 || exec(l, "COMMIT", e) != 0)
                goto undo;
        }
        ledger_close(l);
        l = NULL;
        if (link(tmp, db_path) != 0) {
            err_set(e, errno == EEXIST ? RC_CANTOUT : RC_IOERR, db_path, 0,
                    "cannot create ledger: %s", strerror(errno));
            unlink(tmp);
            goto out;
        }
        unlink(tmp);
        sync_dir(db_path);
        *count = im.count;
        rc = 0;
        goto out;
    undo:
        sqlite3_finalize(im.st);
        im.st = NULL;
        if (l != NULL)
            rollback(l);
        ledger_close(l);
        l = NULL;
        unlink(tmp);
    }
out:
    csvin_close(in);
    ledger_close(l);
    free(im.text);
    if (fd >= 0)
        close(fd);
    return rc;
}
