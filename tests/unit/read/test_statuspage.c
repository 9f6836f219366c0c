/* Unit tests for statuspage: Statuspage API v2 snapshots in
 * tests/data/statuspage/ (small hand-written feeds, one per rule, plus two
 * real public captures described in the README there) turned into windows.
 * Expected instants are worked out by hand from day counts and written as
 * literals: 2026-01-01 is 1767225600 s (see test_when.c). Tests run from the
 * repository root, as `make check-unit` does. */
#include "read/statuspage.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/sha.h"
#include "read/config.h"
#include "testutil.h"

#define DATA "tests/data/statuspage/"

/* 2026-09-01T00:00:00Z: 2026-01-01 plus 243 days (31+28+31+30+31+30+31+31). */
#define SEP1 INT64_C(1788220800)
/* 2026-10-01T00:00:00Z: September has 30 days. */
#define OCT1 (SEP1 + 30 * 86400)
/* An instant in September 2026. */
#define T(d, h, m, s)                                                          \
    (SEP1 + ((int64_t)(d)-1) * 86400 + (int64_t)(h)*3600 + (int64_t)(m)*60 +   \
     (int64_t)(s))

/* 2024-09-16T00:00:00Z: 2026-01-01 minus 731 days (2024 is a leap year)
 * gives 2024-01-01 = 1704067200, plus 244 days (Jan..Aug with a 29-day
 * February) gives 2024-09-01, plus 15 days. */
#define GH_SEP1 INT64_C(1725148800)
#define GH_OCT1 (GH_SEP1 + 30 * 86400)
#define GH(h, m, s)                                                            \
    (GH_SEP1 + 15 * 86400 + (int64_t)(h)*3600 + (int64_t)(m)*60 + (int64_t)(s))

/* 2020-02-01T00:00:00Z: 2026-01-01 minus 2192 days (2020..2025, two leap
 * years) gives 1577836800, plus 31 days. February 2020 has 29 days. */
#define HB_FEB1 INT64_C(1580515200)
#define HB_MAR1 (HB_FEB1 + 29 * 86400)
#define HB(d, h, m, s)                                                         \
    (HB_FEB1 + ((int64_t)(d)-1) * 86400 + (int64_t)(h)*3600 +                  \
     (int64_t)(m)*60 + (int64_t)(s))

static char s_major[] = "major_outage";
static char s_partial[] = "partial_outage";
static char i_major[] = "major";
static char i_critical[] = "critical";

/* A [statuspage] section as config_load would leave it. */
struct tcfg {
    struct statuspage sp;
    char name[32];
    char inc[256], maint[256], summ[256], comp[256];
    char *down[2];
    char *imp[2];
    char wname[4][32];
    struct status_weight w[4];
};

static void tcfg_init(struct tcfg *c, const char *name, bool key_by_id)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->sp.name = c->name;
    c->down[0] = s_major;
    c->down[1] = s_partial;
    c->sp.down_statuses = c->down;
    c->sp.ndown_statuses = 2;
    c->imp[0] = i_major;
    c->imp[1] = i_critical;
    c->sp.down_impacts = c->imp;
    c->sp.ndown_impacts = 2;
    c->sp.key_by_id = key_by_id;
}

/* Sets one glob; which: 'i' incidents, 'm' maintenances, 's' summaries,
 * 'c' components. */
static void tcfg_glob(struct tcfg *c, char which, const char *glob)
{
    char *dst = which == 'i'   ? c->inc
                : which == 'm' ? c->maint
                : which == 's' ? c->summ
                               : c->comp;

    snprintf(dst, 256, "%s%s", DATA, glob);
    if (which == 'i')
        c->sp.incidents = dst;
    else if (which == 'm')
        c->sp.maintenances = dst;
    else if (which == 's')
        c->sp.summaries = dst;
    else
        c->sp.components = dst;
}

/* Adds weight.<status> = milli / 1000. */
static void tcfg_weight(struct tcfg *c, const char *status, int32_t milli)
{
    size_t i = c->sp.nweights;

    snprintf(c->wname[i], sizeof c->wname[i], "%s", status);
    c->w[i].status = c->wname[i];
    c->w[i].milli = milli;
    c->sp.weights = c->w;
    c->sp.nweights = i + 1;
}

/* Loads September 2026 and fails the test on error. */
static bool load_sep(const struct tcfg *c, struct sp_data *d)
{
    struct err e;
    int rc;

    memset(&e, 0, sizeof e);
    rc = statuspage_load(&c->sp, SEP1, OCT1, d, NULL, &e);
    if (rc != 0)
        fprintf(stderr, "\n  load failed: %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_EQUAL(rc, 0);
    return rc == 0;
}

struct wexp {
    int64_t start, end;   /* epoch s */
    int32_t weight;       /* 0..1000 */
    const char *incident; /* incident id */
    bool ongoing;
};

/* Checks that got[0..n) is exactly want[0..nwant), in order. */
static void check_windows(const struct sp_data *d, const struct sp_window *got,
                          size_t n, const struct wexp *want, size_t nwant,
                          const char *what)
{
    size_t i;

    if (n != nwant)
        fprintf(stderr, "\n  %s: %zu windows, want %zu\n", what, n, nwant);
    CU_ASSERT_EQUAL(n, nwant);
    for (i = 0; i < n && i < nwant; i++) {
        const char *id = got[i].incident < d->nincidents
                             ? d->incidents[got[i].incident].id
                             : "(bad index)";
        bool ok = got[i].start == want[i].start && got[i].end == want[i].end &&
                  got[i].weight == want[i].weight &&
                  strcmp(id, want[i].incident) == 0 &&
                  got[i].ongoing == want[i].ongoing;

        if (!ok)
            fprintf(stderr,
                    "\n  %s[%zu]: got [%lld, %lld) w%d %s%s, want [%lld, "
                    "%lld) w%d %s%s\n",
                    what, i, (long long)got[i].start, (long long)got[i].end,
                    (int)got[i].weight, id, got[i].ongoing ? " ongoing" : "",
                    (long long)want[i].start, (long long)want[i].end,
                    (int)want[i].weight, want[i].incident,
                    want[i].ongoing ? " ongoing" : "");
        CU_ASSERT_TRUE(ok);
    }
}

#define NW(a) (sizeof(a) / sizeof((a)[0]))

/* The component with key, failing the test when it is missing. */
static const struct sp_component *comp(const struct sp_data *d, const char *key)
{
    const struct sp_component *c = sp_component_find(d, key);

    if (c == NULL)
        fprintf(stderr, "\n  no component %s\n", key);
    CU_ASSERT_PTR_NOT_NULL(c);
    return c;
}

static const struct sp_incident *incident(const struct sp_data *d,
                                          const char *id)
{
    size_t i;

    for (i = 0; i < d->nincidents; i++) {
        if (strcmp(d->incidents[i].id, id) == 0)
            return &d->incidents[i];
    }
    fprintf(stderr, "\n  no incident %s\n", id);
    CU_FAIL("incident missing");
    return NULL;
}

/* major 09:30Z, then partial 10:00Z (given as 04:00:00.123-06:00), a
 * text-only partial -> partial at 10:30, degraded 11:00Z (given as
 * 13:00+02:00), operational 12:00. With weight.partial_outage = 0.3 and
 * degraded_performance not a down status: 30 min at 1000, 60 min at 300. */
static void transitions_follow_weights_partial_degraded_operational(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    const struct sp_incident *w1;
    static const struct wexp want[] = {
        {T(10, 9, 30, 0), T(10, 10, 0, 0), 1000, "w1", false},
        {T(10, 10, 0, 0), T(10, 11, 0, 0), 300, "w1", false},
    };
    static const struct wexp inc[] = {
        {T(10, 9, 30, 0), T(10, 13, 0, 0), 1000, "w1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "weights-incidents.json");
    tcfg_weight(&c, "partial_outage", 300);
    if (!load_sep(&c, &d))
        return;
    api = comp(&d, "public:API");
    if (api != NULL) {
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
        check_windows(&d, api->incident_windows, api->nincident_windows, inc,
                      NW(inc), "incident");
        CU_ASSERT_EQUAL(api->nmaint, 0);
        ASSERT_STR(api->id, "c1");
    }
    /* started_at 03:30:00.500-06:00 and resolved_at 13:00:00.999Z lose
     * their fractions. */
    w1 = incident(&d, "w1");
    if (w1 != NULL) {
        CU_ASSERT_EQUAL(w1->started_at, T(10, 9, 30, 0));
        CU_ASSERT_EQUAL(w1->resolved_at, T(10, 13, 0, 0));
        CU_ASSERT_EQUAL(w1->updated_at, T(10, 13, 0, 1));
        ASSERT_STR(w1->impact, "major");
        ASSERT_STR(w1->status, "resolved");
        CU_ASSERT_FALSE(w1->maintenance);
    }
    CU_ASSERT_EQUAL(d.unknown_fields, 0);
    CU_ASSERT_EQUAL(d.unknown_statuses, 0);
    CU_ASSERT_EQUAL(d.snapshots, 1);
    statuspage_free(&d);
}

/* The same feed with weight.degraded_performance = 0.1 adds 11:00-12:00 at
 * 100, and with default weights partial and major merge into one window. */
static void weights_split_and_merge_windows(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp weighted[] = {
        {T(10, 9, 30, 0), T(10, 10, 0, 0), 1000, "w1", false},
        {T(10, 10, 0, 0), T(10, 11, 0, 0), 300, "w1", false},
        {T(10, 11, 0, 0), T(10, 12, 0, 0), 100, "w1", false},
    };
    static const struct wexp plain[] = {
        {T(10, 9, 30, 0), T(10, 11, 0, 0), 1000, "w1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "weights-incidents.json");
    tcfg_weight(&c, "partial_outage", 300);
    tcfg_weight(&c, "degraded_performance", 100);
    if (load_sep(&c, &d)) {
        api = comp(&d, "public:API");
        if (api != NULL)
            check_windows(&d, api->down, api->ndown, weighted, NW(weighted),
                          "weighted");
        statuspage_free(&d);
    }
    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "weights-incidents.json");
    if (load_sep(&c, &d)) {
        api = comp(&d, "public:API");
        if (api != NULL)
            check_windows(&d, api->down, api->ndown, plain, NW(plain), "plain");
        statuspage_free(&d);
    }
}

/* Down 2026-09-30T22:00Z, up at resolved_at 2026-10-01T02:30:00.400+02:00
 * = 00:30Z: the window is reported whole, past the month's end, and is not
 * ongoing (the incident is resolved). */
static void incident_spanning_month_boundary_is_kept_whole(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp want[] = {
        {T(30, 22, 0, 0), OCT1 + 30 * 60, 1000, "b1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "boundary-incidents.json");
    if (!load_sep(&c, &d))
        return;
    api = comp(&d, "public:API");
    if (api != NULL) {
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
        check_windows(&d, api->incident_windows, api->nincident_windows, want,
                      NW(want), "incident");
    }
    statuspage_free(&d);
}

/* Update uA was posted at 12:00 but displayed at 10:30; by display_at the
 * order is down 10:00, up 10:30, partial 11:00 until resolved 12:00. */
static void backdated_display_at_orders_updates(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp want[] = {
        {T(8, 10, 0, 0), T(8, 10, 30, 0), 1000, "d1", false},
        {T(8, 11, 0, 0), T(8, 12, 0, 0), 1000, "d1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "backdated-incidents.json");
    if (!load_sep(&c, &d))
        return;
    api = comp(&d, "public:API");
    if (api != NULL)
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
    statuspage_free(&d);
}

/* Web: X (down) and Y (up) share display_at 09:00; X was created first
 * though the feed lists it first, so X then Y: no downtime. CDN: P and Q
 * share both times; the feed lists P first, so it is the newer and Q
 * (down) comes before P (up): no downtime either. Either other order would
 * leave the component down until 12:00. */
static void equal_display_at_orders_by_created_at_then_feed_age(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *web, *cdn;

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "backdated-incidents.json");
    if (!load_sep(&c, &d))
        return;
    web = comp(&d, "public:Web");
    cdn = comp(&d, "public:CDN");
    if (web != NULL)
        check_windows(&d, web->down, web->ndown, NULL, 0, "web");
    if (cdn != NULL)
        check_windows(&d, cdn->down, cdn->ndown, NULL, 0, "cdn");
    statuspage_free(&d);
}

/* u1 went down 2026-09-29T10:00Z and has no resolved_at: its windows stop
 * at the month's end and are ongoing; the incident reads unresolved. */
static void unresolved_incident_is_clipped_and_ongoing(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    const struct sp_incident *u1;
    static const struct wexp want[] = {
        {T(29, 10, 0, 0), OCT1, 1000, "u1", true},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "unresolved-incidents.json");
    if (!load_sep(&c, &d))
        return;
    api = comp(&d, "public:API");
    if (api != NULL) {
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
        check_windows(&d, api->incident_windows, api->nincident_windows, want,
                      NW(want), "incident");
    }
    u1 = incident(&d, "u1");
    if (u1 != NULL)
        CU_ASSERT_EQUAL(u1->resolved_at, INT64_MAX);
    statuspage_free(&d);

    /* Read for August instead, the same incident is clipped at 09-01 and
     * so has no window at all. */
    {
        struct err e;

        memset(&e, 0, sizeof e);
        CU_ASSERT_EQUAL(
            statuspage_load(&c.sp, SEP1 - 31 * 86400, SEP1, &d, NULL, &e), 0);
        api = comp(&d, "public:API");
        if (api != NULL)
            CU_ASSERT_EQUAL(api->ndown, 0);
        statuspage_free(&d);
    }
}

/* u2 says resolved but gives no resolved_at: it ends at its resolved
 * update (09:00), not at the month's end. */
static void resolved_incident_without_resolved_at_ends_at_resolved_update(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *web;
    const struct sp_incident *u2;
    static const struct wexp want[] = {
        {T(28, 8, 0, 0), T(28, 9, 0, 0), 1000, "u2", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "unresolved-incidents.json");
    if (!load_sep(&c, &d))
        return;
    web = comp(&d, "public:Web");
    if (web != NULL)
        check_windows(&d, web->down, web->ndown, want, NW(want), "down");
    u2 = incident(&d, "u2");
    if (u2 != NULL)
        CU_ASSERT_EQUAL(u2->resolved_at, T(28, 9, 0, 0));
    statuspage_free(&d);
}

/* s1 was opened at 09:00 with the component already at major_outage (the
 * first transition's old_status) and its start backdated to 08:00: major
 * from the start to 09:00, then partial (0.3) until 10:00. */
static void first_old_status_holds_from_incident_start(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp want[] = {
        {T(17, 8, 0, 0), T(17, 9, 0, 0), 1000, "s1", false},
        {T(17, 9, 0, 0), T(17, 10, 0, 0), 300, "s1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "initial-incidents.json");
    tcfg_weight(&c, "partial_outage", 300);
    if (!load_sep(&c, &d))
        return;
    if ((api = comp(&d, "public:API")) != NULL)
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
    statuspage_free(&d);
}

/* c1 is "API" in rename-b (updated 09-01) and in the incident, "Public API"
 * in rename-a (updated 09-20, but read first). key = id: one key. */
static void rename_key_by_id_keeps_one_key(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    static const struct wexp want[] = {
        {T(5, 10, 0, 0), T(5, 11, 0, 0), 1000, "r1", false},
    };

    tcfg_init(&c, "public", true);
    tcfg_glob(&c, 'i', "rename-incidents.json");
    tcfg_glob(&c, 'c', "rename-*-components.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.ncomponents, 1);
    CU_ASSERT_EQUAL(d.snapshots, 3);
    x = comp(&d, "public:c1");
    if (x != NULL) {
        ASSERT_STR(x->name, "Public API");
        check_windows(&d, x->down, x->ndown, want, NW(want), "down");
    }
    statuspage_free(&d);
}

/* key = name: the latest name, by the component's updated_at, whatever the
 * order of the files; the old name no longer resolves. */
static void rename_key_by_name_uses_latest_name(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    static const struct wexp want[] = {
        {T(5, 10, 0, 0), T(5, 11, 0, 0), 1000, "r1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "rename-incidents.json");
    tcfg_glob(&c, 'c', "rename-*-components.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.ncomponents, 1);
    x = comp(&d, "public:Public API");
    if (x != NULL) {
        ASSERT_STR(x->id, "c1");
        check_windows(&d, x->down, x->ndown, want, NW(want), "down");
    }
    CU_ASSERT_PTR_NULL(sp_component_find(&d, "public:API"));
    statuspage_free(&d);
}

/* o1: major 10:00-12:00; o2 takes over at 11:00 (old_status major, set by
 * o1) as partial until its resolution at 13:00. Two windows, one per
 * incident; the engine takes the union. */
static void overlapping_incidents_give_separate_windows(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp want[] = {
        {T(3, 10, 0, 0), T(3, 12, 0, 0), 1000, "o1", false},
        {T(3, 11, 0, 0), T(3, 13, 0, 0), 300, "o2", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "overlap-incidents.json");
    tcfg_weight(&c, "partial_outage", 300);
    if (!load_sep(&c, &d))
        return;
    /* Incidents are sorted by id whatever the feed's order. */
    CU_ASSERT_EQUAL(d.nincidents, 2);
    if (d.nincidents == 2) {
        ASSERT_STR(d.incidents[0].id, "o1");
        ASSERT_STR(d.incidents[1].id, "o2");
    }
    api = comp(&d, "public:API");
    if (api != NULL)
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
    statuspage_free(&d);
}

/* f1 (major, no started_at, no affected_components): Web and DB down from
 * created_at to resolved_at. f2 (minor): nothing down, but an incident
 * window. f3 (critical): Search by its transitions, Index (listed, no
 * transitions) from started_at. f4: a text-only operational entry is
 * transition data, so Queue is never down. */
static void impact_fallback_without_transition_data(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    static const struct wexp f1[] = {
        {T(12, 8, 0, 0), T(12, 10, 0, 0), 1000, "f1", false},
    };
    static const struct wexp f2[] = {
        {T(12, 8, 0, 0), T(12, 10, 0, 0), 1000, "f2", false},
    };
    static const struct wexp search[] = {
        {T(13, 8, 0, 0), T(13, 9, 0, 0), 1000, "f3", false},
    };
    static const struct wexp index[] = {
        {T(13, 7, 30, 0), T(13, 9, 0, 0), 1000, "f3", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "fallback-incidents.json");
    if (!load_sep(&c, &d))
        return;
    if ((x = comp(&d, "public:Web")) != NULL)
        check_windows(&d, x->down, x->ndown, f1, NW(f1), "web");
    if ((x = comp(&d, "public:DB")) != NULL)
        check_windows(&d, x->down, x->ndown, f1, NW(f1), "db");
    if ((x = comp(&d, "public:Mail")) != NULL) {
        check_windows(&d, x->down, x->ndown, NULL, 0, "mail");
        check_windows(&d, x->incident_windows, x->nincident_windows, f2, NW(f2),
                      "mail incident");
    }
    if ((x = comp(&d, "public:Search")) != NULL)
        check_windows(&d, x->down, x->ndown, search, NW(search), "search");
    if ((x = comp(&d, "public:Index")) != NULL)
        check_windows(&d, x->down, x->ndown, index, NW(index), "index");
    if ((x = comp(&d, "public:Queue")) != NULL)
        check_windows(&d, x->down, x->ndown, NULL, 0, "queue");
    statuspage_free(&d);
}

/* Platform lists API and Web as members; Backoffice's member Billing only
 * names it by group_id. A group key covers its members' down and
 * maintenance windows besides its own; affected_components names
 * "Platform - API" do not beat the component's own name. */
static void group_key_covers_children(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    static const struct wexp api[] = {
        {T(4, 10, 0, 0), T(4, 11, 0, 0), 1000, "i1", false},
    };
    /* i3 lists the group and its member Web: the group's own window and
     * Web's are the same window, reported once. */
    static const struct wexp platform[] = {
        {T(4, 10, 0, 0), T(4, 11, 0, 0), 1000, "i1", false},
        {T(6, 10, 0, 0), T(6, 11, 0, 0), 1000, "i3", false},
    };
    static const struct wexp web[] = {
        {T(6, 10, 0, 0), T(6, 11, 0, 0), 1000, "i3", false},
    };
    static const struct wexp billing[] = {
        {T(4, 12, 0, 0), T(4, 13, 0, 0), 1000, "i2", false},
    };
    static const struct wexp web_maint[] = {
        {T(20, 1, 0, 0), T(20, 3, 0, 0), 1000, "gm1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "group-incidents.json");
    tcfg_glob(&c, 'm', "group-scheduled-maintenances.json");
    tcfg_glob(&c, 'c', "group-components.json");
    if (!load_sep(&c, &d))
        return;
    /* Five components; the three in a named group also have a
     * group-qualified key. */
    CU_ASSERT_EQUAL(d.ncomponent_ids, 5);
    CU_ASSERT_EQUAL(d.ncomponents, 8);
    if ((x = comp(&d, "public:Platform/API")) != NULL) {
        ASSERT_STR(x->id, "c1");
        CU_ASSERT_PTR_NULL(x->candidates);
        check_windows(&d, x->down, x->ndown, api, NW(api), "platform/api");
    }
    if ((x = comp(&d, "public:Platform")) != NULL) {
        CU_ASSERT_TRUE(x->group);
        ASSERT_STR(x->id, "g1");
        check_windows(&d, x->down, x->ndown, platform, NW(platform),
                      "platform");
        check_windows(&d, x->maint, x->nmaint, web_maint, NW(web_maint),
                      "platform maint");
    }
    if ((x = comp(&d, "public:Backoffice")) != NULL) {
        CU_ASSERT_TRUE(x->group);
        check_windows(&d, x->down, x->ndown, billing, NW(billing),
                      "backoffice");
    }
    if ((x = comp(&d, "public:API")) != NULL) {
        CU_ASSERT_FALSE(x->group);
        check_windows(&d, x->down, x->ndown, api, NW(api), "api");
    }
    if ((x = comp(&d, "public:Web")) != NULL) {
        check_windows(&d, x->down, x->ndown, web, NW(web), "web");
        check_windows(&d, x->maint, x->nmaint, web_maint, NW(web_maint),
                      "web maint");
    }
    CU_ASSERT_PTR_NULL(sp_component_find(&d, "public:Platform - API"));
    statuspage_free(&d);
}

/* c1's component object says "API" (updated 09-01); a newer update calls it
 * "Core - API" (a group-prefixed display name): the component object wins.
 * c9 appears only in affected_components: its newest name is used. The
 * nameless group g1 gets no key with key = name. */
static void affected_names_only_without_component_object(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    static const struct wexp api[] = {
        {T(10, 10, 0, 0), T(10, 11, 0, 0), 1000, "n1", false},
    };
    static const struct wexp legacy[] = {
        {T(10, 10, 0, 0), OCT1, 1000, "n1", true},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 's', "names-summary.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.ncomponents, 2);
    if ((x = comp(&d, "public:API")) != NULL)
        check_windows(&d, x->down, x->ndown, api, NW(api), "api");
    if ((x = comp(&d, "public:Legacy")) != NULL) {
        ASSERT_STR(x->id, "c9");
        check_windows(&d, x->down, x->ndown, legacy, NW(legacy), "legacy");
        check_windows(&d, x->incident_windows, x->nincident_windows, legacy,
                      NW(legacy), "legacy incident");
    }
    CU_ASSERT_PTR_NULL(sp_component_find(&d, "public:Core - API"));
    CU_ASSERT_PTR_NULL(sp_component_find(&d, "public:Old Legacy"));
    statuspage_free(&d);
}

/* m1: merge-a (updated 10:00, resolved) beats merge-b (08:00, read later,
 * unresolved) and the summary (08:30). m2: equal updated_at, so the later
 * file (merge-b) wins. */
static void merge_keeps_latest_updated_at(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    const struct sp_incident *m;
    static const struct wexp want[] = {
        {T(11, 8, 0, 0), T(11, 9, 0, 0), 1000, "m1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "merge-*-incidents.json");
    tcfg_glob(&c, 's', "merge-c-summary.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.nincidents, 2);
    CU_ASSERT_EQUAL(d.snapshots, 3);
    if ((m = incident(&d, "m1")) != NULL) {
        ASSERT_STR(m->name, "Outage (final)");
        CU_ASSERT_EQUAL(m->resolved_at, T(11, 9, 0, 0));
        CU_ASSERT_EQUAL(m->updated_at, T(11, 10, 0, 0));
    }
    if ((m = incident(&d, "m2")) != NULL)
        ASSERT_STR(m->name, "Tie B");
    api = comp(&d, "public:API");
    if (api != NULL)
        check_windows(&d, api->down, api->ndown, want, NW(want), "down");
    statuspage_free(&d);
}

/* mt1 was announced (started_at) on 09-01 but scheduled for 09-15
 * 01:00-03:30 at -06:00, i.e. 07:00-09:30Z: that is the maintenance and
 * incident window. under_maintenance weighs 0 by default; with
 * weight.under_maintenance = 0.5 its transitions (07:00 to 09:25) count. */
static void maintenance_window_is_scheduled_not_started(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    const struct sp_incident *mt;
    static const struct wexp sched[] = {
        {T(15, 7, 0, 0), T(15, 9, 30, 0), 1000, "mt1", false},
    };
    static const struct wexp down[] = {
        {T(15, 7, 0, 0), T(15, 9, 25, 0), 500, "mt1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'm', "maint-scheduled-maintenances.json");
    if (load_sep(&c, &d)) {
        if ((api = comp(&d, "public:API")) != NULL) {
            check_windows(&d, api->maint, api->nmaint, sched, NW(sched),
                          "maint");
            check_windows(&d, api->incident_windows, api->nincident_windows,
                          sched, NW(sched), "incident");
            check_windows(&d, api->down, api->ndown, NULL, 0, "down");
        }
        if ((mt = incident(&d, "mt1")) != NULL) {
            CU_ASSERT_TRUE(mt->maintenance);
            CU_ASSERT_EQUAL(mt->started_at, T(15, 7, 0, 0));
            CU_ASSERT_EQUAL(mt->resolved_at, T(15, 9, 30, 0));
            /* Announced on 1 September at 12:00Z (maintenance_notice). */
            CU_ASSERT_EQUAL(mt->created_at, T(1, 12, 0, 0));
        }
        statuspage_free(&d);
    }
    tcfg_weight(&c, "under_maintenance", 500);
    if (load_sep(&c, &d)) {
        if ((api = comp(&d, "public:API")) != NULL)
            check_windows(&d, api->down, api->ndown, down, NW(down), "down");
        statuspage_free(&d);
    }
}

/* reminder_intervals as the string "[]", unknown fields and an unknown
 * status are tolerated and counted; the incident's components[] says
 * major_outage (the status now), which never makes a window. A weight
 * for the unknown status makes it count. */
static void quirks_are_tolerated_and_counted(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *api;
    static const struct wexp want[] = {
        {T(21, 10, 0, 0), T(21, 10, 30, 0), 1000, "q1", false},
    };

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "quirks-incidents.json");
    if (load_sep(&c, &d)) {
        CU_ASSERT_EQUAL(d.unknown_fields, 2);
        CU_ASSERT_EQUAL(d.unknown_statuses, 2);
        ASSERT_STR(d.first_unknown_field, "field \"foo_bar\" in incident");
        ASSERT_STR(d.first_unknown_status, "old_status \"under_repair\"");
        ASSERT_STR(d.first_unknown, "field \"foo_bar\" in incident");
        /* Distinct values, each with where it was first seen and how
         * often: old_status and new_status are two fields. */
        CU_ASSERT_EQUAL_FATAL(d.nunknown_values, 2);
        CU_ASSERT_EQUAL(d.unknown_values[0].kind, SP_UNKNOWN_COMPONENT);
        ASSERT_STR(d.unknown_values[0].field, "old_status");
        ASSERT_STR(d.unknown_values[0].value, "under_repair");
        CU_ASSERT_EQUAL(d.unknown_values[0].n, 1);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d.unknown_values[0].path, "quirks-incidents.json"));
        ASSERT_STR(d.unknown_values[1].field, "new_status");
        CU_ASSERT_EQUAL(d.unknown_values[1].n, 1);
        CU_ASSERT_EQUAL(d.unknown_values_lost, 0);
        CU_ASSERT_EQUAL(d.nincidents, 2);
        if ((api = comp(&d, "public:API")) != NULL)
            check_windows(&d, api->down, api->ndown, NULL, 0, "down");
        statuspage_free(&d);
    }
    tcfg_weight(&c, "under_repair", 1000);
    if (load_sep(&c, &d)) {
        if ((api = comp(&d, "public:API")) != NULL)
            check_windows(&d, api->down, api->ndown, want, NW(want), "down");
        statuspage_free(&d);
    }
}

static void glob_without_match_is_noinput(void)
{
    struct tcfg c;
    struct sp_data d;
    struct err e;

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "weights-incidents.json");
    tcfg_glob(&c, 'm', "nothing-*.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(statuspage_load(&c.sp, SEP1, OCT1, &d, NULL, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    ASSERT_STR(e.msg, "[statuspage \"public\"] maintenances: no file matches "
                      "tests/data/statuspage/nothing-*.json");
    CU_ASSERT_EQUAL(d.ncomponents, 0);
    CU_ASSERT_EQUAL(d.nincidents, 0);
}

/* The missing comma is on line 3; jansson's text follows "not JSON: ". */
static void bad_json_reports_file_and_line(void)
{
    struct tcfg c;
    struct sp_data d;
    struct err e;

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "bad-json-incidents.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(statuspage_load(&c.sp, SEP1, OCT1, &d, NULL, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.file, DATA "bad-json-incidents.json");
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_EQUAL(strncmp(e.msg, "not JSON: ", 10), 0);
    CU_ASSERT_TRUE(strlen(e.msg) > 10);
}

/* A key given twice in one object is refused (jansson would keep the last
 * one): "impact" is repeated on line 5. */
static void duplicate_json_key_is_refused(void)
{
    struct tcfg c;
    struct sp_data d;
    struct err e;

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "dupkey-incidents.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(statuspage_load(&c.sp, SEP1, OCT1, &d, NULL, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.file, DATA "dupkey-incidents.json");
    CU_ASSERT_EQUAL(e.line, 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "duplicate"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "impact"));
}

/* Wrong shapes name the file, the incident (or list position) and the
 * field. */
static void wrong_shape_reports_file_incident_and_field(void)
{
    static const struct {
        char which;
        const char *file;
        const char *msg;
    } cases[] = {
        {'i', "bad-shape-incidents.json",
         "top level: incidents: want an array"},
        {'i', "bad-time-incidents.json",
         "incident t1: incident_updates[1]: display_at: day out of range: "
         "\"2026-09-31T10:00:00.000Z\""},
        {'i', "bad-resolved-incidents.json",
         "incident t2: resolved_at: not an ISO 8601 instant: \"yesterday\""},
        {'m', "bad-maint-scheduled-maintenances.json",
         "maintenance bm1: scheduled_until: missing"},
        {'i', "rename-a-components.json",
         "no \"incidents\" array: not a Statuspage API v2 incidents.json"},
        {'c', "weights-incidents.json",
         "no \"components\" array: not a Statuspage API v2 components.json"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct tcfg c;
        struct sp_data d;
        struct err e;
        char path[256];

        tcfg_init(&c, "public", false);
        tcfg_glob(&c, cases[k].which, cases[k].file);
        memset(&e, 0, sizeof e);
        CU_ASSERT_EQUAL(statuspage_load(&c.sp, SEP1, OCT1, &d, NULL, &e), -1);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        snprintf(path, sizeof path, "%s%s", DATA, cases[k].file);
        ASSERT_STR(e.file, path);
        ASSERT_STR(e.msg, cases[k].msg);
        CU_ASSERT_EQUAL(d.ncomponents, 0);
    }
}

/* Every file read is listed with the SHA-256 and size sha_file gives. */
static void inputs_are_hashed(void)
{
    struct tcfg c;
    struct sp_data d;
    struct sha_list in = {NULL, 0};
    struct err e;
    size_t i;

    tcfg_init(&c, "public", false);
    tcfg_glob(&c, 'i', "merge-*-incidents.json");
    tcfg_glob(&c, 's', "merge-c-summary.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(statuspage_load(&c.sp, SEP1, OCT1, &d, &in, &e), 0);
    CU_ASSERT_EQUAL(in.n, 3);
    if (in.n == 3) {
        ASSERT_STR(in.v[0].path, DATA "merge-a-incidents.json");
        ASSERT_STR(in.v[1].path, DATA "merge-b-incidents.json");
        ASSERT_STR(in.v[2].path, DATA "merge-c-summary.json");
    }
    for (i = 0; i < in.n; i++) {
        char hex[65];
        uint64_t size = 0;

        CU_ASSERT_EQUAL(sha_file(in.v[i].path, hex, &size, &e), 0);
        ASSERT_STR(in.v[i].hex, hex);
        CU_ASSERT_EQUAL(in.v[i].size, size);
    }
    sha_list_free(&in);
    statuspage_free(&d);
}

/* GitHub, 2024-09-16, "Incident with Pages and Actions" (69sb0f8lydp4),
 * read by hand from the capture, oldest update first:
 *   21:31:02.798 Pages op -> partial, Actions op -> partial
 *   21:37:26.995 Actions partial -> major
 *   21:52:44.092 Pages partial -> op
 *   21:55:28.472 Actions major -> partial
 *   22:08:39.333 Actions partial -> op (resolved_at 22:08:39.333)
 * Default weights: Pages 21:31:02-21:52:44, Actions 21:31:02-22:08:39 in
 * one window. "Disruption with Git SSH" (minor, no components) makes no
 * window. */
static void real_github_capture_windows(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    struct err e;
    static const struct wexp pages[] = {
        {GH(21, 31, 2), GH(21, 52, 44), 1000, "69sb0f8lydp4", false},
    };
    static const struct wexp actions[] = {
        {GH(21, 31, 2), GH(22, 8, 39), 1000, "69sb0f8lydp4", false},
    };
    static const struct wexp inc[] = {
        {GH(21, 31, 2), GH(22, 8, 39), 1000, "69sb0f8lydp4", false},
    };

    tcfg_init(&c, "github", false);
    tcfg_glob(&c, 'i', "github-2024-09-17-incidents.json");
    tcfg_glob(&c, 'c', "github-2024-09-17-components.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(
        statuspage_load(&c.sp, GH_SEP1, GH_OCT1, &d, NULL, &e), 0);
    CU_ASSERT_EQUAL(d.nincidents, 2);
    CU_ASSERT_EQUAL(d.ncomponents, 4);
    CU_ASSERT_EQUAL(d.unknown_fields, 0);
    CU_ASSERT_EQUAL(d.unknown_statuses, 0);
    if (d.ncomponents == 4) {
        ASSERT_STR(d.components[0].key, "github:Actions");
        ASSERT_STR(d.components[1].key, "github:Git Operations");
        ASSERT_STR(d.components[2].key, "github:Pages");
        ASSERT_STR(d.components[3].key, "github:Webhooks");
    }
    if ((x = comp(&d, "github:Pages")) != NULL) {
        ASSERT_STR(x->id, "vg70hn9s2tyj");
        check_windows(&d, x->down, x->ndown, pages, NW(pages), "pages");
        check_windows(&d, x->incident_windows, x->nincident_windows, inc,
                      NW(inc), "pages incident");
    }
    if ((x = comp(&d, "github:Actions")) != NULL)
        check_windows(&d, x->down, x->ndown, actions, NW(actions), "actions");
    if ((x = comp(&d, "github:Git Operations")) != NULL)
        CU_ASSERT_EQUAL(x->ndown + x->nincident_windows, 0);
    {
        const struct sp_incident *ssh = incident(&d, "r3x7x31k7nn1");

        if (ssh != NULL) {
            ASSERT_STR(ssh->name, "Disruption with Git SSH");
            CU_ASSERT_EQUAL(ssh->started_at, GH(13, 29, 47));
            CU_ASSERT_EQUAL(ssh->resolved_at, GH(14, 28, 3));
        }
    }
    statuspage_free(&d);
}

/* The same capture with weight.partial_outage = 0.3: Actions partial
 * 21:31:02-21:37:26, major until 21:55:28, partial until 22:08:39. */
static void real_github_capture_with_partial_weight(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    struct err e;
    static const struct wexp actions[] = {
        {GH(21, 31, 2), GH(21, 37, 26), 300, "69sb0f8lydp4", false},
        {GH(21, 37, 26), GH(21, 55, 28), 1000, "69sb0f8lydp4", false},
        {GH(21, 55, 28), GH(22, 8, 39), 300, "69sb0f8lydp4", false},
    };
    static const struct wexp pages[] = {
        {GH(21, 31, 2), GH(21, 52, 44), 300, "69sb0f8lydp4", false},
    };

    tcfg_init(&c, "github", true);
    tcfg_glob(&c, 'i', "github-2024-09-17-incidents.json");
    tcfg_weight(&c, "partial_outage", 300);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(
        statuspage_load(&c.sp, GH_SEP1, GH_OCT1, &d, NULL, &e), 0);
    if ((x = comp(&d, "github:br0l2tvcx85d")) != NULL) {
        ASSERT_STR(x->name, "Actions");
        check_windows(&d, x->down, x->ndown, actions, NW(actions), "actions");
    }
    if ((x = comp(&d, "github:vg70hn9s2tyj")) != NULL)
        check_windows(&d, x->down, x->ndown, pages, NW(pages), "pages");
    statuspage_free(&d);
}

/* Huobi swap summary.json, 2020-02-11: "Market data is delayed" is open
 * (degraded since 03:15:02.000Z); "Schedule maintenance" holds Deposit
 * 02-15 00:00-01:00Z. Deposit belongs to group gtd0nyr3pf0k, which the
 * excerpt never names: with key = id the group key covers Deposit's
 * maintenance. weight.degraded_performance = 0.5 makes the open incident
 * count, up to the month's end, ongoing. */
static void real_huobi_summary_key_by_id(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    const struct sp_incident *inc;
    struct err e;
    static const struct wexp market[] = {
        {HB(11, 3, 15, 2), HB_MAR1, 500, "rclfxz2g21ly", true},
    };
    static const struct wexp maint[] = {
        {HB(15, 0, 0, 0), HB(15, 1, 0, 0), 1000, "k7g299zl765l", false},
    };

    tcfg_init(&c, "huobi", true);
    tcfg_glob(&c, 's', "huobi-swap-2020-02-11-summary.json");
    tcfg_weight(&c, "degraded_performance", 500);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(
        statuspage_load(&c.sp, HB_FEB1, HB_MAR1, &d, NULL, &e), 0);
    CU_ASSERT_EQUAL(d.nincidents, 2);
    CU_ASSERT_EQUAL(d.ncomponents, 3);
    if ((x = comp(&d, "huobi:nctwm9tghxh6")) != NULL) {
        ASSERT_STR(x->name, "Market data");
        check_windows(&d, x->down, x->ndown, market, NW(market), "market");
    }
    if ((x = comp(&d, "huobi:h028tnzw1n5l")) != NULL) {
        ASSERT_STR(x->name, "Deposit");
        check_windows(&d, x->maint, x->nmaint, maint, NW(maint), "deposit");
        CU_ASSERT_EQUAL(x->ndown, 0);
    }
    if ((x = comp(&d, "huobi:gtd0nyr3pf0k")) != NULL) {
        CU_ASSERT_TRUE(x->group);
        ASSERT_STR(x->name, "");
        check_windows(&d, x->maint, x->nmaint, maint, NW(maint), "group");
    }
    if ((inc = incident(&d, "k7g299zl765l")) != NULL) {
        CU_ASSERT_TRUE(inc->maintenance);
        CU_ASSERT_EQUAL(inc->started_at, HB(15, 0, 0, 0));
    }
    if ((inc = incident(&d, "rclfxz2g21ly")) != NULL)
        CU_ASSERT_EQUAL(inc->resolved_at, INT64_MAX);
    statuspage_free(&d);
}

/* key = name: "Deposit" (the component object), not "Deposit And Withdraw -
 * Deposit" (its affected_components name); the nameless group has no key;
 * by default degraded_performance is not down. */
static void real_huobi_summary_key_by_name(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    struct err e;

    tcfg_init(&c, "huobi", false);
    tcfg_glob(&c, 's', "huobi-swap-2020-02-11-summary.json");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(
        statuspage_load(&c.sp, HB_FEB1, HB_MAR1, &d, NULL, &e), 0);
    CU_ASSERT_EQUAL(d.ncomponents, 2);
    if (d.ncomponents == 2) {
        ASSERT_STR(d.components[0].key, "huobi:Deposit");
        ASSERT_STR(d.components[1].key, "huobi:Market data");
    }
    if ((x = comp(&d, "huobi:Market data")) != NULL)
        CU_ASSERT_EQUAL(x->ndown, 0);
    CU_ASSERT_PTR_NULL(
        sp_component_find(&d, "huobi:Deposit And Withdraw - Deposit"));
    statuspage_free(&d);
}

/* A page that repeats region names under several products, as cloud
 * providers' pages do: "AMS3" and "NYC1" under both Spaces and Volumes.
 * The plain name key lists both candidates and is refused; the
 * group-qualified keys and key = id name one component each; every
 * component is counted. */
static void repeated_names_are_ambiguous(void)
{
    struct tcfg c;
    struct sp_data d;
    const struct sp_component *x;
    struct err e;

    tcfg_init(&c, "cloud", false);
    tcfg_glob(&c, 'c', "regions-components.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.ncomponent_ids, 7);
    if ((x = comp(&d, "cloud:AMS3")) != NULL)
        ASSERT_STR(x->candidates, "\"AMS3\" (group \"Spaces\", id sams), "
                                  "\"AMS3\" (group \"Volumes\", id vams)");
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(statuspage_check_key(&d, "cloud:AMS3", "roster.csv", 4, &e),
                    -1);
    CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
    CU_ASSERT_EQUAL(e.line, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "id sams"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "id vams"));
    CU_ASSERT_EQUAL(statuspage_check_key(&d, "cloud:NYC1", "roster.csv", 5, &e),
                    -1);
    if ((x = comp(&d, "cloud:Volumes/AMS3")) != NULL) {
        ASSERT_STR(x->id, "vams");
        CU_ASSERT_PTR_NULL(x->candidates);
    }
    CU_ASSERT_EQUAL(
        statuspage_check_key(&d, "cloud:Spaces/NYC1", "roster.csv", 6, &e), 0);
    CU_ASSERT_EQUAL(statuspage_check_key(&d, "cloud:API", "roster.csv", 7, &e),
                    0);
    CU_ASSERT_EQUAL(
        statuspage_check_key(&d, "cloud:Nowhere", "roster.csv", 8, &e), 0);
    statuspage_free(&d);

    tcfg_init(&c, "cloud", true);
    tcfg_glob(&c, 'c', "regions-components.json");
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.ncomponents, 7);
    if ((x = comp(&d, "cloud:vams")) != NULL)
        CU_ASSERT_PTR_NULL(x->candidates);
    statuspage_free(&d);
}

/* A section with no globs (url only, for fetch) reads nothing; freeing an
 * empty result or NULL is fine. */
static void no_globs_reads_nothing(void)
{
    struct tcfg c;
    struct sp_data d;

    tcfg_init(&c, "public", false);
    if (!load_sep(&c, &d))
        return;
    CU_ASSERT_EQUAL(d.snapshots, 0);
    CU_ASSERT_EQUAL(d.ncomponents, 0);
    CU_ASSERT_PTR_NULL(sp_component_find(&d, "public:API"));
    statuspage_free(&d);
    statuspage_free(NULL);
}

CU_TestInfo statuspage_tests[] = {
    {"repeated_names_are_ambiguous", repeated_names_are_ambiguous},
    {"transitions_follow_weights_partial_degraded_operational",
     transitions_follow_weights_partial_degraded_operational},
    {"weights_split_and_merge_windows", weights_split_and_merge_windows},
    {"incident_spanning_month_boundary_is_kept_whole",
     incident_spanning_month_boundary_is_kept_whole},
    {"backdated_display_at_orders_updates",
     backdated_display_at_orders_updates},
    {"equal_display_at_orders_by_created_at_then_feed_age",
     equal_display_at_orders_by_created_at_then_feed_age},
    {"first_old_status_holds_from_incident_start",
     first_old_status_holds_from_incident_start},
    {"unresolved_incident_is_clipped_and_ongoing",
     unresolved_incident_is_clipped_and_ongoing},
    {"resolved_incident_without_resolved_at_ends_at_resolved_update",
     resolved_incident_without_resolved_at_ends_at_resolved_update},
    {"rename_key_by_id_keeps_one_key", rename_key_by_id_keeps_one_key},
    {"rename_key_by_name_uses_latest_name",
     rename_key_by_name_uses_latest_name},
    {"overlapping_incidents_give_separate_windows",
     overlapping_incidents_give_separate_windows},
    {"impact_fallback_without_transition_data",
     impact_fallback_without_transition_data},
    {"group_key_covers_children", group_key_covers_children},
    {"affected_names_only_without_component_object",
     affected_names_only_without_component_object},
    {"merge_keeps_latest_updated_at", merge_keeps_latest_updated_at},
    {"maintenance_window_is_scheduled_not_started",
     maintenance_window_is_scheduled_not_started},
    {"quirks_are_tolerated_and_counted", quirks_are_tolerated_and_counted},
    {"glob_without_match_is_noinput", glob_without_match_is_noinput},
    {"bad_json_reports_file_and_line", bad_json_reports_file_and_line},
    {"duplicate_json_key_is_refused", duplicate_json_key_is_refused},
    {"wrong_shape_reports_file_incident_and_field",
     wrong_shape_reports_file_incident_and_field},
    {"inputs_are_hashed", inputs_are_hashed},
    {"real_github_capture_windows", real_github_capture_windows},
    {"real_github_capture_with_partial_weight",
     real_github_capture_with_partial_weight},
    {"real_huobi_summary_key_by_id", real_huobi_summary_key_by_id},
    {"real_huobi_summary_key_by_name", real_huobi_summary_key_by_name},
    {"no_globs_reads_nothing", no_globs_reads_nothing},
    CU_TEST_INFO_NULL,
};
