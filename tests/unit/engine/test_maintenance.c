/* Unit tests for maintenance_notice (evidence_build() and
 * policy_validate()): a scheduled maintenance announced less than the
 * notice before it started is downtime, not maintenance, under every
 * evidence mode; one announced exactly the notice before is maintenance.
 * The status page is built by hand: page "sp", component "sp:api", one
 * maintenance m1 scheduled for [T, T + 1 h). */
#include "engine/evidence.h"
#include "engine/res.h"

#include "engine/calc.h"
#include "engine/policy.h"
#include "engine/subscription.h"
#include "lib/keys.h"
#include "read/config.h"
#include "read/statuspage.h"
#include "testutil.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HOUR   3600
#define NOTICE (48 * HOUR)
#define T      INT64_C(1790812800) /* 2026-10-01T00:00:00Z */

struct mfx {
    struct statuspage cfg;
    struct sp_incident inc;
    struct sp_window maint;
    struct sp_component comp;
    struct sp_data page;
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct resmap *map; /* holds s's one resource */
    uint32_t res[1];
    struct evidence x;
};

/* Maintenance m1 announced at created (INT64_MIN: the feed gave none). */
static void mfx_init(struct mfx *f, int64_t created, enum evidence_mode mode)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    f->cfg.name = (char *)"sp";
    f->inc.id = (char *)"m1";
    f->inc.name = (char *)"Database upgrade";
    f->inc.impact = (char *)"maintenance";
    f->inc.status = (char *)"completed";
    f->inc.maintenance = true;
    f->inc.started_at = T;
    f->inc.resolved_at = T + HOUR;
    f->inc.updated_at = T + HOUR;
    f->inc.created_at = created;
    f->maint.start = T;
    f->maint.end = T + HOUR;
    f->maint.weight = 1000;
    f->maint.incident = 0;
    f->comp.key = (char *)"sp:api";
    f->comp.id = (char *)"c1";
    f->comp.name = (char *)"api";
    f->comp.maint = &f->maint;
    f->comp.nmaint = 1;
    f->page.cfg = &f->cfg;
    f->page.name = f->cfg.name;
    f->page.incidents = &f->inc;
    f->page.nincidents = 1;
    f->page.components = &f->comp;
    f->page.ncomponents = 1;
    f->p.name = (char *)"p";
    f->p.evidence = mode;
    f->p.exclude_maintenance = true;
    f->p.maintenance_notice = NOTICE;
    f->map = resmap_new();
    f->res[0] = resmap_add(f->map, "sp:api")->index;
    f->s.id = (char *)"s1";
    f->s.resources = f->res;
    f->s.nresources = 1;
    f->k.policy = &f->p;
    evidence_init(&f->x);
}

static void mfx_build(struct mfx *f)
{
    struct ev_sources src = {f->map, &f->page, 1};

    evidence_build(&src, &f->s, &f->p, &f->x);
}

static void mfx_free(struct mfx *f)
{
    evidence_free(&f->x);
    resmap_free(f->map);
}

/* Announced exactly 48 h before: maintenance, left out. */
static void notice_of_exactly_the_minimum_is_maintenance(void)
{
    struct mfx f;

    mfx_init(&f, T - NOTICE, EVIDENCE_STATUSPAGE);
    mfx_build(&f);
    CU_ASSERT_EQUAL(f.x.nexclusions, 1);
    CU_ASSERT_EQUAL(f.x.excluded.n, 1);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), 0);
    CU_ASSERT_EQUAL(f.x.nwindows, 0);
    mfx_free(&f);
}

/* Announced one second less than 48 h before: downtime, listed with the
 * notice it had, and not excluded. */
static void one_second_short_is_downtime(void)
{
    struct mfx f;

    mfx_init(&f, T - NOTICE + 1, EVIDENCE_STATUSPAGE);
    mfx_build(&f);
    CU_ASSERT_EQUAL(f.x.nexclusions, 0);
    CU_ASSERT_EQUAL(f.x.excluded.n, 0);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), (int64_t)HOUR * 1000);
    CU_ASSERT_EQUAL_FATAL(f.x.nwindows, 1);
    CU_ASSERT_EQUAL(f.x.windows[0].start, T);
    CU_ASSERT_EQUAL(f.x.windows[0].end, T + HOUR);
    ASSERT_STR(f.x.windows[0].source, "statuspage:sp");
    ASSERT_STR(f.x.windows[0].detail, "maintenance=m1;short_notice=172799s");
    mfx_free(&f);
}

/* Under evidence = monitoring too (the monitors saw nothing), and with no
 * created_at at all (no announcement shown). */
static void short_notice_counts_under_every_mode(void)
{
    struct mfx f;

    mfx_init(&f, T - HOUR, EVIDENCE_MONITORING);
    mfx_build(&f);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), (int64_t)HOUR * 1000);
    ASSERT_STR(f.x.windows[0].detail, "maintenance=m1;short_notice=3600s");
    mfx_free(&f);
    mfx_init(&f, INT64_MIN, EVIDENCE_ACKNOWLEDGED);
    mfx_build(&f);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), (int64_t)HOUR * 1000);
    ASSERT_STR(f.x.windows[0].detail, "maintenance=m1;short_notice=unknown");
    mfx_free(&f);
    /* Without maintenance_notice, any announcement will do. */
    mfx_init(&f, T - 1, EVIDENCE_STATUSPAGE);
    f.p.maintenance_notice = 0;
    mfx_build(&f);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), 0);
    CU_ASSERT_EQUAL(f.x.nexclusions, 1);
    mfx_free(&f);
}

static void notice_needs_exclude_maintenance(void)
{
    struct policy p;
    struct tier t = {999000, 100000};
    char msg[256];

    policy_init(&p, "x", 3);
    p.tiers = &t;
    p.ntiers = 1;
    p.maintenance_notice = NOTICE;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "maintenance_notice needs exclude = maintenance (without "
                    "it no maintenance is left out, announced in time or "
                    "not)");
    p.exclude_maintenance = true;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.tiers = NULL;
    policy_free(&p);
}

/* maintenance_cap: windows of one component, each its own maintenance,
 * announced long before. */
struct cfx {
    struct statuspage cfg;
    struct sp_incident inc[4];
    struct sp_window maint[4];
    struct sp_component comp;
    struct sp_data page;
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct resmap *map; /* holds s's one resource */
    uint32_t res[1];
    char ids[4][24];
    struct evidence x;
};

static void cfx_build(struct cfx *f, const int64_t (*w)[2], size_t n,
                      int64_t cap)
{
    struct ev_sources src;
    size_t i;

    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    f->cfg.name = (char *)"sp";
    for (i = 0; i < n; i++) {
        snprintf(f->ids[i], sizeof f->ids[i], "m%zu", i + 1);
        f->inc[i].id = f->ids[i];
        f->inc[i].name = (char *)"upgrade";
        f->inc[i].impact = (char *)"maintenance";
        f->inc[i].status = (char *)"completed";
        f->inc[i].maintenance = true;
        f->inc[i].started_at = w[i][0];
        f->inc[i].resolved_at = w[i][1];
        f->inc[i].created_at = w[i][0] - 30 * 24 * HOUR;
        f->maint[i].start = w[i][0];
        f->maint[i].end = w[i][1];
        f->maint[i].weight = 1000;
        f->maint[i].incident = i;
    }
    f->comp.key = (char *)"sp:api";
    f->comp.id = (char *)"c1";
    f->comp.name = (char *)"api";
    f->comp.maint = f->maint;
    f->comp.nmaint = n;
    f->page.cfg = &f->cfg;
    f->page.name = f->cfg.name;
    f->page.incidents = f->inc;
    f->page.nincidents = n;
    f->page.components = &f->comp;
    f->page.ncomponents = 1;
    f->p.name = (char *)"p";
    f->p.evidence = EVIDENCE_STATUSPAGE;
    f->p.exclude_maintenance = true;
    f->p.maintenance_cap = cap;
    f->map = resmap_new();
    f->res[0] = resmap_add(f->map, "sp:api")->index;
    f->s.id = (char *)"s1";
    f->s.resources = f->res;
    f->s.nresources = 1;
    f->k.policy = &f->p;
    evidence_init(&f->x);
    src = (struct ev_sources){f->map, &f->page, 1};
    evidence_build(&src, &f->s, &f->p, &f->x);
}

static void cfx_free(struct cfx *f)
{
    evidence_free(&f->x);
    resmap_free(f->map);
}

#define JAN10 (T - 264 * 24 * HOUR) /* 2026-01-10T00:00:00Z */
#define OCT7  (T + 6 * 24 * HOUR)
#define OCT21 (T + 20 * 24 * HOUR)

/* 6 h in January, 3 h on 7 October, 2 h on 21 October: 11 h in 2026. A cap
 * of 11 h leaves it all out; one second less puts the last second of the
 * October 21 window over the cap; 10 h puts its last hour over. */
static void cap_counts_the_years_maintenance_in_order(void)
{
    static const int64_t w[3][2] = {
        {JAN10, JAN10 + 6 * HOUR},
        {OCT7, OCT7 + 3 * HOUR},
        {OCT21, OCT21 + 2 * HOUR},
    };
    struct cfx f;

    cfx_build(&f, w, 3, 11 * HOUR);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), 0);
    CU_ASSERT_EQUAL(ivset_total(&f.x.excluded), 11 * HOUR);
    cfx_free(&f);

    cfx_build(&f, w, 3, 11 * HOUR - 1);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), 1000);
    CU_ASSERT_EQUAL_FATAL(f.x.nwindows, 1);
    CU_ASSERT_EQUAL(f.x.windows[0].start, OCT21 + 2 * HOUR - 1);
    CU_ASSERT_EQUAL(f.x.windows[0].end, OCT21 + 2 * HOUR);
    ASSERT_STR(f.x.windows[0].detail, "maintenance=m3;over_cap");
    CU_ASSERT_EQUAL(ivset_total(&f.x.excluded), 11 * HOUR - 1);
    cfx_free(&f);

    cfx_build(&f, w, 3, 10 * HOUR);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), (int64_t)HOUR * 1000);
    CU_ASSERT_EQUAL_FATAL(f.x.nwindows, 1);
    CU_ASSERT_EQUAL(f.x.windows[0].start, OCT21 + HOUR);
    cfx_free(&f);
}

/* Each calendar year (UTC) has its own cap: a window from 2025-12-31 22:00
 * to 2026-01-01 02:00 under a 1 h cap has its second hour of 2025 and its
 * second hour of 2026 over. */
static void cap_starts_again_each_year(void)
{
    static const int64_t ny = T - 273 * 24 * HOUR; /* 2026-01-01T00:00:00Z */
    static const int64_t w[1][2] = {{ny - 2 * HOUR, ny + 2 * HOUR}};
    struct cfx f;

    cfx_build(&f, w, 1, HOUR);
    CU_ASSERT_EQUAL(wset_total_ms(&f.x.ev), 2 * (int64_t)HOUR * 1000);
    CU_ASSERT_EQUAL_FATAL(f.x.late.n, 2);
    CU_ASSERT_EQUAL(f.x.late.v[0].start, ny - HOUR);
    CU_ASSERT_EQUAL(f.x.late.v[0].end, ny);
    CU_ASSERT_EQUAL(f.x.late.v[1].start, ny + HOUR);
    CU_ASSERT_EQUAL(f.x.late.v[1].end, ny + 2 * HOUR);
    cfx_free(&f);
}

static void cap_needs_exclude_maintenance(void)
{
    struct policy p;
    struct tier t = {999000, 100000};
    char msg[256];
    const struct keys_spec *k = policy_find_key("maintenance_cap");
    struct keys_env env = {""};

    policy_init(&p, "x", 3);
    p.tiers = &t;
    p.ntiers = 1;
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_EQUAL(keys_set(k, &p, "maintenance_cap", "10h per year", &env,
                             msg, sizeof msg),
                    0);
    CU_ASSERT_EQUAL(p.maintenance_cap, 10 * HOUR);
    CU_ASSERT_EQUAL(
        keys_set(k, &p, "maintenance_cap", "10h", &env, msg, sizeof msg), -1);
    ASSERT_STR(msg, "maintenance_cap: want \"DURATION per year\" (e.g. 10h "
                    "per year): 10h");
    CU_ASSERT_EQUAL(
        keys_set(k, &p, "maintenance_cap", "0 per year", &env, msg, sizeof msg),
        -1);
    ASSERT_STR(msg, "maintenance_cap: must be more than 0: 0 per year");
    CU_ASSERT_EQUAL(p.maintenance_cap, 10 * HOUR); /* kept */
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "maintenance_cap needs exclude = maintenance (without it "
                    "no maintenance is left out to cap)");
    p.exclude_maintenance = true;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.tiers = NULL;
    policy_free(&p);
}

CU_TestInfo maintenance_tests[] = {
    {"cap_counts_the_years_maintenance_in_order",
     cap_counts_the_years_maintenance_in_order},
    {"cap_starts_again_each_year", cap_starts_again_each_year},
    {"cap_needs_exclude_maintenance", cap_needs_exclude_maintenance},
    {"notice_of_exactly_the_minimum_is_maintenance",
     notice_of_exactly_the_minimum_is_maintenance},
    {"one_second_short_is_downtime", one_second_short_is_downtime},
    {"short_notice_counts_under_every_mode",
     short_notice_counts_under_every_mode},
    {"notice_needs_exclude_maintenance", notice_needs_exclude_maintenance},
    CU_TEST_INFO_NULL,
};
