/* Unit tests for claims = required (SPEC §8) in calc_decide(): which
 * outages a claim covers, the boundaries of the claim window, outages that
 * end in the next month, and the no_claim outcome. Every figure is worked
 * out by hand in the comment beside it.
 *
 * Month: September 2026 = [SEP, OCT), 30 days. The subscription pays 6.00
 * EUR under per_day (a started day is worth 600 / 30 = 20 minor units),
 * with claim_window = 7 days. Outages (monitoring evidence):
 *   O1 = [SEP + 1d, SEP + 1d + 1h)      ends E1 = SEP + 1d + 3600
 *   O2 = [SEP + 10d, SEP + 10d + 2h)    ends E2 = SEP + 10d + 7200
 *   O3 = [OCT - 1h, OCT + 1h)           ends in October, E3 = OCT + 3600 */
#include "engine/calc.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "read/claims.h"
#include "read/config.h"
#include "read/roster.h"
#include "testfiles.h"
#include "testutil.h"
#include "write/explain.h"

#define DAY  86400
#define SEP  ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT  (SEP + 30 * DAY)
#define WEEK (7 * DAY)
#define E1   (SEP + DAY + 3600)
#define E2   (SEP + 10 * DAY + 7200)
#define E3   (OCT + 3600)

struct fx {
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
};

static void fx_init(struct fx *f, bool with_o3)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    f->p.name = (char *)(uintptr_t) "days";
    f->p.kind = POLICY_PER_DAY;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.cap_percent = 100 * CONFIG_SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.multiplier = CONFIG_SCALE;
    f->p.claims_required = true;
    f->p.claim_window = WEEK;
    f->s.id = (char *)(uintptr_t) "s1";
    f->s.customer = (char *)(uintptr_t) "c1";
    f->k.plan = (char *)(uintptr_t) "pro";
    f->k.payment_method = (char *)(uintptr_t) "card";
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->s.starts_at = SEP - 100 * DAY;
    f->s.ends_at = INT64_MAX;
    ivset_init(&f->ev);
    ivset_add(&f->ev, SEP + DAY, E1);
    ivset_add(&f->ev, SEP + 10 * DAY, E2);
    if (with_o3)
        ivset_add(&f->ev, OCT - 3600, E3);
    ivset_normalize(&f->ev);
    calc_decision_init(&f->d);
}

static void fx_decide(struct fx *f, const int64_t *claims, size_t n)
{
    struct calc_input in;

    memset(&in, 0, sizeof in);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = SEP;
    in.month_end = OCT;
    in.evidence = &f->ev;
    in.claims = claims;
    in.nclaims = n;
    CU_ASSERT_EQUAL_FATAL(calc_decide(&in, &f->d, &f->e), 0);
    explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
}

/* A claim exactly 7 days after O1 ended covers O1: D = 3,600 s, one started
 * day, 20 minor units. */
static void claim_at_window_end_counts(void)
{
    struct fx f;
    const int64_t c[] = {E1 + WEEK};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.outages, 2);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);
}

/* One second late covers nothing: no_claim, reporting the unclaimed
 * downtime 3,600 + 7,200 = 10,800 s. */
static void claim_one_second_late_is_no_claim(void)
{
    struct fx f;
    const int64_t c[] = {E1 + WEEK + 1};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.down_secs, 10800);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.unmatched_claims, 1);
    fx_free(&f);
}

/* A claim one second before O1 ended is too early for O1 (and O2 has not
 * ended either): no_claim. */
static void claim_before_outage_ended_is_no_claim(void)
{
    struct fx f;
    const int64_t c[] = {E1 - 1};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.claimed, 0);
    fx_free(&f);
}

/* O3 runs into October and ends at E3; a claim on October 3 (two days after
 * E3) covers it. D is O3 clipped to September, 3,600 s: one day, 20. */
static void claim_in_next_month_counts(void)
{
    struct fx f;
    const int64_t c[] = {E3 + 2 * DAY};

    fx_init(&f, true);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.outages, 3);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);
}

/* Two outages, one claim an hour after O1 ended (before O2 began): only O1
 * counts, 3,600 s, 20 minor units. A second claim made on September 1,
 * before any outage, matches nothing and is counted. */
static void one_claim_covers_one_of_two_outages(void)
{
    struct fx f;
    const int64_t c[] = {SEP, E1 + 3600};

    fx_init(&f, false);
    fx_decide(&f, c, 2);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    CU_ASSERT_EQUAL(f.d.unmatched_claims, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.d.detail, "1 of 2 outage(s) claimed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f.d.detail, "1 claim(s) matched no outage"));
    fx_free(&f);
}

/* A claim 60 s after O2 ended is 9 days after E1: in time for O2 only, so
 * D = 7,200 s. */
static void late_for_one_outage_in_time_for_the_next(void)
{
    struct fx f;
    const int64_t c[] = {E2 + 60};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    CU_ASSERT_EQUAL(f.d.down_secs, 7200);
    fx_free(&f);
}

/* An outage that min_outage leaves out of D is no downtime, so claiming it
 * claims nothing: with min_outage = 3,601 s, O1 (3,600 s) is dropped and a
 * claim 60 s after it leaves O2 (7,200 s, unclaimed) alone: no_claim,
 * reporting O2's 7,200 s, one outage, none claimed. With min_outage =
 * 3,600 s O1 is downtime and the claim counts: 3,600 s, one started day,
 * 20 minor units. */
static void a_claim_of_an_outage_min_outage_drops_claims_nothing(void)
{
    struct fx f;
    const int64_t c[] = {E1 + 60};

    fx_init(&f, false);
    f.p.min_outage = 3601;
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.down_secs, 7200);
    CU_ASSERT_EQUAL(f.d.outages, 1);
    CU_ASSERT_EQUAL(f.d.claimed, 0);
    fx_free(&f);

    fx_init(&f, false);
    f.p.min_outage = 3600;
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.outages, 2);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);
}

/* With per_incident = once, an outage that began before the month is left
 * out of D, so claiming it claims nothing either. O0 runs to SEP + 3,600 and
 * is claimed 60 s after; begun at SEP it is this month's: D = 3,600 s, one
 * started day, 20 minor units. Begun one second earlier, at SEP - 1, it is
 * carried: O1 and O2 (3,600 + 7,200 s) stay unclaimed: no_claim. */
static void a_claim_of_a_carried_outage_claims_nothing(void)
{
    const int64_t c[] = {SEP + 3660};
    struct fx f;

    fx_init(&f, false);
    f.p.per_incident_once = true;
    ivset_add(&f.ev, SEP, SEP + 3600);
    ivset_normalize(&f.ev);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);

    fx_init(&f, false);
    f.p.per_incident_once = true;
    ivset_add(&f.ev, SEP - 1, SEP + 3600);
    ivset_normalize(&f.ev);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.down_secs, 10800);
    CU_ASSERT_EQUAL(f.d.claimed, 0);
    fx_free(&f);
}

/* No downtime at all stays no_downtime, not no_claim (SPEC §4.8 order). */
static void no_downtime_comes_before_no_claim(void)
{
    struct fx f;

    fx_init(&f, false);
    ivset_clear(&f.ev);
    fx_decide(&f, NULL, 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    fx_free(&f);
}

/* Many outages and claims in random order, against the rule itself: an
 * outage is claimed when some claim lies in [end, end + claim_window]; a
 * claim inside no outage's range is unmatched. Windows of 0 s, an hour and
 * a week make claims match none, one or several outages. */
static void claims_match_the_rule_in_any_order(void)
{
    static const int64_t windows[] = {0, 3600, WEEK};
    unsigned seed = 12345;
    int round;

    for (round = 0; round < 300; round++) {
        struct fx f;
        int64_t ends[40], claims[60];
        size_t nout = 0, nclaims = (size_t)(round % 60), i, j;
        size_t want_claimed = 0, want_unmatched = 0;
        int64_t t = SEP + 60;

        fx_init(&f, false);
        ivset_clear(&f.ev);
        f.p.claim_window = windows[round % 3];
        while (nout < 1 + (size_t)(round % 40)) {
            seed = seed * 1103515245u + 12345u;
            t += 60 + (int64_t)(seed >> 8) % (DAY / 2);
            ends[nout] = t + 60 + (int64_t)(seed >> 20) % 600;
            ivset_add(&f.ev, t, ends[nout]);
            t = ends[nout++];
        }
        ivset_normalize(&f.ev);
        for (i = 0; i < nclaims; i++) {
            seed = seed * 1103515245u + 12345u;
            claims[i] = SEP + (int64_t)(seed >> 4) % (30 * DAY);
            if (i % 4 == 0) /* exactly at an end or at the window's end */
                claims[i] = ends[(seed >> 3) % nout] +
                            (i % 8 == 0 ? f.p.claim_window : 0);
        }
        for (i = 0; i < nout; i++) {
            for (j = 0; j < nclaims; j++) {
                if (claims[j] >= ends[i] &&
                    claims[j] - ends[i] <= f.p.claim_window) {
                    want_claimed++;
                    break;
                }
            }
        }
        for (j = 0; j < nclaims; j++) {
            bool hit = false;
            for (i = 0; i < nout && !hit; i++)
                hit = claims[j] >= ends[i] &&
                      claims[j] - ends[i] <= f.p.claim_window;
            want_unmatched += !hit;
        }
        fx_decide(&f, claims, nclaims);
        CU_ASSERT_EQUAL(f.d.outages, nout);
        CU_ASSERT_EQUAL(f.d.claimed, want_claimed);
        CU_ASSERT_EQUAL(f.d.unmatched_claims, want_unmatched);
        fx_free(&f);
    }
}

CU_TestInfo claims_tests[] = {
    {"claim_at_window_end_counts", claim_at_window_end_counts},
    {"claim_one_second_late_is_no_claim", claim_one_second_late_is_no_claim},
    {"claim_before_outage_ended_is_no_claim",
     claim_before_outage_ended_is_no_claim},
    {"claim_in_next_month_counts", claim_in_next_month_counts},
    {"one_claim_covers_one_of_two_outages",
     one_claim_covers_one_of_two_outages},
    {"late_for_one_outage_in_time_for_the_next",
     late_for_one_outage_in_time_for_the_next},
    {"no_downtime_comes_before_no_claim", no_downtime_comes_before_no_claim},
    {"a_claim_of_an_outage_min_outage_drops_claims_nothing",
     a_claim_of_an_outage_min_outage_drops_claims_nothing},
    {"a_claim_of_a_carried_outage_claims_nothing",
     a_claim_of_a_carried_outage_claims_nothing},
    {"claims_match_the_rule_in_any_order", claims_match_the_rule_in_any_order},
    CU_TEST_INFO_NULL,
};

/* claims_load: a roster of s1 and s2 (sorted by id as roster_load leaves
 * it), and claims files with the errors the reader must refuse. */
struct rfx {
    struct sub subs[2];
    uint32_t by_id[2];
    struct roster r;
};

static void rfx_init(struct rfx *f)
{
    memset(f, 0, sizeof *f);
    f->subs[0].id = (char *)(uintptr_t) "s1";
    f->subs[1].id = (char *)(uintptr_t) "s2";
    f->by_id[0] = 0;
    f->by_id[1] = 1;
    f->r.subs = f->subs;
    f->r.n = 2;
    f->r.by_id = f->by_id;
}

static const struct {
    const char *text; /* the claims file */
    long line;        /* expected error line, 0: loads */
    const char *what; /* expected message start */
} load_cases[] = {
    {"claim_id,subscription_id,submitted_at\n"
     "k1,s1,2026-09-02T00:00:00Z\n"
     "k2,s2,2026-09-03T00:00:00+02:00\n",
     0, ""},
    {"claim_id,subscription_id,submitted_at\n"
     "k1,s1,2026-09-02T00:00:00Z\n"
     "k1,s2,2026-09-03T00:00:00Z\n",
     3, "claim_id: duplicate (first on line 2): k1"},
    {"claim_id,subscription_id,submitted_at\n"
     "k1,s9,2026-09-02T00:00:00Z\n",
     2, "subscription_id: not in the roster: s9"},
    {"claim_id,subscription_id,submitted_at\n"
     "k1,s1,2026-09-02\n",
     2, "submitted_at: "},
    {"claim_id,subscription,submitted_at\n", 1,
     "missing column in header: subscription_id"},
    {"claim_id,subscription_id,submitted_at,claim_id\n", 1,
     "column named twice in header: claim_id"},
};

static void claims_load_refuses_bad_files(void)
{
    struct rfx f;
    struct tf t;
    char path[600];
    size_t i, n = 0;

    rfx_init(&f);
    for (i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
        struct err e;
        struct claims *c;
        tf_init(&t);
        tf_write(&t, "claims.csv", load_cases[i].text, path, sizeof path);
        memset(&e, 0, sizeof e);
        c = claims_load(path, &f.r, &e);
        if (load_cases[i].line == 0) {
            const int64_t *times;
            CU_ASSERT_PTR_NOT_NULL(c);
            times = c != NULL ? claims_of(c, "s2", &n) : NULL;
            CU_ASSERT_EQUAL(n, 1);
            /* 2026-09-03T00:00:00+02:00 = 2026-09-02T22:00:00Z */
            CU_ASSERT(times != NULL && times[0] == SEP + DAY + 22 * 3600);
        } else {
            CU_ASSERT_PTR_NULL(c);
            CU_ASSERT_EQUAL(e.rc, RC_DATA);
            CU_ASSERT_EQUAL(e.line, load_cases[i].line);
            CU_ASSERT_EQUAL(
                strncmp(e.msg, load_cases[i].what, strlen(load_cases[i].what)),
                0);
        }
        claims_free(c);
        tf_cleanup(&t);
    }
}

/* A file with only its header holds no claims: it loads, and every
 * subscription has none (the empty set was once sorted as qsort(NULL, 0),
 * undefined behaviour that UBSan reports). */
static void claims_load_header_only(void)
{
    struct rfx f;
    struct tf t;
    struct err e;
    struct claims *c;
    char path[600];
    size_t n = 99;

    rfx_init(&f);
    tf_init(&t);
    tf_write(&t, "claims.csv", "claim_id,subscription_id,submitted_at\n", path,
             sizeof path);
    memset(&e, 0, sizeof e);
    c = claims_load(path, &f.r, &e);
    CU_ASSERT_PTR_NOT_NULL(c);
    if (c != NULL)
        claims_of(c, "s1", &n);
    CU_ASSERT_EQUAL(n, 0);
    claims_free(c);
    tf_cleanup(&t);
}

CU_TestInfo claims_load_tests[] = {
    {"claims_load_refuses_bad_files", claims_load_refuses_bad_files},
    {"claims_load_header_only", claims_load_header_only},
    CU_TEST_INFO_NULL,
};
