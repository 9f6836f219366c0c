/* roster: reading and validating the subscription roster (see roster.h). */
#include "read/roster.h"

#include "engine/hours.h"
#include "engine/policy.h"
#include "engine/res.h"
#include "lib/arena.h"
#include "lib/csvin.h"
#include "lib/ident.h"
#include "lib/money.h"
#include "lib/tz.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of one block of the roster's strings. */
#define STRING_BLOCK 65536
/* Slots of the classes' hash table at first (a power of two). */
#define CLASS_SLOTS 64

enum col {
    C_ID,
    C_CUSTOMER,
    C_PLAN,
    C_POLICY,
    C_FEE,
    C_CURRENCY,
    C_BILLING,
    C_PAYMENT,
    C_STARTS,
    C_ENDS,
    C_RESOURCES,
    C_STRIPE,
    C_KILLBILL,
    C_CHARGEBEE,
    C_LAGO,
    C_ZONE,
    NCOLS
};

static const char *const col_names[NCOLS] = {
    "subscription_id",  "customer_id",        "plan",
    "policy",           "monthly_fee",        "currency",
    "billing",          "payment_method",     "starts_at",
    "ends_at",          "resources",          "stripe_customer",
    "killbill_account", "chargebee_customer", "lago_wallet_id",
    "time_zone",
};

/* Row zones are resolved from 1970 to 2100, as a policy's
 * service_time_zone is: every month a run can name. */
#define ROSTER_TZ_FROM 0
#define ROSTER_TZ_TO   INT64_C(4102444800)

struct loader {
    const struct config *c;
    struct roster *r;
    long col[NCOLS]; /* field index of each column; -1 if absent */
    size_t ncols;    /* fields in the header */
    size_t cap;
    /* The distinct classes so far (open addressing on class_hash(), at
     * most half full): rows share one record per combination. */
    struct sub_class **classes;
    size_t nclasses, class_cap;
};

static int header(struct loader *l, const struct csvrec *rec, struct err *e)
{
    size_t i;

    for (i = 0; i < NCOLS; i++) {
        l->col[i] = csvin_column(rec->f, rec->n, col_names[i], e);
        if (l->col[i] == -2)
            return -1;
        if (l->col[i] < 0 && i < C_STRIPE) {
            err_set(e, RC_DATA, NULL, 0, "missing column in header: %s",
                    col_names[i]);
            return -1;
        }
    }
    l->ncols = rec->n;
    return 0;
}

/* Room for n bytes aligned for a pointer in r's blocks. */
static void *pack(struct roster *r, size_t n)
{
    return arena_alloc(&r->strings, n, sizeof(void *));
}

/* A copy of the n bytes of s and a NUL, in r's blocks. */
static char *keep(struct roster *r, const char *s, size_t n)
{
    return arena_strndup(&r->strings, s, n);
}

static char *keep_str(struct roster *r, const char *s)
{
    return keep(r, s, strlen(s));
}

/* FNV-1a of the n bytes at p, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t class_hash(const struct sub_class *k)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    h = fnv(h, k->plan, strlen(k->plan) + 1);
    h = fnv(h, k->payment_method, strlen(k->payment_method) + 1);
    h = fnv(h, &k->policy, sizeof k->policy);
    h = fnv(h, k->currency, sizeof k->currency);
    return fnv(h, &k->billing, sizeof k->billing);
}

static bool class_same(const struct sub_class *a, const struct sub_class *b)
{
    return a->policy == b->policy && a->billing == b->billing &&
           memcmp(a->currency, b->currency, sizeof a->currency) == 0 &&
           strcmp(a->plan, b->plan) == 0 &&
           strcmp(a->payment_method, b->payment_method) == 0;
}

/* Puts c in the table's first free slot from its hash on. */
static void class_put(struct sub_class **slots, size_t cap, struct sub_class *c)
{
    size_t i = (size_t)class_hash(c) & (cap - 1);

    while (slots[i] != NULL)
        i = (i + 1) & (cap - 1);
    slots[i] = c;
}

/* The table twice as large, the classes moved over. */
static void class_grow(struct loader *l)
{
    size_t i, cap = l->class_cap != 0 ? l->class_cap * 2 : CLASS_SLOTS;
    struct sub_class **slots = xcalloc(cap, sizeof *slots);

    for (i = 0; i < l->class_cap; i++) {
        if (l->classes[i] != NULL)
            class_put(slots, cap, l->classes[i]);
    }
    free(l->classes);
    l->classes = slots;
    l->class_cap = cap;
}

/* The roster's record equal to k (whose strings are the row's), made in
 * r's blocks the first time. */
static const struct sub_class *class_of(struct loader *l,
                                        const struct sub_class *k)
{
    struct sub_class *c;
    size_t i;

    if (2 * (l->nclasses + 1) > l->class_cap)
        class_grow(l);
    for (i = (size_t)class_hash(k) & (l->class_cap - 1); l->classes[i] != NULL;
         i = (i + 1) & (l->class_cap - 1)) {
        if (class_same(l->classes[i], k))
            return l->classes[i];
    }
    c = pack(l->r, sizeof *c);
    *c = *k;
    c->plan = keep_str(l->r, k->plan);
    c->payment_method = keep_str(l->r, k->payment_method);
    l->classes[i] = c;
    l->nclasses++;
    return c;
}

/* The row's extra fields, made empty in r's blocks the first time. */
static struct sub_extra *extra(struct roster *r, struct sub *s)
{
    if (s->extra == NULL) {
        s->extra = pack(r, sizeof *s->extra);
        memset(s->extra, 0, sizeof *s->extra);
    }
    return s->extra;
}

static int split_resources(struct roster *r, struct sub *s, const char *v,
                           struct err *e)
{
    const char *p = v;
    uint32_t *list;
    size_t n = 1;

    for (p = v; *p != '\0'; p++)
        n += *p == ';';
    if (n > SUB_RESOURCES_MAX) {
        err_set(e, RC_DATA, NULL, 0,
                "resources: more than %d keys in one row: %zu",
                SUB_RESOURCES_MAX, n);
        return -1;
    }
    list = arena_alloc(&r->strings, n * sizeof *list, sizeof *list);
    s->resources = list;
    p = v;
    while (*p != '\0') {
        size_t len = strcspn(p, ";");
        const char *q = p, *end = p + len;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        while (end > q && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end == q) {
            err_set(e, RC_DATA, NULL, 0, "resources: empty key in list: %s", v);
            return -1;
        }
        list[s->nresources++] =
            resmap_addn(r->map, q, (size_t)(end - q))->index;
        p += len;
        if (*p == ';')
            p++;
    }
    return 0;
}

/* A row's class (plan, payment method, policy, currency, billing) and fee.
 * Returns 0, or -1 with e set. */
static int set_money(struct loader *l, struct sub *s, const char **f,
                     struct err *e)
{
    struct sub_class k;
    const char *why;

    memset(&k, 0, sizeof k);
    k.plan = f[C_PLAN];
    k.payment_method = f[C_PAYMENT];
    k.policy = config_policy(l->c, f[C_POLICY]);
    if (k.policy == NULL) {
        err_set(e, RC_DATA, NULL, 0, "policy: no [policy \"%s\"] in %s: %s",
                f[C_POLICY], l->c->path, f[C_POLICY]);
        return -1;
    }
    k.exponent = (int8_t)money_exponent(f[C_CURRENCY]); /* -1 to 4 */
    if (k.exponent < 0) {
        err_set(e, RC_DATA, NULL, 0, "currency: not an ISO 4217 code: %s",
                f[C_CURRENCY]);
        return -1;
    }
    memcpy(k.currency, f[C_CURRENCY], 4);
    why = money_parse(f[C_FEE], k.exponent, &s->fee);
    if (why == NULL && s->fee < 0)
        why = "negative";
    if (why != NULL) {
        err_set(e, RC_DATA, NULL, 0, "monthly_fee: %s (%s has %d decimals): %s",
                why, k.currency, k.exponent, f[C_FEE]);
        return -1;
    }
    if (strcmp(f[C_BILLING], "subscription") == 0) {
        k.billing = BILLING_SUBSCRIPTION;
    } else if (strcmp(f[C_BILLING], "one_time") == 0) {
        k.billing = BILLING_ONE_TIME;
    } else {
        err_set(e, RC_DATA, NULL, 0,
                "billing: want subscription or one_time: %s", f[C_BILLING]);
        return -1;
    }
    s->cls = class_of(l, &k);
    return 0;
}

/* A row's starts_at and ends_at. Returns 0, or -1 with e set. */
static int set_dates(struct sub *s, const char **f, struct err *e)
{
    const char *why;

    why = when_parse_iso(f[C_STARTS], strlen(f[C_STARTS]), NULL, &s->starts_at);
    if (why != NULL) {
        err_set(e, RC_DATA, NULL, 0, "starts_at: %s: %s", why, f[C_STARTS]);
        return -1;
    }
    s->ends_at = INT64_MAX;
    if (f[C_ENDS][0] != '\0') {
        why = when_parse_iso(f[C_ENDS], strlen(f[C_ENDS]), NULL, &s->ends_at);
        if (why != NULL) {
            err_set(e, RC_DATA, NULL, 0, "ends_at: %s: %s", why, f[C_ENDS]);
            return -1;
        }
        if (s->ends_at < s->starts_at) {
            err_set(e, RC_DATA, NULL, 0, "ends_at: before starts_at %s: %s",
                    f[C_STARTS], f[C_ENDS]);
            return -1;
        }
        s->has_end = true;
    } else if (sub_billing(s) == BILLING_ONE_TIME) {
        err_set(e, RC_DATA, NULL, 0,
                "ends_at: required for one_time billing (the plan's expiry)");
        return -1;
    }
    return 0;
}

/* The zone named v, opened on its first use and shared by every row that
 * names it (r->zones is sorted by name). Returns NULL with e set (RC_DATA)
 * for an unknown zone or a bad name. */
static const struct tz *row_zone(struct roster *r, const char *v, struct err *e)
{
    size_t lo = 0, hi = r->nzones;
    struct tz *z;
    char msg[sizeof e->msg];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(tz_name(r->zones[mid]), v);
        if (c == 0)
            return r->zones[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    z = tz_open(v, ROSTER_TZ_FROM, ROSTER_TZ_TO, NULL, e);
    if (z == NULL) {
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, RC_DATA, NULL, 0, "time_zone: %.480s", msg);
        return NULL;
    }
    r->zones = xreallocarray(r->zones, r->nzones + 1, sizeof *r->zones);
    memmove(r->zones + lo + 1, r->zones + lo,
            (r->nzones - lo) * sizeof *r->zones);
    r->zones[lo] = z;
    r->nzones++;
    return z;
}

/* The policy, p itself or one of its members under either, whose service
 * hours have no service_time_zone, so that its rows must give time_zone;
 * NULL when there is none. */
static const struct policy *zoneless_hours(const struct policy *p)
{
    size_t i;

    if (p->hours.set && p->hours.tz == NULL)
        return p;
    for (i = 0; i < p->neither && i < POLICY_EITHER_MAX; i++) {
        const struct policy *m = p->members[i];
        if (m != NULL && m->hours.set && m->hours.tz == NULL)
            return m;
    }
    return NULL;
}

/* A row's time_zone: opened (once per name) when given; required when its
 * policy's service hours have no zone of their own. */
static int set_zone(struct roster *r, struct sub *s, const char *v,
                    struct err *e)
{
    const struct policy *p;

    if (v[0] != '\0') {
        const struct tz *tz = row_zone(r, v, e);
        if (tz == NULL)
            return -1;
        extra(r, s)->tz = tz;
        return 0;
    }
    p = zoneless_hours(sub_policy(s));
    if (p != NULL) {
        err_set(e, RC_DATA, NULL, 0,
                "time_zone: required, as [policy \"%s\"] has "
                "service_hours without service_time_zone",
                p->name);
        return -1;
    }
    return 0;
}

/* csvin's callback: the header row, then one subscription a row. */
static int read_subscription_row(void *ctx, const struct csvrec *rec,
                                 struct err *e)
{
    struct loader *l = ctx;
    struct roster *r = l->r;
    struct sub *s;
    const char *f[NCOLS];
    const char *why;
    char shown[IDENT_MAX * 4 + 8];
    size_t i;

    if (rec->index == 0)
        return header(l, rec, e);
    if (rec->n != l->ncols) {
        err_set(e, RC_DATA, NULL, 0, "want %zu fields like the header, got %zu",
                l->ncols, rec->n);
        return -1;
    }
    for (i = 0; i < NCOLS; i++)
        f[i] = l->col[i] >= 0 ? rec->f[l->col[i]] : "";
    if (f[C_ID][0] == '\0') {
        err_set(e, RC_DATA, NULL, 0, "subscription_id: empty");
        return -1;
    }
    if ((why = ident_check(f[C_ID])) != NULL) {
        ident_printable(f[C_ID], shown, sizeof shown);
        err_set(e, RC_DATA, NULL, 0, "subscription_id: %s%s%s", why,
                shown[0] != '\0' ? ": " : "", shown);
        return -1;
    }
    if (rec->line > (long)UINT32_MAX) {
        err_set(e, RC_DATA, NULL, 0, "more than %lu lines",
                (unsigned long)UINT32_MAX);
        return -1;
    }
    if (r->n == l->cap) {
        l->cap = l->cap != 0 ? l->cap * 2 : 64;
        r->subs = xreallocarray(r->subs, l->cap, sizeof *r->subs);
    }
    s = &r->subs[r->n++];
    memset(s, 0, sizeof *s);
    s->line = (uint32_t)rec->line;
    s->id = keep_str(r, f[C_ID]);
    s->customer = keep_str(r, f[C_CUSTOMER]);
    if (f[C_STRIPE][0] != '\0')
        extra(r, s)->stripe_customer = keep_str(r, f[C_STRIPE]);
    if (f[C_KILLBILL][0] != '\0')
        extra(r, s)->killbill_account = keep_str(r, f[C_KILLBILL]);
    if (f[C_CHARGEBEE][0] != '\0')
        extra(r, s)->chargebee_customer = keep_str(r, f[C_CHARGEBEE]);
    if (f[C_LAGO][0] != '\0')
        extra(r, s)->lago_wallet = keep_str(r, f[C_LAGO]);
    if ((why = ident_check(f[C_CUSTOMER])) != NULL) {
        ident_printable(f[C_CUSTOMER], shown, sizeof shown);
        err_set(e, RC_DATA, NULL, 0, "customer_id: %s%s%s", why,
                shown[0] != '\0' ? ": " : "", shown);
        return -1;
    }
    if (set_money(l, s, f, e) != 0 || set_dates(s, f, e) != 0 ||
        set_zone(r, s, f[C_ZONE], e) != 0)
        return -1;
    return split_resources(r, s, f[C_RESOURCES], e);
}

static int cmp_id(const void *a, const void *b)
{
    const struct sub *const *x = a, *const *y = b;
    int c = strcmp((*x)->id, (*y)->id);

    return c != 0 ? c : ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

/* Sorts the subscriptions by id and refuses duplicates, naming the later
 * line. */
static int index_ids(struct roster *r, struct err *e)
{
    size_t i;
    struct sub **v = xcalloc(r->n + 1, sizeof *v);
    int rc = 0;

    for (i = 0; i < r->n; i++)
        v[i] = &r->subs[i];
    qsort(v, r->n, sizeof *v, cmp_id);
    for (i = 1; i < r->n && rc == 0; i++) {
        if (strcmp(v[i]->id, v[i - 1]->id) == 0) {
            err_set(e, RC_DATA, r->path, v[i]->line,
                    "subscription_id: duplicate (first on line %ld): %s",
                    (long)v[i - 1]->line, v[i]->id);
            rc = -1;
        }
    }
    /* Kept as indexes: half the size of the pointers sorted. */
    r->by_id = xcalloc(r->n + 1, sizeof *r->by_id);
    for (i = 0; i < r->n; i++)
        r->by_id[i] = (uint32_t)(v[i] - r->subs);
    free(v);
    return rc;
}

const struct sub *roster_find(const struct roster *r, const char *id)
{
    size_t lo = 0, hi = r->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct sub *s = &r->subs[r->by_id[mid]];
        int c = strcmp(s->id, id);
        if (c == 0)
            return s;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

struct roster *roster_load(const char *path, const struct config *c,
                           struct err *e)
{
    return roster_load_map(path, c, NULL, e);
}

struct roster *roster_load_map(const char *path, const struct config *c,
                               struct resmap *map, struct err *e)
{
    struct loader l;
    struct csvin *in;
    int rc;

    memset(&l, 0, sizeof l);
    l.c = c;
    l.r = xcalloc(1, sizeof *l.r);
    l.r->map = map != NULL ? map : resmap_new();
    l.r->owns_map = map == NULL;
    l.r->strings.block = STRING_BLOCK;
    l.r->path = xstrdup(path);
    in = csvin_open(path, NULL, e);
    if (in == NULL) {
        roster_free(l.r);
        return NULL;
    }
    rc = csvin_each(in, read_subscription_row, &l, e);
    if (rc == 0 && l.ncols == 0) {
        err_set(e, RC_DATA, path, 1, "empty roster: no header row");
        rc = -1;
    }
    csvin_close(in);
    free(l.classes);
    if (rc == 0 && l.r->n > 0 && l.r->n < l.cap) /* the doubling's spare */
        l.r->subs = xreallocarray(l.r->subs, l.r->n, sizeof *l.r->subs);
    if (rc == 0)
        rc = index_ids(l.r, e);
    if (rc != 0) {
        roster_free(l.r);
        return NULL;
    }
    return l.r;
}

void roster_free(struct roster *r)
{
    size_t i;

    if (r == NULL)
        return;
    arena_free(&r->strings);
    if (r->owns_map)
        resmap_free(r->map);
    for (i = 0; i < r->nzones; i++)
        tz_free(r->zones[i]);
    free(r->zones);
    free(r->subs);
    free(r->by_id);
    free(r->path);
    free(r);
}
