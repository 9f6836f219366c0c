/* statuspage_index: reads a page's snapshots without parsing those that
 * cannot change the result (docs/snapshot-index.md has the rule and its
 * proof). A hidden file beside the snapshots, .statuspage-index,
 * holds for each snapshot already parsed by this version its name,
 * section, SHA-256 and size, and what reading it did (statuspage_records.h
 * struct sp_trace). A snapshot is parsed when it has no entry (new,
 * changed, another version), when it had unknown fields or statuses, or
 * when it is the first to reference a component, flag a group or name a
 * (group, child) pair, holds the winning copy of a record or the winning
 * name of a component, or is the newest incidents.json; the others are
 * hashed, listed and counted only. The index is brought up to date after a
 * good read (written to a temporary file and renamed; a folder that cannot
 * be written keeps its old index, which only costs time). With
 * SP_LOAD_VERIFY_INDEX (check) every snapshot is parsed and each entry
 * compared with what parsing its snapshot did; a wrong entry is counted
 * and replaced. */
#include "statuspage_records.h"

#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/strindex.h"
#include "lib/version.h"
#include "lib/xalloc.h"

#define SPI_FILE  ".statuspage-index"
#define SPI_MAGIC "slacredit-statuspage-index 1 " SLACREDIT_VERSION

/* One snapshot as the index knows it. */
struct spi_entry {
    char *name; /* file name, no folder */
    enum sp_section sec;
    char hex[65];
    uint64_t size;
    bool has_page;     /* an incidents.json with page.updated_at */
    int64_t page_time; /* that time, epoch s */
    struct sp_trace tr;
    bool dropped; /* replaced by a new entry of the same file: not saved */
};

/* The index of one folder: its entries, and those this read adds. */
struct spi_dir {
    char *dir;
    struct spi_entry *v; /* as read */
    size_t n;
    struct spi_entry *add; /* made by this read, saved after v */
    size_t nadd;
    bool changed; /* an entry of v was found wrong and dropped */
};

/* One file the globs matched, in read order. */
struct spi_file {
    char *path;
    enum sp_section sec;
    char hex[65];
    uint64_t size;
    size_t dir;              /* its folder, in the dirs array */
    struct spi_entry *entry; /* its entry, or NULL */
    size_t stale; /* an entry of its name whose hash differs, or SIZE_MAX */
    bool keep;    /* to be parsed */
};

static void entry_free(struct spi_entry *x)
{
    free(x->name);
    sp_trace_free(&x->tr);
}

/* The folder of path ("." when it has none), and its file name. */
static char *dir_of(const char *path, const char **name)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (slash == NULL) {
        *name = path;
        return xstrdup(".");
    }
    *name = slash + 1;
    d = xmalloc((size_t)(slash - path) + 2);
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    if (d[0] == '\0')
        strcpy(d, "/");
    return d;
}

/* The tab-separated fields of line (modified in place) in f; returns how
 * many (at most cap). */
static size_t split(char *line, char **f, size_t cap)
{
    size_t n = 0;
    char *p = line;

    while (n < cap) {
        char *tab = strchr(p, '\t');
        f[n++] = p;
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static bool num(const char *s, int64_t *out)
{
    return parse_i64(s, INT64_MIN, INT64_MAX, out) == NULL;
}

static void add_str(char ***v, size_t *n, const char *s)
{
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

/* One event line of an entry into x. Returns false when malformed. */
static bool parse_event(struct spi_entry *x, char **f, size_t nf)
{
    struct sp_trace *t = &x->tr;
    int64_t a, b;

    if (strcmp(f[0], "R") == 0 && nf == 3 && num(f[2], &a)) {
        t->recs = xreallocarray(t->recs, t->nrecs + 1, sizeof *t->recs);
        t->recs[t->nrecs].id = xstrdup(f[1]);
        t->recs[t->nrecs++].updated = a;
    } else if (strcmp(f[0], "N") == 0 && nf == 4 && num(f[2], &a) &&
               (a == 1 || a == 2) && num(f[3], &b)) {
        t->names = xreallocarray(t->names, t->nnames + 1, sizeof *t->names);
        t->names[t->nnames].id = xstrdup(f[1]);
        t->names[t->nnames].rank = (int)a;
        t->names[t->nnames++].time = b;
    } else if (strcmp(f[0], "C") == 0 && nf == 2) {
        add_str(&t->refs, &t->nrefs, f[1]);
    } else if (strcmp(f[0], "G") == 0 && nf == 2) {
        add_str(&t->flags, &t->nflags, f[1]);
    } else if (strcmp(f[0], "P") == 0 && nf == 3) {
        t->pairs = xreallocarray(t->pairs, t->npairs + 1, sizeof *t->pairs);
        t->pairs[t->npairs].group = xstrdup(f[1]);
        t->pairs[t->npairs++].child = xstrdup(f[2]);
    } else
        return false;
    return true;
}

/* An entry's first line: F name sec sha size page_time|-. */
static bool parse_head(struct spi_entry *x, char **f, size_t nf)
{
    int64_t sec, size;

    if (nf != 6 || strcmp(f[0], "F") != 0 || !num(f[2], &sec) || sec < 0 ||
        sec > SEC_COMPONENTS || strlen(f[3]) != 64 || !num(f[4], &size) ||
        size < 0)
        return false;
    memset(x, 0, sizeof *x);
    x->name = xstrdup(f[1]);
    x->sec = (enum sp_section)sec;
    memcpy(x->hex, f[3], 65);
    x->size = (uint64_t)size;
    x->has_page = strcmp(f[5], "-") != 0;
    if (x->has_page && !num(f[5], &x->page_time)) {
        free(x->name);
        return false;
    }
    return true;
}

/* Reads the index of folder d->dir. A missing, unreadable or malformed
 * index, or one of another version, is no index: every snapshot is then
 * parsed. */
static void dir_load(struct spi_dir *d)
{
    size_t len = strlen(d->dir) + sizeof SPI_FILE + 2, nf, i;
    char *path = xmalloc(len), *line = NULL, *f[8];
    size_t cap = 0;
    ssize_t got;
    FILE *fp;
    bool ok = true;

    snprintf(path, len, "%s/%s", d->dir, SPI_FILE);
    fp = fopen(path, "rb");
    free(path);
    if (fp == NULL)
        return;
    got = getline(&line, &cap, fp);
    if (got <= 0 || strncmp(line, SPI_MAGIC "\n", (size_t)got) != 0 ||
        (size_t)got != sizeof SPI_MAGIC)
        ok = false;
    while (ok && (got = getline(&line, &cap, fp)) > 0) {
        if (line[got - 1] != '\n') {
            ok = false;
            break;
        }
        line[got - 1] = '\0';
        nf = split(line, f, 8);
        if (strcmp(f[0], "F") == 0) {
            d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
            ok = parse_head(&d->v[d->n], f, nf);
            d->n += ok;
        } else
            ok = d->n > 0 && parse_event(&d->v[d->n - 1], f, nf);
    }
    if (ferror(fp))
        ok = false;
    fclose(fp);
    free(line);
    if (!ok) {
        for (i = 0; i < d->n; i++)
            entry_free(&d->v[i]);
        free(d->v);
        d->v = NULL;
        d->n = 0;
    }
}

/* True when s can stand in a tab-separated line. */
static bool plain(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

static bool entry_plain(const struct spi_entry *x)
{
    const struct sp_trace *t = &x->tr;
    size_t i;
    bool ok = plain(x->name);

    for (i = 0; ok && i < t->nrecs; i++)
        ok = plain(t->recs[i].id);
    for (i = 0; ok && i < t->nnames; i++)
        ok = plain(t->names[i].id);
    for (i = 0; ok && i < t->nrefs; i++)
        ok = plain(t->refs[i]);
    for (i = 0; ok && i < t->nflags; i++)
        ok = plain(t->flags[i]);
    for (i = 0; ok && i < t->npairs; i++)
        ok = plain(t->pairs[i].group) && plain(t->pairs[i].child);
    return ok;
}

static void entry_write(FILE *fp, const struct spi_entry *x)
{
    const struct sp_trace *t = &x->tr;
    size_t i;

    fprintf(fp, "F\t%s\t%d\t%s\t%" PRIu64 "\t", x->name, (int)x->sec, x->hex,
            x->size);
    if (x->has_page)
        fprintf(fp, "%" PRId64 "\n", x->page_time);
    else
        fputs("-\n", fp);
    for (i = 0; i < t->nrecs; i++)
        fprintf(fp, "R\t%s\t%" PRId64 "\n", t->recs[i].id, t->recs[i].updated);
    for (i = 0; i < t->nnames; i++)
        fprintf(fp, "N\t%s\t%d\t%" PRId64 "\n", t->names[i].id,
                t->names[i].rank, t->names[i].time);
    for (i = 0; i < t->nrefs; i++)
        fprintf(fp, "C\t%s\n", t->refs[i]);
    for (i = 0; i < t->nflags; i++)
        fprintf(fp, "G\t%s\n", t->flags[i]);
    for (i = 0; i < t->npairs; i++)
        fprintf(fp, "P\t%s\t%s\n", t->pairs[i].group, t->pairs[i].child);
}

/* Writes d's entries as its index: a temporary file renamed into place.
 * Failures are ignored (the old index stays, or none). */
static void dir_save(const struct spi_dir *d)
{
    size_t len = strlen(d->dir) + sizeof SPI_FILE + 16, i;
    char *tmp = xmalloc(len), *path = xmalloc(len);
    FILE *fp = NULL;
    int fd;

    snprintf(path, len, "%s/%s", d->dir, SPI_FILE);
    snprintf(tmp, len, "%s/%s.XXXXXX", d->dir, SPI_FILE);
    fd = mkstemp(tmp);
    if (fd < 0)
        goto out;
    fp = fdopen(fd, "wb");
    if (fp == NULL) {
        close(fd);
        unlink(tmp);
        goto out;
    }
    fputs(SPI_MAGIC "\n", fp);
    for (i = 0; i < d->n; i++)
        if (!d->v[i].dropped)
            entry_write(fp, &d->v[i]);
    for (i = 0; i < d->nadd; i++)
        entry_write(fp, &d->add[i]);
    if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0) {
        fclose(fp);
        unlink(tmp);
        goto out;
    }
    if (fclose(fp) != 0 || rename(tmp, path) != 0)
        unlink(tmp);
out:
    free(tmp);
    free(path);
}

/* The best of something (a record's copy, a component's name) or the first
 * file of something (a reference, a flag, a pair) seen so far. */
struct spi_best {
    int64_t a, b; /* updated_at; or rank and time */
    size_t file;
};

struct spi_table {
    struct strindex ix;
    struct spi_best *v;
    char **keys; /* owned (the index borrows them) */
    size_t n;
};

/* The best of key, added (with file, a, b) when new: *fresh says so. */
static struct spi_best *best_of(struct spi_table *t, const char *key,
                                size_t file, int64_t a, int64_t b, bool *fresh)
{
    size_t i = strindex_find(&t->ix, key);

    *fresh = i == SIZE_MAX;
    if (i != SIZE_MAX)
        return &t->v[i];
    t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
    t->keys = xreallocarray(t->keys, t->n + 1, sizeof *t->keys);
    t->keys[t->n] = xstrdup(key);
    t->v[t->n] = (struct spi_best){a, b, file};
    strindex_put(&t->ix, t->keys[t->n], t->n);
    return &t->v[t->n++];
}

static void table_keep(struct spi_table *t, struct spi_file *f)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        f[t->v[i].file].keep = true;
        free(t->keys[i]);
    }
    free(t->keys);
    free(t->v);
    strindex_free(&t->ix);
}

/* The events of file i (entry x) into the tables: tab[0] record copies,
 * tab[1] names, tab[2] references, tab[3] flags, tab[4] pairs. */
static void select_one(struct spi_table *tab, size_t i,
                       const struct spi_entry *x)
{
    const struct sp_trace *t = &x->tr;
    struct spi_best *b;
    bool fresh;
    size_t k;

    for (k = 0; k < t->nrecs; k++) {
        /* merge(): an equal or later updated_at replaces the copy */
        b = best_of(&tab[0], t->recs[k].id, i, t->recs[k].updated, 0, &fresh);
        if (!fresh && t->recs[k].updated >= b->a)
            *b = (struct spi_best){t->recs[k].updated, 0, i};
    }
    for (k = 0; k < t->nnames; k++) {
        /* observe_name(): a higher rank, or the same rank and an equal or
         * later time, replaces the name */
        const struct sp_name_ev *v = &t->names[k];
        b = best_of(&tab[1], v->id, i, v->rank, v->time, &fresh);
        if (!fresh && !(v->rank < b->a || (v->rank == b->a && v->time < b->b)))
            *b = (struct spi_best){v->rank, v->time, i};
    }
    for (k = 0; k < t->nrefs; k++)
        (void)best_of(&tab[2], t->refs[k], i, 0, 0, &fresh);
    for (k = 0; k < t->nflags; k++)
        (void)best_of(&tab[3], t->flags[k], i, 0, 0, &fresh);
    for (k = 0; k < t->npairs; k++) {
        size_t lg = strlen(t->pairs[k].group), lc = strlen(t->pairs[k].child);
        char *key = xmalloc(lg + lc + 2);
        memcpy(key, t->pairs[k].group, lg);
        key[lg] = '\t'; /* no id holds a tab (entry_plain) */
        memcpy(key + lg + 1, t->pairs[k].child, lc + 1);
        (void)best_of(&tab[4], key, i, 0, 0, &fresh);
        free(key);
    }
}

/* Sets keep on the files that must be parsed (see the file comment). */
static void spi_select(struct spi_file *f, size_t n)
{
    struct spi_table tab[5];
    size_t i, newest = SIZE_MAX;
    int64_t newest_time = INT64_MIN;

    memset(tab, 0, sizeof tab);
    for (i = 0; i < n; i++) {
        const struct spi_entry *x = f[i].entry;
        f[i].keep = x == NULL;
        if (x == NULL)
            continue;
        select_one(tab, i, x);
        /* note_window(): an equal or later page.updated_at replaces it */
        if (x->has_page &&
            (newest == SIZE_MAX || x->page_time >= newest_time)) {
            newest = i;
            newest_time = x->page_time;
        }
    }
    for (i = 0; i < 5; i++)
        table_keep(&tab[i], f);
    if (newest != SIZE_MAX)
        f[newest].keep = true;
}

/* The state of one indexed read. */
struct spi_read {
    struct spi_file *files;
    size_t nfiles;
    struct spi_dir *dirs;
    size_t ndirs;
    struct strindex *keys; /* per folder: "<sec>\t<name>" -> entry */
    char ***keystr;        /* per folder: those keys, owned */
};

static char *entry_key(enum sp_section sec, const char *name)
{
    size_t n = strlen(name) + 4;
    char *k = xmalloc(n);

    snprintf(k, n, "%d\t%s", (int)sec, name);
    return k;
}

/* The folder of path in r (loaded with its index when new). */
static size_t dir_get(struct spi_read *r, const char *path, const char **name)
{
    char *d = dir_of(path, name);
    size_t i;

    for (i = 0; i < r->ndirs; i++) {
        if (strcmp(r->dirs[i].dir, d) == 0) {
            free(d);
            return i;
        }
    }
    r->dirs = xreallocarray(r->dirs, r->ndirs + 1, sizeof *r->dirs);
    r->keys = xreallocarray(r->keys, r->ndirs + 1, sizeof *r->keys);
    r->keystr = xreallocarray(r->keystr, r->ndirs + 1, sizeof *r->keystr);
    memset(&r->dirs[i], 0, sizeof r->dirs[i]);
    r->dirs[i].dir = d;
    dir_load(&r->dirs[i]);
    strindex_init(&r->keys[i]);
    r->keystr[i] = xcalloc(r->dirs[i].n + 1, sizeof *r->keystr[i]);
    for (size_t k = 0; k < r->dirs[i].n; k++) {
        r->keystr[i][k] = entry_key(r->dirs[i].v[k].sec, r->dirs[i].v[k].name);
        strindex_put(&r->keys[i], r->keystr[i][k], k);
    }
    r->ndirs++;
    return i;
}

static void read_free(struct spi_read *r)
{
    size_t i, k;

    for (i = 0; i < r->nfiles; i++)
        free(r->files[i].path);
    free(r->files);
    for (i = 0; i < r->ndirs; i++) {
        for (k = 0; k < r->dirs[i].n; k++) {
            entry_free(&r->dirs[i].v[k]);
            free(r->keystr[i][k]);
        }
        for (k = 0; k < r->dirs[i].nadd; k++)
            entry_free(&r->dirs[i].add[k]);
        free(r->keystr[i]);
        free(r->dirs[i].add);
        free(r->dirs[i].v);
        free(r->dirs[i].dir);
        strindex_free(&r->keys[i]);
    }
    free(r->dirs);
    free(r->keys);
    free(r->keystr);
}

/* As sp_read_glob's: a folder that does not exist matches nothing; any
 * other error stops the listing (and the plain read words it). */
static int glob_error(const char *path, int err)
{
    (void)path;
    return err != ENOENT;
}

/* Lists the files of the globs in read order, hashed, with their entries.
 * Returns false when a glob matches nothing or fails, or a file is not a
 * regular file or cannot be read: the plain read then words the error. */
static bool list_files(struct spi_read *r, const char *const patterns[4])
{
    int s;

    for (s = 0; s < 4; s++) {
        glob_t g;
        size_t i;

        if (patterns[s] == NULL)
            continue;
        memset(&g, 0, sizeof g);
        if (glob(patterns[s], 0, glob_error, &g) != 0) {
            globfree(&g);
            return false;
        }
        for (i = 0; i < g.gl_pathc; i++) {
            struct spi_file *f;
            struct stat st;
            struct err e;
            const char *name;
            size_t k;

            if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) {
                globfree(&g);
                return false;
            }
            r->files = xreallocarray(r->files, r->nfiles + 1, sizeof *r->files);
            f = &r->files[r->nfiles++];
            memset(f, 0, sizeof *f);
            f->path = xstrdup(g.gl_pathv[i]);
            f->sec = (enum sp_section)s;
            if (sha_file(f->path, f->hex, &f->size, &e) != 0) {
                globfree(&g);
                return false;
            }
            f->dir = dir_get(r, f->path, &name);
            {
                char *key = entry_key(f->sec, name);
                k = strindex_find(&r->keys[f->dir], key);
                free(key);
            }
            f->stale = SIZE_MAX;
            if (k != SIZE_MAX && r->dirs[f->dir].v[k].size == f->size &&
                strcmp(r->dirs[f->dir].v[k].hex, f->hex) == 0)
                f->entry = &r->dirs[f->dir].v[k];
            else
                f->stale = k;
        }
        globfree(&g);
    }
    return true;
}

/* x as the index would save it; caller frees. */
static char *entry_text(const struct spi_entry *x)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);

    if (fp == NULL)
        return NULL;
    entry_write(fp, x);
    if (fclose(fp) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* True when entries a and b would be saved as the same text. */
static bool same_entry(const struct spi_entry *a, const struct spi_entry *b)
{
    char *ta = entry_text(a), *tb = entry_text(b);
    bool same = ta != NULL && tb != NULL && strcmp(ta, tb) == 0;

    free(ta);
    free(tb);
    return same;
}

/* Counts a snapshot whose entry did not say what parsing it did. */
static void note_mismatch(struct sp_data *d, const char *path)
{
    if (d->index_mismatches++ == 0)
        snprintf(d->first_mismatch, sizeof d->first_mismatch, "%s", path);
}

/* The entry of file f, whose parse did what tr holds (taken). */
static void make_entry(struct spi_entry *x, const struct sp_loader *l,
                       const struct spi_file *f, struct sp_trace *tr)
{
    const char *name;
    char *dir;

    memset(x, 0, sizeof *x);
    dir = dir_of(f->path, &name);
    x->name = xstrdup(name);
    free(dir);
    x->sec = f->sec;
    memcpy(x->hex, f->hex, sizeof x->hex);
    x->size = f->size;
    x->has_page = f->sec == SEC_INCIDENTS && l->page_time != INT64_MIN;
    x->page_time = x->has_page ? l->page_time : 0;
    x->tr = *tr;
    memset(tr, 0, sizeof *tr);
}

/* Parses file f; when it has no entry yet, records one in its folder
 * (unless it had unknown fields or statuses: those files are always
 * parsed). With l->verify_index, a file with an entry is traced too and
 * its entry compared with what the parse did: an entry that says
 * otherwise is counted and replaced. Returns 0, or -1 with l->e set. */
static int parse_one(struct sp_loader *l, struct spi_read *r,
                     struct spi_file *f, struct sha_list *inputs)
{
    struct sp_trace tr;
    uint64_t unknowns = l->d->unknown_fields + l->d->unknown_statuses;
    struct spi_dir *d = &r->dirs[f->dir];
    struct spi_entry x;
    bool traced = f->entry == NULL || l->verify_index, indexable;
    int rc;

    char hex[65] = "";

    memset(&tr, 0, sizeof tr);
    l->trace = traced ? &tr : NULL;
    rc = sp_read_file(l, f->path, f->sec, inputs, hex);
    l->trace = NULL;
    /* no entry for a file that changed since it was hashed */
    if (rc != 0 || !traced || strcmp(hex, f->hex) != 0) {
        sp_trace_free(&tr);
        return rc;
    }
    make_entry(&x, l, f, &tr);
    indexable = l->d->unknown_fields + l->d->unknown_statuses == unknowns &&
                entry_plain(&x);
    if (f->entry != NULL) {
        if (indexable && same_entry(f->entry, &x)) {
            entry_free(&x);
            return 0;
        }
        note_mismatch(l->d, f->path);
        f->entry->dropped = true;
        d->changed = true;
    }
    if (!indexable) {
        entry_free(&x);
        return 0;
    }
    /* The entry of the file's older content is not saved again. */
    if (f->stale != SIZE_MAX)
        d->v[f->stale].dropped = true;
    d->add = xreallocarray(d->add, d->nadd + 1, sizeof *d->add);
    d->add[d->nadd++] = x;
    return 0;
}

static int read_plain(struct sp_loader *l, const char *const patterns[4],
                      struct sha_list *inputs)
{
    int s;

    for (s = 0; s < 4; s++)
        if (sp_read_glob(l, patterns[s], (enum sp_section)s, inputs) != 0)
            return -1;
    return 0;
}

int sp_read_indexed(struct sp_loader *l, const char *const patterns[4],
                    struct sha_list *inputs)
{
    struct spi_read r;
    size_t i;
    int rc = -1;

    memset(&r, 0, sizeof r);
    if (!list_files(&r, patterns)) {
        read_free(&r);
        return read_plain(l, patterns, inputs);
    }
    spi_select(r.files, r.nfiles);
    for (i = 0; l->verify_index && i < r.nfiles; i++)
        r.files[i].keep = true;
    for (i = 0; i < r.nfiles; i++) {
        struct spi_file *f = &r.files[i];
        if (f->keep) {
            if (parse_one(l, &r, f, inputs) != 0)
                goto out;
            l->d->parsed++;
        } else {
            if (inputs != NULL)
                sha_list_add(inputs, f->path, f->hex, f->size);
            l->d->snapshots++;
        }
    }
    for (i = 0; i < r.ndirs; i++)
        if (r.dirs[i].nadd != 0 || r.dirs[i].changed)
            dir_save(&r.dirs[i]);
    rc = 0;
out:
    read_free(&r);
    return rc;
}
