/* config: INI parsing and validation (see config.h).
 *
 * inih does the key = value splitting. We feed it through our own line
 * reader, which counts lines (inih's handler does not get them in Debian's
 * build), refuses lines longer than inih's buffer, and handles section
 * headers itself, so that an empty or unknown section is caught too. */
#include "read/config.h"

#include "lib/ident.h"
#include "lib/infile.h"
#include "lib/parse.h"
#include "lib/rx.h"
#include "lib/tz.h"
#include "lib/when.h"
#include "lib/xalloc.h"

#include <ini.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum section_kind {
    SEC_NONE,
    SEC_ROSTER,
    SEC_MONITORING,
    SEC_POLICY,
    SEC_STATUSPAGE,
    SEC_OUTPUT,
    SEC_CLAIMS,
};

/* Keys set so far in the current section, to refuse repeats. */
#define MAX_KEYS 64

struct loader {
    struct config *c;
    FILE *fp;
    char *line; /* the current line, at most linecap - 1 bytes */
    size_t linecap;
    long lineno; /* line last handed to inih */
    enum section_kind sec;
    long output_line; /* line of [output], 0 if none */
    void *cur;        /* struct monsrc * or struct policy * */
    char seen[MAX_KEYS][64];
    size_t nseen;
    struct err *e;
    bool failed;
};

static int fail(struct loader *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct loader *l, const char *fmt, ...)
{
    va_list ap;
    char msg[sizeof l->e->msg];

    if (!l->failed) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        err_set(l->e, RC_CONFIG, l->c->path, l->lineno, "%s", msg);
        l->failed = true;
    }
    return 0;
}

/* Resolves a path relative to the config file's folder. */
static char *resolve(const struct config *c, const char *p)
{
    size_t n;
    char *out;

    if (p[0] == '/' || c->dir[0] == '\0')
        return xstrdup(p);
    n = strlen(c->dir) + 1 + strlen(p) + 1;
    out = xmalloc(n);
    snprintf(out, n, "%s/%s", c->dir, p);
    return out;
}

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
                       end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/* Parses [kind "name"] or [kind]. Returns 0, or -1 after fail(). */
static int begin_section(struct loader *l, char *text)
{
    struct config *c = l->c;
    char *close = strrchr(text, ']');
    char *kind, *name = NULL, *q;
    size_t i;

    if (close == NULL || trim(close + 1)[0] != '\0')
        return fail(l, "bad section header: %s", text), -1;
    *close = '\0';
    kind = trim(text + 1);
    q = strchr(kind, '"');
    if (q != NULL) {
        char *end = strrchr(q + 1, '"');
        if (end == NULL || end[1] != '\0' || end == q + 1)
            return fail(l, "bad section name, want [kind \"name\"]: %s", kind),
                   -1;
        *end = '\0';
        name = q + 1;
        *q = '\0';
        kind = trim(kind);
    }
    l->nseen = 0;
    if (strcmp(kind, "roster") == 0 && name == NULL) {
        if (c->roster_line != 0)
            return fail(l, "duplicate section: [roster]"), -1;
        c->roster_line = l->lineno;
        l->sec = SEC_ROSTER;
        l->cur = NULL;
        return 0;
    }
    if (strcmp(kind, "monitoring") == 0 && name != NULL) {
        struct monsrc *m;
        for (i = 0; i < c->nsources; i++) {
            if (strcmp(c->sources[i].name, name) == 0)
                return fail(l, "duplicate section: [monitoring \"%s\"]", name),
                       -1;
        }
        c->sources = xreallocarray(c->sources, c->nsources + 1, sizeof *m);
        m = &c->sources[c->nsources++];
        memset(m, 0, sizeof *m);
        m->name = xstrdup(name);
        m->line = l->lineno;
        m->delim = ',';
        m->header = true;
        m->duration_unit = 1;
        m->confirm = 1;
        l->sec = SEC_MONITORING;
        l->cur = m;
        return 0;
    }
    if (strcmp(kind, "policy") == 0 && name != NULL) {
        struct policy *p;
        const char *why = ident_check(name);
        if (why != NULL) {
            char shown[IDENT_MAX * 4 + 8];
            ident_printable(name, shown, sizeof shown);
            return fail(l, "policy name: %s: %s", why, shown), -1;
        }
        for (i = 0; i < c->npolicies; i++) {
            if (strcmp(c->policies[i].name, name) == 0)
                return fail(l, "duplicate section: [policy \"%s\"]", name), -1;
        }
        c->policies = xreallocarray(c->policies, c->npolicies + 1, sizeof *p);
        p = &c->policies[c->npolicies++];
        memset(p, 0, sizeof *p);
        p->name = xstrdup(name);
        p->line = l->lineno;
        p->kind = POLICY_TIERS;
        p->cap_percent = 100 * CONFIG_SCALE;
        p->day_divisor = 30;
        p->multiplier = CONFIG_SCALE;
        p->claim_window = 7 * 86400;
        l->sec = SEC_POLICY;
        l->cur = p;
        return 0;
    }
    if (strcmp(kind, "statuspage") == 0 && name != NULL) {
        struct statuspage *sp;
        if (strchr(name, ':') != NULL)
            return fail(l, "a status page name cannot hold ':': %s", name), -1;
        /* The name is a folder below the archive: never a path. */
        if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
            strcmp(name, "..") == 0)
            return fail(l,
                        "a status page name cannot hold '/' or be '.' or "
                        "'..': %s",
                        name),
                   -1;
        for (i = 0; i < c->npages; i++) {
            if (strcmp(c->pages[i].name, name) == 0)
                return fail(l, "duplicate section: [statuspage \"%s\"]", name),
                       -1;
        }
        c->pages = xreallocarray(c->pages, c->npages + 1, sizeof *sp);
        sp = &c->pages[c->npages++];
        memset(sp, 0, sizeof *sp);
        sp->name = xstrdup(name);
        sp->line = l->lineno;
        l->sec = SEC_STATUSPAGE;
        l->cur = sp;
        return 0;
    }
    if (strcmp(kind, "claims") == 0 && name == NULL) {
        if (c->claims_line != 0)
            return fail(l, "duplicate section: [claims]"), -1;
        c->claims_line = l->lineno;
        l->sec = SEC_CLAIMS;
        l->cur = NULL;
        return 0;
    }
    if (strcmp(kind, "output") == 0 && name == NULL) {
        if (l->output_line != 0)
            return fail(l, "duplicate section: [output]"), -1;
        l->output_line = l->lineno;
        l->sec = SEC_OUTPUT;
        l->cur = NULL;
        return 0;
    }
    if (name != NULL)
        return fail(l, "unknown section: [%s \"%s\"]", kind, name), -1;
    return fail(l, "unknown section: [%s]", kind), -1;
}

/* inih's line reader: counts lines, catches section headers and long lines,
 * and strips " #" inline comments (inih itself strips " ;"). */
/* Reads one line into l->line, never more than num - 1 bytes of it, so a
 * huge line costs no memory. Returns its length, -1 at end of file, or -2
 * when it is longer than num - 2 bytes or holds a NUL byte. */
static long get_line(struct loader *l, int num)
{
    size_t n = 0, cap = (size_t)num;
    bool nul = false;
    int c;

    if (l->linecap < cap) {
        l->line = xrealloc(l->line, cap);
        l->linecap = cap;
    }
    while ((c = getc(l->fp)) != EOF) {
        if (n + 1 >= cap)
            return -2;
        if (c == '\0')
            nul = true;
        l->line[n++] = (char)c;
        if (c == '\n')
            break;
    }
    l->line[n] = '\0';
    if (n == 0)
        return -1;
    return nul ? -3 : (long)n;
}

static char *read_line(char *str, int num, void *stream)
{
    struct loader *l = stream;
    long n;
    char *t, *p;

    for (;;) {
        n = get_line(l, num);
        if (n == -1)
            return NULL;
        l->lineno++;
        if (n == -2 || n >= num - 1) {
            fail(l, "line too long: longer than %d bytes", num - 2);
            return NULL;
        }
        if (n == -3) {
            fail(l, "NUL byte in line: %s", "\\0");
            return NULL;
        }
        if (l->lineno == 1 && memcmp(l->line, "\xEF\xBB\xBF", 3) == 0)
            memmove(l->line, l->line + 3, (size_t)n - 2);
        for (p = l->line; (p = strchr(p, '#')) != NULL; p++) {
            if (p > l->line && (p[-1] == ' ' || p[-1] == '\t')) {
                *p = '\0';
                break;
            }
        }
        t = trim(l->line);
        if (t[0] == '[') {
            /* Handled here; inih gets an empty line so that the line
             * number it returns for a syntax error stays right. */
            begin_section(l, t);
            str[0] = '\0';
            return str;
        }
        /* Without its indentation, so that inih never takes an indented
         * line for the continuation of the previous value. */
        memmove(str, t, strlen(t) + 1);
        return str;
    }
}

static bool seen_before(struct loader *l, const char *key)
{
    size_t i;

    for (i = 0; i < l->nseen; i++) {
        if (strcmp(l->seen[i], key) == 0)
            return true;
    }
    if (l->nseen < MAX_KEYS)
        snprintf(l->seen[l->nseen++], sizeof l->seen[0], "%s", key);
    return false;
}

static int set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = xstrdup(v);
    return 0;
}

static int set_duration(struct loader *l, int64_t *dst, const char *key,
                        const char *v)
{
    const char *why = when_parse_duration(v, dst);

    if (why != NULL)
        return fail(l, "%s: %s: %s", key, why, v), -1;
    return 0;
}

static int set_decimal(struct loader *l, int64_t *dst, const char *key,
                       const char *v, int64_t max)
{
    const char *why = parse_decimal(v, CONFIG_FRAC, dst);

    if (why != NULL)
        return fail(l, "%s: %s: %s", key, why, v), -1;
    if (*dst < 0 || *dst > max)
        return fail(l, "%s: out of range: %s", key, v), -1;
    return 0;
}

static int set_int(struct loader *l, int64_t *dst, const char *key,
                   const char *v, int64_t min, int64_t max)
{
    const char *why = parse_i64(v, min, max, dst);

    if (why != NULL)
        return fail(l, "%s: %s: %s", key, why, v), -1;
    return 0;
}

static int set_rx(struct loader *l, struct rx **dst, const char *key,
                  const char *v)
{
    struct err re;

    rx_free(*dst);
    *dst = rx_compile(v, &re);
    if (*dst == NULL)
        return fail(l, "%s: %s", key, re.msg), -1;
    return 0;
}

/* Looks v up in names[]; returns its index or -1 after fail(). */
static int pick(struct loader *l, const char *key, const char *v,
                const char *const *names, const char *list)
{
    int i;

    for (i = 0; names[i] != NULL; i++) {
        if (strcmp(names[i], v) == 0)
            return i;
    }
    fail(l, "%s: want one of %s: %s", key, list, v);
    return -1;
}

/* Splits a list on commas and/or blanks into a fresh array of strings. */
static char **split_list(const char *v, size_t *n)
{
    char **out = NULL;
    const char *p = v;

    *n = 0;
    while (*p != '\0') {
        size_t len;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        len = strcspn(p, " \t,");
        if (len == 0)
            break;
        out = xreallocarray(out, *n + 1, sizeof *out);
        out[(*n)++] = xstrndup(p, len);
        p += len;
    }
    return out;
}

static void free_list(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int monitoring_key(struct loader *l, struct monsrc *m, const char *k,
                          const char *v)
{
    static const char *const formats[] = {"samples", "windows", NULL};
    static const char *const delims[] = {"comma", "semicolon", "tab", "pipe",
                                         NULL};
    static const char delim_chars[] = {',', ';', '\t', '|'};
    static const char *const bools[] = {"false", "true", NULL};
    static const char *const units[] = {"s", "m", "h", NULL};
    static const int64_t unit_secs[] = {1, 60, 3600};
    int i;

    if (strcmp(k, "path") == 0) {
        free(m->path);
        m->path = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "format") == 0) {
        if ((i = pick(l, k, v, formats, "samples, windows")) < 0)
            return -1;
        m->format = i == 0 ? SRC_SAMPLES : SRC_WINDOWS;
        return 0;
    }
    if (strcmp(k, "delimiter") == 0) {
        if ((i = pick(l, k, v, delims, "comma, semicolon, tab, pipe")) < 0)
            return -1;
        m->delim = (unsigned char)delim_chars[i];
        return 0;
    }
    if (strcmp(k, "header") == 0) {
        if ((i = pick(l, k, v, bools, "true, false")) < 0)
            return -1;
        m->header = i == 1;
        return 0;
    }
    if (strcmp(k, "columns") == 0) {
        free_list(m->columns, m->ncolumns);
        m->columns = split_list(v, &m->ncolumns);
        return 0;
    }
    if (strcmp(k, "time_column") == 0)
        return set_str(&m->time_column, v);
    if (strcmp(k, "time_format") == 0) {
        struct err fe;
        struct when_fmt *f = when_fmt_new(v, NULL, &fe);
        if (f == NULL)
            return fail(l, "time_format: %s", fe.msg), -1;
        when_fmt_free(f);
        return set_str(&m->time_format, v);
    }
    if (strcmp(k, "time_zone") == 0) {
        struct err ze;
        struct tz *z = tz_open(v, 0, 1, NULL, &ze);
        if (z == NULL)
            return fail(l, "time_zone: %s", ze.msg), -1;
        tz_free(z);
        return set_str(&m->time_zone, v);
    }
    if (strcmp(k, "resource_column") == 0)
        return set_str(&m->resource_column, v);
    if (strcmp(k, "status_column") == 0)
        return set_str(&m->status_column, v);
    if (strcmp(k, "down_pattern") == 0)
        return set_rx(l, &m->down, k, v);
    if (strcmp(k, "interval") == 0) {
        if (set_duration(l, &m->interval, k, v) != 0)
            return -1;
        if (m->interval <= 0)
            return fail(l, "interval: must be at least 1s: %s", v), -1;
        return 0;
    }
    if (strcmp(k, "start_column") == 0)
        return set_str(&m->start_column, v);
    if (strcmp(k, "end_column") == 0)
        return set_str(&m->end_column, v);
    if (strcmp(k, "duration_column") == 0)
        return set_str(&m->duration_column, v);
    if (strcmp(k, "duration_unit") == 0) {
        if ((i = pick(l, k, v, units, "s, m, h")) < 0)
            return -1;
        m->duration_unit = unit_secs[i];
        return 0;
    }
    if (strcmp(k, "confirm") == 0)
        return set_int(l, &m->confirm, k, v, 1, 1000);
    if (strcmp(k, "unknown") == 0) {
        static const char *const modes[] = {"up", "down", "excluded", NULL};
        if ((i = pick(l, k, v, modes, "up, down, excluded")) < 0)
            return -1;
        m->unknown = i == 0   ? UNKNOWN_UP
                     : i == 1 ? UNKNOWN_DOWN
                              : UNKNOWN_EXCLUDED;
        return 0;
    }
    if (strcmp(k, "location_column") == 0)
        return set_str(&m->location_column, v);
    if (strcmp(k, "quorum") == 0) {
        static const char *const q[] = {"any", "all", "majority", NULL};
        for (i = 0; q[i] != NULL; i++) {
            if (strcmp(v, q[i]) == 0)
                break;
        }
        if (q[i] != NULL) {
            m->quorum = i == 0   ? QUORUM_ANY
                        : i == 1 ? QUORUM_ALL
                                 : QUORUM_MAJORITY;
            return 0;
        }
        m->quorum = QUORUM_N;
        if (parse_i64(v, 1, 1000, &m->quorum_n) != NULL)
            return fail(l,
                        "quorum: want any, all, majority or a number of "
                        "locations: %s",
                        v),
                   -1;
        return 0;
    }
    return fail(l, "unknown key in [monitoring \"%s\"]: %s", m->name, k), -1;
}

static int policy_tier(struct loader *l, struct policy *p, const char *v)
{
    char a[64];
    size_t alen = strcspn(v, " \t");
    const char *rest = v + alen;
    struct tier t;
    size_t i;

    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (alen == 0 || alen >= sizeof a || *rest == '\0' ||
        strpbrk(rest, " \t") != NULL)
        return fail(l, "tier: want \"UPTIME_PERCENT CREDIT_PERCENT\": %s", v),
               -1;
    memcpy(a, v, alen);
    a[alen] = '\0';
    if (set_decimal(l, &t.threshold, "tier", a, 100 * CONFIG_SCALE) != 0 ||
        set_decimal(l, &t.percent, "tier", rest, 100 * CONFIG_SCALE) != 0)
        return -1;
    if (t.threshold == 0)
        return fail(l, "tier: an uptime threshold of 0 can never be missed: %s",
                    v),
               -1;
    for (i = 0; i < p->ntiers; i++) {
        if (p->tiers[i].threshold == t.threshold)
            return fail(l, "tier: threshold given twice: %s", a), -1;
    }
    p->tiers = xreallocarray(p->tiers, p->ntiers + 1, sizeof *p->tiers);
    i = p->ntiers++;
    while (i > 0 && p->tiers[i - 1].threshold > t.threshold) {
        p->tiers[i] = p->tiers[i - 1];
        i--;
    }
    p->tiers[i] = t;
    return 0;
}

static int policy_key(struct loader *l, struct policy *p, const char *k,
                      const char *v)
{
    static const char *const kinds[] = {"tiers", "per_day", "prorated", NULL};
    static const char *const evidences[] = {"monitoring", "statuspage", "union",
                                            "acknowledged", NULL};
    static const char *const remedies[] = {"invoice_credit", "plan_extension",
                                           "wallet_credit", "by_billing", NULL};
    static const char *const roundings[] = {"half_up", "half_even", NULL};
    static const char *const bases[] = {"full", "prorated", NULL};
    int i;

    if (strcmp(k, "tier") == 0)
        return policy_tier(l, p, v);
    if (strcmp(k, "kind") == 0) {
        if ((i = pick(l, k, v, kinds, "tiers, per_day, prorated")) < 0)
            return -1;
        p->kind = (enum policy_kind)i;
        return 0;
    }
    if (strcmp(k, "evidence") == 0) {
        if ((i = pick(l, k, v, evidences,
                      "monitoring, statuspage, union, acknowledged")) < 0)
            return -1;
        p->evidence = (enum evidence_mode)i;
        return 0;
    }
    if (strcmp(k, "remedy") == 0) {
        if ((i = pick(l, k, v, remedies,
                      "invoice_credit, plan_extension, wallet_credit, "
                      "by_billing")) < 0)
            return -1;
        p->remedy = (enum remedy)i;
        return 0;
    }
    if (strcmp(k, "rounding") == 0) {
        if ((i = pick(l, k, v, roundings, "half_up, half_even")) < 0)
            return -1;
        p->rounding = i == 0 ? MONEY_HALF_UP : MONEY_HALF_EVEN;
        return 0;
    }
    if (strcmp(k, "fee_basis") == 0) {
        if ((i = pick(l, k, v, bases, "full, prorated")) < 0)
            return -1;
        p->fee_basis = i == 0 ? FEE_FULL : FEE_PRORATED;
        return 0;
    }
    if (strcmp(k, "claims") == 0) {
        static const char *const modes[] = {"none", "required", NULL};
        if ((i = pick(l, k, v, modes, "none, required")) < 0)
            return -1;
        p->claims_required = i == 1;
        return 0;
    }
    if (strcmp(k, "claim_window") == 0)
        return set_duration(l, &p->claim_window, k, v);
    if (strcmp(k, "exclude") == 0) {
        if (strcmp(v, "maintenance") != 0)
            return fail(l, "exclude: want maintenance: %s", v), -1;
        p->exclude_maintenance = true;
        return 0;
    }
    if (strcmp(k, "incident_pattern") == 0)
        return set_rx(l, &p->incident_pattern, k, v);
    if (strcmp(k, "cap_percent") == 0)
        return set_decimal(l, &p->cap_percent, k, v, 100000 * CONFIG_SCALE);
    if (strcmp(k, "plan_pattern") == 0)
        return set_rx(l, &p->plan_pattern, k, v);
    if (strcmp(k, "exclude_payment_methods") == 0) {
        free_list(p->exclude_payment_methods, p->nexclude_payment_methods);
        p->exclude_payment_methods =
            split_list(v, &p->nexclude_payment_methods);
        return 0;
    }
    if (strcmp(k, "min_credit") == 0) {
        p->min_credit_set = true;
        return set_decimal(l, &p->min_credit, k, v, INT64_MAX);
    }
    if (strcmp(k, "day_divisor") == 0)
        return set_int(l, &p->day_divisor, k, v, 1, 366);
    if (strcmp(k, "min_outage") == 0)
        return set_duration(l, &p->min_outage, k, v);
    if (strcmp(k, "multiplier") == 0) {
        if (set_decimal(l, &p->multiplier, k, v, 1000 * CONFIG_SCALE) != 0)
            return -1;
        if (p->multiplier == 0)
            return fail(l, "multiplier: must be more than 0: %s", v), -1;
        return 0;
    }
    return fail(l, "unknown key in [policy \"%s\"]: %s", p->name, k), -1;
}

static int statuspage_key(struct loader *l, struct statuspage *sp,
                          const char *k, const char *v)
{
    if (strcmp(k, "incidents") == 0) {
        free(sp->incidents);
        sp->incidents = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "maintenances") == 0) {
        free(sp->maintenances);
        sp->maintenances = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "summaries") == 0) {
        free(sp->summaries);
        sp->summaries = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "components") == 0) {
        free(sp->components);
        sp->components = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "archive") == 0) {
        free(sp->archive);
        sp->archive = resolve(l->c, v);
        return 0;
    }
    if (strcmp(k, "url") == 0) {
        if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
            return fail(l, "url: want an http:// or https:// address: %s", v),
                   -1;
        return set_str(&sp->url, v);
    }
    if (strcmp(k, "down_statuses") == 0) {
        free_list(sp->down_statuses, sp->ndown_statuses);
        sp->down_statuses = split_list(v, &sp->ndown_statuses);
        return 0;
    }
    if (strcmp(k, "down_impacts") == 0) {
        free_list(sp->down_impacts, sp->ndown_impacts);
        sp->down_impacts = split_list(v, &sp->ndown_impacts);
        return 0;
    }
    if (strcmp(k, "key") == 0) {
        static const char *const keys[] = {"name", "id", NULL};
        int i = pick(l, k, v, keys, "name, id");
        if (i < 0)
            return -1;
        sp->key_by_id = i == 1;
        return 0;
    }
    if (strncmp(k, "weight.", 7) == 0 && k[7] != '\0') {
        int64_t w;
        if (parse_decimal(v, 3, &w) != NULL || w < 0 || w > 1000)
            return fail(l,
                        "%s: want a decimal from 0 to 1 with at most 3 "
                        "places: %s",
                        k, v),
                   -1;
        sp->weights =
            xreallocarray(sp->weights, sp->nweights + 1, sizeof *sp->weights);
        sp->weights[sp->nweights].status = xstrdup(k + 7);
        sp->weights[sp->nweights].milli = (int32_t)w;
        sp->nweights++;
        return 0;
    }
    return fail(l, "unknown key in [statuspage \"%s\"]: %s", sp->name, k), -1;
}

static int output_key(struct loader *l, const char *k, const char *v)
{
    if (strcmp(k, "discrepancy_min") == 0)
        return set_duration(l, &l->c->discrepancy_min, k, v);
    if (strcmp(k, "formats") == 0) {
        size_t n, i;
        char **list = split_list(v, &n);
        int rc = 0;
        for (i = 0; i < n && rc == 0; i++) {
            if (strcmp(list[i], "csv") == 0)
                continue; /* credits.csv is always written */
            else if (strcmp(list[i], "jsonl") == 0)
                l->c->format_jsonl = true;
            else if (strcmp(list[i], "stripe") == 0)
                l->c->format_stripe = true;
            else if (strcmp(list[i], "killbill") == 0)
                l->c->format_killbill = true;
            else if (strcmp(list[i], "chargebee") == 0)
                l->c->format_chargebee = true;
            else if (strcmp(list[i], "lago") == 0)
                l->c->format_lago = true;
            else if (strcmp(list[i], "html") == 0 ||
                     strcmp(list[i], "no-html") == 0)
                l->c->no_html = list[i][0] == 'n'; /* html is the default */
            else {
                fail(l,
                     "formats: want csv, jsonl, stripe, killbill, chargebee, "
                     "lago, html or no-html: %s",
                     list[i]);
                rc = -1;
            }
        }
        free_list(list, n);
        return rc;
    }
    return fail(l, "unknown key in [output]: %s", k), -1;
}

static int on_key(void *user, const char *section, const char *name,
                  const char *value)
{
    struct loader *l = user;
    char copy[256];
    char *v;

    (void)section;
    if (l->failed)
        return 1;
    snprintf(copy, sizeof copy, "%s", value);
    v = trim(copy);
    if (l->sec == SEC_NONE)
        return fail(l, "key outside any section: %s", name);
    if (strcmp(name, "tier") != 0 && seen_before(l, name))
        return fail(l, "key given twice in this section: %s", name);
    if (v[0] == '\0')
        return fail(l, "empty value: %s", name);
    switch (l->sec) {
    case SEC_ROSTER:
        if (strcmp(name, "path") != 0)
            return fail(l, "unknown key in [roster]: %s", name);
        free(l->c->roster_path);
        l->c->roster_path = resolve(l->c, v);
        return 1;
    case SEC_MONITORING:
        monitoring_key(l, l->cur, name, v);
        return 1;
    case SEC_POLICY:
        policy_key(l, l->cur, name, v);
        return 1;
    case SEC_STATUSPAGE:
        statuspage_key(l, l->cur, name, v);
        return 1;
    case SEC_OUTPUT:
        output_key(l, name, v);
        return 1;
    case SEC_CLAIMS:
        if (strcmp(name, "path") != 0)
            return fail(l, "unknown key in [claims]: %s", name);
        free(l->c->claims_path);
        l->c->claims_path = resolve(l->c, v);
        return 1;
    case SEC_NONE:
        break;
    }
    return 1;
}

/* The glob of an archive folder's snapshots of one endpoint, as fetch
 * names them (<timestamp>-<endpoint>.json in the archive folder). */
static char *archive_glob(const char *archive, const char *endpoint)
{
    size_t n = strlen(archive) + strlen(endpoint) + 16;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/*-%s.json", archive, endpoint);
    return p;
}

/* Checks what single keys cannot: required keys and combinations. */
static int validate(struct loader *l)
{
    struct config *c = l->c;
    size_t i;

    if (c->claims_line != 0 && c->claims_path == NULL) {
        l->lineno = c->claims_line;
        return fail(l, "[claims]: path is required"), -1;
    }
    if (c->roster_path == NULL) {
        l->lineno = c->roster_line;
        return fail(l, c->roster_line != 0 ? "[roster]: path is required"
                                           : "no [roster] section"),
               -1;
    }
    for (i = 0; i < c->nsources; i++) {
        struct monsrc *m = &c->sources[i];
        const char *missing = NULL;
        l->lineno = m->line;
        if (m->path == NULL)
            missing = "path";
        else if (m->resource_column == NULL)
            missing = "resource_column";
        else if (m->format == SRC_SAMPLES && m->time_column == NULL)
            missing = "time_column";
        else if (m->format == SRC_SAMPLES && m->status_column == NULL)
            missing = "status_column";
        else if (m->format == SRC_SAMPLES && m->down == NULL)
            missing = "down_pattern";
        else if (m->format == SRC_SAMPLES && m->interval == 0)
            missing = "interval";
        else if (m->format == SRC_WINDOWS && m->start_column == NULL)
            missing = "start_column";
        else if (m->format == SRC_WINDOWS && m->end_column == NULL &&
                 m->duration_column == NULL)
            missing = "end_column or duration_column";
        if (missing != NULL)
            return fail(l, "[monitoring \"%s\"]: %s is required", m->name,
                        missing),
                   -1;
        if (m->format == SRC_WINDOWS && m->end_column != NULL &&
            m->duration_column != NULL)
            return fail(l,
                        "[monitoring \"%s\"]: give end_column or "
                        "duration_column, not both",
                        m->name),
                   -1;
        if (m->format == SRC_WINDOWS &&
            (m->status_column == NULL) != (m->down == NULL))
            return fail(l,
                        "[monitoring \"%s\"]: status_column and "
                        "down_pattern go together",
                        m->name),
                   -1;
        if (m->format == SRC_WINDOWS && m->interval != 0)
            return fail(l, "[monitoring \"%s\"]: interval is for samples only",
                        m->name),
                   -1;
        if (!m->header && m->ncolumns == 0)
            return fail(l, "[monitoring \"%s\"]: header = false needs columns",
                        m->name),
                   -1;
        if (m->header && m->ncolumns != 0)
            return fail(l, "[monitoring \"%s\"]: columns is for header = false",
                        m->name),
                   -1;
        m->fidelity = m->confirm > 1 || m->unknown != UNKNOWN_UP ||
                      m->location_column != NULL || m->quorum != QUORUM_ANY;
        if (m->format == SRC_WINDOWS && m->fidelity)
            return fail(l,
                        "[monitoring \"%s\"]: confirm, unknown, "
                        "location_column and quorum are for samples",
                        m->name),
                   -1;
        /* Every samples source keeps its samples, up ones too: the time they
         * cover is what decisions.csv reports as measured. */
        m->fidelity = m->format == SRC_SAMPLES;
        if (m->time_format == NULL)
            m->time_format = xstrdup("iso8601");
        if (m->time_zone == NULL)
            m->time_zone = xstrdup("UTC");
    }
    for (i = 0; i < c->npolicies; i++) {
        struct policy *p = &c->policies[i];
        l->lineno = p->line;
        if (p->kind == POLICY_TIERS && p->ntiers == 0)
            return fail(l,
                        "[policy \"%s\"]: kind = tiers needs at least one "
                        "tier",
                        p->name),
                   -1;
        if (p->kind != POLICY_TIERS && p->ntiers != 0)
            return fail(l, "[policy \"%s\"]: tier is for kind = tiers",
                        p->name),
                   -1;
        if (p->kind != POLICY_PER_DAY && (p->remedy == REMEDY_PLAN_EXTENSION ||
                                          p->remedy == REMEDY_BY_BILLING))
            return fail(l,
                        "[policy \"%s\"]: remedy = %s needs kind = per_day "
                        "(only days can extend a plan)",
                        p->name, config_remedy_name(p->remedy)),
                   -1;
    }
    for (i = 0; i < c->npages; i++) {
        struct statuspage *sp = &c->pages[i];
        l->lineno = sp->line;
        if (sp->incidents == NULL && sp->summaries == NULL &&
            sp->maintenances == NULL && sp->components == NULL &&
            sp->url == NULL)
            return fail(l,
                        "[statuspage \"%s\"]: give incidents, summaries, "
                        "maintenances or url",
                        sp->name),
                   -1;
        if (sp->ndown_statuses == 0)
            sp->down_statuses =
                split_list("major_outage partial_outage", &sp->ndown_statuses);
        if (sp->ndown_impacts == 0)
            sp->down_impacts = split_list("major critical", &sp->ndown_impacts);
        if (sp->archive == NULL) {
            char rel[300];
            snprintf(rel, sizeof rel, "archive/%s", sp->name);
            sp->archive = resolve(c, rel);
        }
        /* A page that is fetched and names no snapshots reads its archive:
         * what fetch wrote is what run reads. */
        if (sp->url != NULL && sp->incidents == NULL && sp->summaries == NULL &&
            sp->maintenances == NULL && sp->components == NULL) {
            sp->incidents = archive_glob(sp->archive, "incidents");
            sp->maintenances =
                archive_glob(sp->archive, "scheduled-maintenances");
            sp->components = archive_glob(sp->archive, "components");
        }
    }
    for (i = 0; i < c->npolicies; i++) {
        struct policy *p = &c->policies[i];
        l->lineno = p->line;
        if (p->evidence != EVIDENCE_MONITORING && c->npages == 0)
            return fail(l,
                        "[policy \"%s\"]: evidence = %s needs a "
                        "[statuspage] section",
                        p->name,
                        p->evidence == EVIDENCE_STATUSPAGE ? "statuspage"
                        : p->evidence == EVIDENCE_UNION    ? "union"
                                                           : "acknowledged"),
                   -1;
        if (p->claims_required && c->claims_path == NULL)
            return fail(l,
                        "[policy \"%s\"]: claims = required needs a "
                        "[claims] section with the claims file",
                        p->name),
                   -1;
        if ((p->exclude_maintenance || p->incident_pattern != NULL) &&
            c->npages == 0)
            return fail(l,
                        "[policy \"%s\"]: exclusions come from status "
                        "pages, and there is no [statuspage] section",
                        p->name),
                   -1;
    }
    if (c->npolicies == 0) {
        l->lineno = 0;
        return fail(l, "no [policy \"...\"] section"), -1;
    }
    return 0;
}

struct config *config_load(const char *path, struct err *e)
{
    struct loader l;
    struct config *c;
    const char *slash;
    int rc;

    memset(&l, 0, sizeof l);
    l.fp = infile_open(path, e);
    if (l.fp == NULL)
        return NULL;
    c = xcalloc(1, sizeof *c);
    c->path = xstrdup(path);
    slash = strrchr(path, '/');
    c->discrepancy_min = 300;
    c->dir = slash != NULL
                 ? xstrndup(path, (size_t)(slash - path + (slash == path)))
                 : xstrdup("");
    l.c = c;
    l.e = e;
    rc = ini_parse_stream(read_line, &l, on_key, &l);
    if (!l.failed && rc > 0) {
        l.lineno = rc;
        fail(&l, "syntax error: want key = value or [section]");
    }
    if (!l.failed && rc < 0)
        fail(&l, "cannot parse config");
    if (!l.failed)
        validate(&l);
    fclose(l.fp);
    free(l.line);
    if (l.failed) {
        config_free(c);
        return NULL;
    }
    return c;
}

const struct policy *config_policy(const struct config *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->npolicies; i++) {
        if (strcmp(c->policies[i].name, name) == 0)
            return &c->policies[i];
    }
    return NULL;
}

void config_free(struct config *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < c->nsources; i++) {
        struct monsrc *m = &c->sources[i];
        free(m->name);
        free(m->path);
        free_list(m->columns, m->ncolumns);
        free(m->time_column);
        free(m->time_format);
        free(m->time_zone);
        free(m->resource_column);
        free(m->status_column);
        rx_free(m->down);
        free(m->start_column);
        free(m->end_column);
        free(m->duration_column);
        free(m->location_column);
    }
    free(c->sources);
    for (i = 0; i < c->npolicies; i++) {
        struct policy *p = &c->policies[i];
        free(p->name);
        free(p->tiers);
        rx_free(p->plan_pattern);
        rx_free(p->incident_pattern);
        free_list(p->exclude_payment_methods, p->nexclude_payment_methods);
    }
    free(c->policies);
    for (i = 0; i < c->npages; i++) {
        struct statuspage *sp = &c->pages[i];
        size_t j;
        free(sp->name);
        free(sp->incidents);
        free(sp->maintenances);
        free(sp->summaries);
        free(sp->components);
        free(sp->url);
        free(sp->archive);
        free_list(sp->down_statuses, sp->ndown_statuses);
        free_list(sp->down_impacts, sp->ndown_impacts);
        for (j = 0; j < sp->nweights; j++)
            free(sp->weights[j].status);
        free(sp->weights);
    }
    free(c->pages);
    free(c->roster_path);
    free(c->claims_path);
    free(c->dir);
    free(c->path);
    free(c);
}

const struct statuspage *config_page(const struct config *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->npages; i++) {
        if (strcmp(c->pages[i].name, name) == 0)
            return &c->pages[i];
    }
    return NULL;
}

int32_t config_status_weight(const struct statuspage *p, const char *status)
{
    size_t i;

    for (i = 0; i < p->nweights; i++) {
        if (strcmp(p->weights[i].status, status) == 0)
            return p->weights[i].milli;
    }
    for (i = 0; i < p->ndown_statuses; i++) {
        if (strcmp(p->down_statuses[i], status) == 0)
            return 1000;
    }
    return 0;
}

const char *config_remedy_name(enum remedy r)
{
    switch (r) {
    case REMEDY_INVOICE_CREDIT:
        return "invoice_credit";
    case REMEDY_PLAN_EXTENSION:
        return "plan_extension";
    case REMEDY_WALLET_CREDIT:
        return "wallet_credit";
    case REMEDY_BY_BILLING:
        return "by_billing";
    }
    return "?";
}

const char *config_kind_name(enum policy_kind k)
{
    switch (k) {
    case POLICY_TIERS:
        return "tiers";
    case POLICY_PER_DAY:
        return "per_day";
    case POLICY_PRORATED:
        return "prorated";
    }
    return "?";
}
