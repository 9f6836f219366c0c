/* config: INI parsing and validation (see config.h).
 *
 * inih does the key = value splitting. We feed it through our own line
 * reader, which counts lines (inih's handler does not get them in Debian's
 * build), refuses lines longer than inih's buffer, and handles section
 * headers itself, so that an empty or unknown section is caught too.
 *
 * Sections are rows of a table (sections[]); keys are rows of keys_spec
 * tables (lib/keys.h): the monitoring formats' keys belong to the monitor
 * module, the policy kinds' keys to the policy module, the rest are here. */
#include "read/config.h"
#include "read/holidays.h"

#include "lib/ident.h"
#include "lib/infile.h"
#include "lib/keys.h"
#include "lib/parse.h"
#include "lib/rx.h"
#include "lib/xalloc.h"
#include "write/formats.h"

#include <ini.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys set so far in the current section, to refuse repeats. */
#define MAX_KEYS 64

struct loader;

/* A section kind: [kind] or [kind "name"]. */
struct section {
    const char *kind;
    bool named; /* [kind "name"] */
    /* Starts a section: checks the name, creates what the keys fill and
     * sets l->cur to it. Returns 0, or -1 after fail(). */
    int (*begin)(struct loader *l, const char *name);
    /* The row of a key, or NULL when the section has no such key. */
    const struct keys_spec *(*find_key)(const char *key);
    /* Optional: told of each key once stored, for rules between keys of
     * one section. Returns 0, or -1 with the message in msg. */
    int (*key_given)(void *cur, const char *key, const char *value, long line,
                     char *msg, size_t cap);
};

struct loader {
    struct config *c;
    FILE *fp;
    char *line; /* the current line, at most linecap - 1 bytes */
    size_t linecap;
    long lineno;               /* line last handed to inih */
    const struct section *sec; /* current section, or NULL before any */
    char *label;               /* its header, "[kind]" or [kind "name"] */
    long output_line;          /* line of [output], 0 if none */
    void *cur; /* what the section's keys fill: struct config, monsrc,
                  policy or statuspage */
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

/* [roster], [claims], [output]: one each, their keys fill the config. */
static int begin_roster(struct loader *l, const char *name)
{
    (void)name;
    if (l->c->roster_line != 0)
        return fail(l, "duplicate section: [roster]"), -1;
    l->c->roster_line = l->lineno;
    l->cur = l->c;
    return 0;
}

static int begin_claims(struct loader *l, const char *name)
{
    (void)name;
    if (l->c->claims_line != 0)
        return fail(l, "duplicate section: [claims]"), -1;
    l->c->claims_line = l->lineno;
    l->cur = l->c;
    return 0;
}

static int begin_fees(struct loader *l, const char *name)
{
    (void)name;
    if (l->c->fees_line != 0)
        return fail(l, "duplicate section: [fees]"), -1;
    l->c->fees_line = l->lineno;
    l->cur = l->c;
    return 0;
}

static int begin_output(struct loader *l, const char *name)
{
    (void)name;
    if (l->output_line != 0)
        return fail(l, "duplicate section: [output]"), -1;
    l->output_line = l->lineno;
    l->cur = l->c;
    return 0;
}

static int begin_monitoring(struct loader *l, const char *name)
{
    struct config *c = l->c;
    size_t i;

    for (i = 0; i < c->nsources; i++) {
        if (strcmp(c->sources[i].name, name) == 0)
            return fail(l, "duplicate section: [monitoring \"%s\"]", name), -1;
    }
    c->sources = xreallocarray(c->sources, c->nsources + 1, sizeof *c->sources);
    monitor_source_init(&c->sources[c->nsources], name, l->lineno);
    l->cur = &c->sources[c->nsources++];
    return 0;
}

static int begin_policy(struct loader *l, const char *name)
{
    struct config *c = l->c;
    const char *why = ident_check(name);
    size_t i;

    if (why != NULL) {
        char shown[IDENT_MAX * 4 + 8];
        ident_printable(name, shown, sizeof shown);
        return fail(l, "policy name: %s: %s", why, shown), -1;
    }
    for (i = 0; i < c->npolicies; i++) {
        if (strcmp(c->policies[i].name, name) == 0)
            return fail(l, "duplicate section: [policy \"%s\"]", name), -1;
    }
    c->policies =
        xreallocarray(c->policies, c->npolicies + 1, sizeof *c->policies);
    policy_init(&c->policies[c->npolicies], name, l->lineno);
    l->cur = &c->policies[c->npolicies++];
    return 0;
}

static int begin_statuspage(struct loader *l, const char *name)
{
    struct config *c = l->c;
    struct statuspage *page;
    size_t i;

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
            return fail(l, "duplicate section: [statuspage \"%s\"]", name), -1;
    }
    c->pages = xreallocarray(c->pages, c->npages + 1, sizeof *c->pages);
    page = &c->pages[c->npages++];
    memset(page, 0, sizeof *page);
    page->name = xstrdup(name);
    page->line = l->lineno;
    l->cur = page;
    return 0;
}

static const struct keys_spec roster_keys[] = {
    {.name = "path",
     .type = KEYS_PATH,
     .offset = offsetof(struct config, roster_path)},
    {.name = NULL},
};

static const struct keys_spec claims_keys[] = {
    {.name = "path",
     .type = KEYS_PATH,
     .offset = offsetof(struct config, claims_path)},
    {.name = NULL},
};

static const struct keys_spec fees_keys[] = {
    {.name = "path",
     .type = KEYS_PATH,
     .offset = offsetof(struct config, fees_path)},
    {.name = NULL},
};

static int set_url(void *obj, const char *key, const char *v,
                   const struct keys_env *env, char *msg, size_t cap)
{
    struct statuspage *page = obj;

    (void)key;
    (void)env;
    if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
        return snprintf(msg, cap,
                        "url: want an http:// or https:// address: %s", v),
               -1;
    free(page->url);
    page->url = xstrdup(v);
    return 0;
}

static void store_key_by_id(void *obj, int i)
{
    ((struct statuspage *)obj)->key_by_id = i == 1;
}

/* weight.<status> = a decimal from 0 to 1. */
static int set_weight(void *obj, const char *key, const char *v,
                      const struct keys_env *env, char *msg, size_t cap)
{
    struct statuspage *page = obj;
    int64_t w;

    (void)env;
    if (parse_decimal(v, 3, &w) != NULL || w < 0 || w > 1000)
        return snprintf(msg, cap,
                        "%s: want a decimal from 0 to 1 with at most 3 "
                        "places: %s",
                        key, v),
               -1;
    page->weights =
        xreallocarray(page->weights, page->nweights + 1, sizeof *page->weights);
    page->weights[page->nweights].status = xstrdup(key + strlen("weight."));
    page->weights[page->nweights].milli = (int32_t)w;
    page->nweights++;
    return 0;
}

static const char *const page_key_names[] = {"name", "id", NULL};

static const struct keys_spec statuspage_keys[] = {
    {.name = "incidents",
     .type = KEYS_PATH,
     .offset = offsetof(struct statuspage, incidents)},
    {.name = "maintenances",
     .type = KEYS_PATH,
     .offset = offsetof(struct statuspage, maintenances)},
    {.name = "summaries",
     .type = KEYS_PATH,
     .offset = offsetof(struct statuspage, summaries)},
    {.name = "components",
     .type = KEYS_PATH,
     .offset = offsetof(struct statuspage, components)},
    {.name = "archive",
     .type = KEYS_PATH,
     .offset = offsetof(struct statuspage, archive)},
    {.name = "url", .type = KEYS_CUSTOM, .set = set_url},
    {.name = "down_statuses",
     .type = KEYS_LIST,
     .offset = offsetof(struct statuspage, down_statuses),
     .count_offset = offsetof(struct statuspage, ndown_statuses)},
    {.name = "down_impacts",
     .type = KEYS_LIST,
     .offset = offsetof(struct statuspage, down_impacts),
     .count_offset = offsetof(struct statuspage, ndown_impacts)},
    {.name = "key",
     .type = KEYS_CHOICE,
     .choices = page_key_names,
     .choice_list = "name, id",
     .store = store_key_by_id},
    {.name = "weight.", .type = KEYS_CUSTOM, .set = set_weight, .prefix = true},
    {.name = NULL},
};

/* formats = the billing formats to write besides credits.csv; "no-html"
 * leaves out report.html and the statements. */
static int set_output_formats(void *obj, const char *key, const char *v,
                              const struct keys_env *env, char *msg, size_t cap)
{
    struct config *c = obj;
    size_t n, i;
    char **list = keys_split_list(v, &n);
    int rc = 0;

    (void)key;
    (void)env;
    for (i = 0; i < n && rc == 0; i++) {
        if (strcmp(list[i], "no-html") == 0) {
            c->no_html = true; /* report.html is written by default */
            continue;
        }
        if (formats_enable(list[i], &c->formats) != 0) {
            char want[160];
            formats_names(want, sizeof want);
            snprintf(msg, cap, "formats: want %s (or no-html): %s", want,
                     list[i]);
            rc = -1;
        }
    }
    keys_free_list(list, n);
    return rc;
}

static const struct keys_spec output_keys[] = {
    {.name = "discrepancy_min",
     .type = KEYS_DURATION,
     .offset = offsetof(struct config, discrepancy_min)},
    {.name = "formats", .type = KEYS_CUSTOM, .set = set_output_formats},
    {.name = NULL},
};

static const struct keys_spec *roster_key(const char *key)
{
    return keys_find(roster_keys, key);
}

static const struct keys_spec *claims_key(const char *key)
{
    return keys_find(claims_keys, key);
}

static const struct keys_spec *fees_key(const char *key)
{
    return keys_find(fees_keys, key);
}

static const struct keys_spec *statuspage_key(const char *key)
{
    return keys_find(statuspage_keys, key);
}

static const struct keys_spec *output_key(const char *key)
{
    return keys_find(output_keys, key);
}

/* A policy is told of its keys: a composite (either) takes no other. */
static int policy_key(void *cur, const char *key, const char *value, long line,
                      char *msg, size_t cap)
{
    return policy_key_given(cur, key, value, line, msg, cap);
}

static const struct section sections[] = {
    {"roster", false, begin_roster, roster_key, NULL},
    {"monitoring", true, begin_monitoring, monitor_find_key, NULL},
    {"policy", true, begin_policy, policy_find_key, policy_key},
    {"statuspage", true, begin_statuspage, statuspage_key, NULL},
    {"claims", false, begin_claims, claims_key, NULL},
    {"fees", false, begin_fees, fees_key, NULL},
    {"output", false, begin_output, output_key, NULL},
};

/* Splits "[kind]" or [kind "name"] in place. Returns 0 with *kind and
 * *name (NULL when unnamed) set, or -1 after fail(). */
static int parse_section_header(struct loader *l, char *text, char **kind,
                                char **name)
{
    char *close = strrchr(text, ']');
    char *q;

    if (close == NULL || trim(close + 1)[0] != '\0')
        return fail(l, "bad section header: %s", text), -1;
    *close = '\0';
    *kind = trim(text + 1);
    *name = NULL;
    q = strchr(*kind, '"');
    if (q != NULL) {
        char *end = strrchr(q + 1, '"');
        if (end == NULL || end[1] != '\0' || end == q + 1)
            return fail(l, "bad section name, want [kind \"name\"]: %s", *kind),
                   -1;
        *end = '\0';
        *name = q + 1;
        *q = '\0';
        *kind = trim(*kind);
    }
    return 0;
}

/* Starts the section of a [kind "name"] or [kind] line. Returns 0, or -1
 * after fail(). */
static int begin_section(struct loader *l, char *text)
{
    char *kind, *name;
    size_t i, n;

    if (parse_section_header(l, text, &kind, &name) != 0)
        return -1;
    l->nseen = 0;
    for (i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const struct section *s = &sections[i];
        if (strcmp(kind, s->kind) != 0 || s->named != (name != NULL))
            continue;
        if (s->begin(l, name) != 0)
            return -1;
        l->sec = s;
        n = strlen(kind) + (name != NULL ? strlen(name) + 3 : 0) + 3;
        free(l->label);
        l->label = xmalloc(n);
        if (name != NULL)
            snprintf(l->label, n, "[%s \"%s\"]", kind, name);
        else
            snprintf(l->label, n, "[%s]", kind);
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

static int on_key(void *user, const char *section, const char *name,
                  const char *value)
{
    struct loader *l = user;
    const struct keys_spec *spec;
    struct keys_env env;
    char copy[256], msg[sizeof l->e->msg];
    char *v;

    (void)section;
    if (l->failed)
        return 1;
    snprintf(copy, sizeof copy, "%s", value);
    v = trim(copy);
    if (l->sec == NULL)
        return fail(l, "key outside any section: %s", name);
    spec = l->sec->find_key(name);
    if (!(spec != NULL && spec->repeat) && seen_before(l, name))
        return fail(l, "key given twice in this section: %s", name);
    if (v[0] == '\0')
        return fail(l, "empty value: %s", name);
    if (spec == NULL)
        return fail(l, "unknown key in %s: %s", l->label, name);
    env.dir = l->c->dir;
    if (keys_set(spec, l->cur, name, v, &env, msg, sizeof msg) != 0)
        return fail(l, "%s", msg);
    if (l->sec->key_given != NULL &&
        l->sec->key_given(l->cur, name, v, l->lineno, msg, sizeof msg) != 0)
        return fail(l, "%s", msg);
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

/* [roster] and [claims] need their path. */
static int validate_paths(struct loader *l)
{
    struct config *c = l->c;

    if (c->claims_line != 0 && c->claims_path == NULL) {
        l->lineno = c->claims_line;
        return fail(l, "[claims]: path is required"), -1;
    }
    if (c->fees_line != 0 && c->fees_path == NULL) {
        l->lineno = c->fees_line;
        return fail(l, "[fees]: path is required"), -1;
    }
    if (c->roster_path == NULL) {
        l->lineno = c->roster_line;
        return fail(l, c->roster_line != 0 ? "[roster]: path is required"
                                           : "no [roster] section"),
               -1;
    }
    return 0;
}

/* Each [monitoring] and [policy] section by the rules of its format or
 * kind. */
static int validate_kinds(struct loader *l)
{
    struct config *c = l->c;
    char msg[sizeof l->e->msg];
    size_t i;

    for (i = 0; i < c->nsources; i++) {
        struct monsrc *m = &c->sources[i];
        l->lineno = m->line;
        if (monitor_validate(m, msg, sizeof msg) != 0)
            return fail(l, "[monitoring \"%s\"]: %s", m->name, msg), -1;
    }
    for (i = 0; i < c->npolicies; i++) {
        const struct policy *p = &c->policies[i];
        l->lineno = p->line;
        if (policy_validate(p, msg, sizeof msg) != 0)
            return fail(l, "[policy \"%s\"]: %s", p->name, msg), -1;
        if (p->hours.set && holidays_load(&c->policies[i].hours, l->e) != 0)
            return err_locate(l->e, l->c->path, p->line), l->failed = true, -1;
    }
    /* Composites last: their members may come later in the file. */
    for (i = 0; i < c->npolicies; i++) {
        l->lineno = c->policies[i].either_line;
        if (policy_link(c->policies, c->npolicies, i, msg, sizeof msg) != 0)
            return fail(l, "[policy \"%s\"]: %s", c->policies[i].name, msg), -1;
    }
    return 0;
}

/* Each [statuspage] section names something to read; fills defaults. */
static int validate_pages(struct loader *l)
{
    struct config *c = l->c;
    size_t i;

    for (i = 0; i < c->npages; i++) {
        struct statuspage *page = &c->pages[i];
        l->lineno = page->line;
        if (page->incidents == NULL && page->summaries == NULL &&
            page->maintenances == NULL && page->components == NULL &&
            page->url == NULL)
            return fail(l,
                        "[statuspage \"%s\"]: give incidents, summaries, "
                        "maintenances or url",
                        page->name),
                   -1;
        if (page->ndown_statuses == 0)
            page->down_statuses = keys_split_list("major_outage partial_outage",
                                                  &page->ndown_statuses);
        if (page->ndown_impacts == 0)
            page->down_impacts =
                keys_split_list("major critical", &page->ndown_impacts);
        if (page->archive == NULL) {
            char rel[300];
            snprintf(rel, sizeof rel, "archive/%s", page->name);
            page->archive = keys_resolve(c->dir, rel);
        }
        /* A page that is fetched and names no snapshots reads its archive:
         * what fetch wrote is what run reads. */
        if (page->url != NULL && page->incidents == NULL &&
            page->summaries == NULL && page->maintenances == NULL &&
            page->components == NULL) {
            page->incidents = archive_glob(page->archive, "incidents");
            page->maintenances =
                archive_glob(page->archive, "scheduled-maintenances");
            page->components = archive_glob(page->archive, "components");
        }
    }
    return 0;
}

/* What a policy needs from other sections: status pages, claims. */
static int validate_policy_inputs(struct loader *l)
{
    struct config *c = l->c;
    size_t i;

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
        if (p->cap_fees > 0 && c->fees_path == NULL)
            return fail(l,
                        "[policy \"%s\"]: cap_fees needs a [fees] section "
                        "with the fee history",
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

/* Checks what single keys cannot: required keys and combinations. */
static int validate(struct loader *l)
{
    if (validate_paths(l) != 0 || validate_kinds(l) != 0 ||
        validate_pages(l) != 0 || validate_policy_inputs(l) != 0)
        return -1;
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
    free(l.label);
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
    for (i = 0; i < c->nsources; i++)
        monitor_source_free(&c->sources[i]);
    free(c->sources);
    for (i = 0; i < c->npolicies; i++)
        policy_free(&c->policies[i]);
    free(c->policies);
    for (i = 0; i < c->npages; i++) {
        struct statuspage *page = &c->pages[i];
        size_t j;
        free(page->name);
        free(page->incidents);
        free(page->maintenances);
        free(page->summaries);
        free(page->components);
        free(page->url);
        free(page->archive);
        keys_free_list(page->down_statuses, page->ndown_statuses);
        keys_free_list(page->down_impacts, page->ndown_impacts);
        for (j = 0; j < page->nweights; j++)
            free(page->weights[j].status);
        free(page->weights);
    }
    free(c->pages);
    free(c->roster_path);
    free(c->claims_path);
    free(c->fees_path);
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
