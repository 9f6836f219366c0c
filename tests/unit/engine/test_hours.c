/* Unit tests for service hours (engine/hours.h, read/holidays.h, and their
 * use by calc_decide() and policy_validate()). Every expected figure is
 * worked out by hand next to it.
 *
 * October 2026: 2026-10-01 is a Thursday, day 20727; OCT = 1790812800.
 * Europe/Berlin is CEST (UTC+2) until Sunday 2026-10-25 03:00 local, then
 * CET (UTC+1): 08:00 local is 06:00Z up to Friday 23 October and 07:00Z
 * from Monday 26 October. March 2026: clocks go forward on Sunday
 * 2026-03-29 at 02:00 local (01:00Z).
 *
 * America/New_York (a subscription's own time_zone) is EDT (UTC-4) all
 * October 2026: 08:00 local is 12:00Z, 18:00 is 22:00Z. Its clocks go back
 * on Sunday 2026-11-01 at 02:00 EDT (06:00Z), to EST (UTC-5), and forward
 * on Sunday 2026-03-08 at 02:00 EST (07:00Z). */
#include "engine/hours.h"

#include "engine/calc.h"
#include "engine/iv.h"
#include "engine/policy.h"
#include "engine/subscription.h"
#include "lib/civil.h"
#include "lib/err.h"
#include "lib/tz.h"
#include "lib/xalloc.h"
#include "read/holidays.h"
#include "testfiles.h"
#include "testutil.h"
#include "write/explain.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DAY  86400
#define HOUR 3600
#define OCT  ((int64_t)20727 * DAY) /* 2026-10-01T00:00:00Z, a Thursday */
#define NOV  (OCT + 31 * DAY)
/* Day d of October 2026, 00:00Z. */
#define OCTD(d) (OCT + ((int64_t)(d)-1) * DAY)

static struct tz *berlin(void)
{
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", OCT - 400 * DAY, NOV, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    return z;
}

static struct tz *new_york(void)
{
    struct err e;
    struct tz *z =
        tz_open("America/New_York", OCT - 400 * DAY, NOV + 40 * DAY, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    return z;
}

static void parse_reads_days_and_clock(void)
{
    struct service_hours h;
    char msg[256];

    memset(&h, 0, sizeof h);
    CU_ASSERT_EQUAL(hours_parse(&h, "Mon-Fri 08:00-18:00", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(h.days, 0x3Eu); /* bits 1..5: Monday..Friday */
    CU_ASSERT_EQUAL(h.open, 8 * HOUR);
    CU_ASSERT_EQUAL(h.close, 18 * HOUR);
    CU_ASSERT(h.set);
    /* A range runs forward through the week; 24:00 closes at midnight. */
    memset(&h, 0, sizeof h);
    CU_ASSERT_EQUAL(hours_parse(&h, "Sat-Sun 00:00-24:00", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(h.days, 0x41u); /* bits 6 and 0 */
    CU_ASSERT_EQUAL(h.close, DAY);
    memset(&h, 0, sizeof h);
    CU_ASSERT_EQUAL(hours_parse(&h, "Mon,Wed,Fri 09:30-17:45", msg, sizeof msg),
                    0);
    CU_ASSERT_EQUAL(h.days, 0x2Au);
    CU_ASSERT_EQUAL(h.open, 9 * HOUR + 30 * 60);
    CU_ASSERT_EQUAL(h.close, 17 * HOUR + 45 * 60);
}

static void parse_rejects_bad_schedules(void)
{
    static const char *const bad[] = {
        "Mon-Fri 18:00-08:00", /* ends before it starts */
        "Mon-Fri 08:00-08:00", /* empty */
        "Mon-Fri 08:00-24:01",
        "Mon-Fri 08:60-18:00",
        "Mon-Fri 8:00-18:00",
        "Mo-Fr 08:00-18:00",
        "Mon-Fri",
        "Mon-Fri 08:00-18:00 x",
        "Mon- 08:00-18:00",
        "Mon, 08:00-18:00",
        "",
    };
    char msg[256];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct service_hours h;
        memset(&h, 0, sizeof h);
        CU_ASSERT_EQUAL(hours_parse(&h, bad[i], msg, sizeof msg), -1);
        CU_ASSERT(strncmp(msg, "service_hours: ", 15) == 0);
        CU_ASSERT(!h.set);
    }
    {
        struct service_hours h;
        memset(&h, 0, sizeof h);
        hours_parse(&h, "Mon-Fri 18:00-08:00", msg, sizeof msg);
        ASSERT_STR(msg, "service_hours: the hours must end after they start "
                        "on the same day (at most 24:00): "
                        "Mon-Fri 18:00-08:00");
    }
}

/* Mon 19 to Mon 26 October: five CEST days, then one CET day. */
static void service_time_follows_the_zone_across_dst(void)
{
    struct service_hours h;
    struct ivset s;
    char msg[256];
    int k;

    memset(&h, 0, sizeof h);
    ivset_init(&s);
    hours_parse(&h, "Mon-Fri 08:00-18:00", msg, sizeof msg);
    h.tz = berlin();
    hours_service(&h, h.tz, OCTD(19), OCTD(27), &s);
    CU_ASSERT_EQUAL_FATAL(s.n, 6);
    for (k = 0; k < 5; k++) { /* 06:00Z-16:00Z */
        CU_ASSERT_EQUAL(s.v[k].start, OCTD(19 + k) + 6 * HOUR);
        CU_ASSERT_EQUAL(s.v[k].end, OCTD(19 + k) + 16 * HOUR);
    }
    CU_ASSERT_EQUAL(s.v[5].start, OCTD(26) + 7 * HOUR); /* 07:00Z-17:00Z */
    CU_ASSERT_EQUAL(s.v[5].end, OCTD(26) + 17 * HOUR);
    CU_ASSERT_EQUAL(ivset_total(&s), 6 * 10 * HOUR);
    /* The window cuts the hours: from 06:00:01Z Monday, to 15:59:59Z
     * Friday. */
    hours_service(&h, h.tz, OCTD(19) + 6 * HOUR + 1, OCTD(23) + 16 * HOUR - 1,
                  &s);
    CU_ASSERT_EQUAL(ivset_total(&s), 5 * 10 * HOUR - 2);
    ivset_free(&s);
    tz_free(h.tz);
}

/* Whole days: Sunday 25 October 2026 has 25 hours in Berlin, Sunday 29
 * March 2026 has 23. */
static void dst_days_are_exact(void)
{
    struct service_hours h;
    struct ivset s;
    char msg[256];
    int64_t mar29 = civil_days_from_date(2026, 3, 29) * DAY;

    memset(&h, 0, sizeof h);
    ivset_init(&s);
    hours_parse(&h, "Sun 00:00-24:00", msg, sizeof msg);
    h.tz = berlin();
    hours_service(&h, h.tz, OCT, NOV, &s);
    /* Sundays 4, 11, 18 (CEST: 22:00Z the day before to 22:00Z), 25 (from
     * 24 Oct 22:00Z to 25 Oct 23:00Z: 25 h), and the first hour of Sunday
     * 1 November (CET), which starts at 31 Oct 23:00Z, inside October in
     * UTC: 3 × 24 h + 25 h + 1 h. */
    CU_ASSERT_EQUAL_FATAL(s.n, 5);
    CU_ASSERT_EQUAL(s.v[0].start, OCTD(3) + 22 * HOUR);
    CU_ASSERT_EQUAL(s.v[3].start, OCTD(24) + 22 * HOUR);
    CU_ASSERT_EQUAL(s.v[3].end, OCTD(25) + 23 * HOUR);
    CU_ASSERT_EQUAL(s.v[4].start, OCTD(31) + 23 * HOUR);
    CU_ASSERT_EQUAL(s.v[4].end, NOV);
    CU_ASSERT_EQUAL(ivset_total(&s), 3 * 24 * HOUR + 25 * HOUR + HOUR);
    /* 29 March: 28 March 23:00Z (CET) to 29 March 22:00Z (CEST): 23 h. */
    hours_service(&h, h.tz, mar29 - DAY, mar29 + DAY, &s);
    CU_ASSERT_EQUAL_FATAL(s.n, 1);
    CU_ASSERT_EQUAL(s.v[0].start, mar29 - HOUR);
    CU_ASSERT_EQUAL(s.v[0].end, mar29 + 22 * HOUR);
    CU_ASSERT_EQUAL(ivset_total(&s), 23 * HOUR);
    ivset_free(&s);
    tz_free(h.tz);
}

static void holidays_leave_service_time(void)
{
    struct service_hours h;
    struct ivset s;
    char msg[256];
    int64_t hol[2] = {OCTD(20) / DAY, OCTD(26) / DAY};

    memset(&h, 0, sizeof h);
    ivset_init(&s);
    hours_parse(&h, "Mon-Fri 08:00-18:00", msg, sizeof msg);
    h.tz = berlin();
    h.holidays = hol;
    h.nholidays = 2;
    CU_ASSERT(hours_is_holiday(&h, OCTD(20) / DAY));
    CU_ASSERT(!hours_is_holiday(&h, OCTD(21) / DAY));
    hours_service(&h, h.tz, OCTD(19), OCTD(27), &s);
    /* Tuesday 20 and Monday 26 are holidays: 4 days of 10 h. */
    CU_ASSERT_EQUAL(s.n, 4);
    CU_ASSERT_EQUAL(ivset_total(&s), 4 * 10 * HOUR);
    CU_ASSERT(!ivset_overlaps(&s, OCTD(20), OCTD(21)));
    ivset_free(&s);
    tz_free(h.tz);
}

/* A tiers policy (below 99.9 %: 10 %) with Berlin office hours, and a
 * 6.00 EUR subscription active all October. October 2026 has 22 weekdays
 * (Thu 1 to Fri 30; Sat 31 is not one): A = 22 × 10 h = 792,000 s, and
 * 99.9 % of it is up when D ≤ 792 s: 792 s is exactly 99.9 % (not below),
 * 793 s is 99.8998 % (below). */
struct hfx {
    struct tier tier;
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
    char msg[256];
};

static void hfx_init(struct hfx *f)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    f->tier.threshold = 999000;
    f->tier.percent = 100000;
    f->p.name = (char *)"office";
    f->p.kind = POLICY_TIERS;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.tiers = &f->tier;
    f->p.ntiers = 1;
    f->p.cap_percent = 100 * POLICY_SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.fee_basis = FEE_FULL;
    hours_parse(&f->p.hours, "Mon-Fri 08:00-18:00", f->msg, sizeof f->msg);
    f->p.hours.zone = (char *)"Europe/Berlin";
    f->p.hours.tz = berlin();
    f->s.id = (char *)"s1";
    f->s.customer = (char *)"c1";
    f->k.plan = (char *)"basic";
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->k.payment_method = (char *)"card";
    f->s.starts_at = OCT - 100 * DAY;
    f->s.ends_at = INT64_MAX;
    ivset_init(&f->ev);
    calc_decision_init(&f->d);
}

static int hfx_decide(struct hfx *f)
{
    struct calc_input in;

    memset(&in, 0, sizeof in);
    ivset_normalize(&f->ev);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = OCT;
    in.month_end = NOV;
    in.evidence = &f->ev;
    return calc_decide(&in, &f->d, &f->e);
}

static void hfx_free(struct hfx *f)
{
    tz_free(f->p.hours.tz);
    ivset_free(&f->ev);
    calc_decision_free(&f->d);
}

/* An outage from 07:59:59 to 08:13:12 CEST on Tuesday 20 October (05:59:59Z
 * to 06:13:12Z): 793 s long, 792 s of it in service hours. */
static void downtime_counts_only_inside_service_hours(void)
{
    struct hfx f;

    hfx_init(&f);
    ivset_add(&f.ev, OCTD(20) + 6 * HOUR - 1, OCTD(20) + 6 * HOUR + 792);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 792000);
    CU_ASSERT_EQUAL(f.d.calendar_secs, 31 * DAY);
    CU_ASSERT_EQUAL(f.d.down_secs, 792);
    CU_ASSERT_EQUAL(f.d.off_hours_ms, 1000);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    ASSERT_STR(f.d.uptime, "99.9000");
    /* One second more inside: 793 s, below 99.9 %: 10 % of 6.00 EUR. */
    ivset_clear(&f.ev);
    ivset_add(&f.ev, OCTD(20) + 6 * HOUR - 1, OCTD(20) + 6 * HOUR + 793);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.down_secs, 793);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 60);
    ASSERT_STR(f.d.uptime, "99.8998");
    hfx_free(&f);
}

/* 06:00Z-07:00Z is 08:00-09:00 on Friday 23 October (CEST), but 07:00-08:00,
 * before opening, on Monday 26 October (CET). */
static void dst_moves_the_hours_in_utc(void)
{
    struct hfx f;

    hfx_init(&f);
    ivset_add(&f.ev, OCTD(26) + 6 * HOUR, OCTD(26) + 7 * HOUR);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.off_hours_ms, HOUR * 1000);
    ivset_clear(&f.ev);
    ivset_add(&f.ev, OCTD(23) + 6 * HOUR, OCTD(23) + 7 * HOUR);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.down_secs, HOUR);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.off_hours_ms, 0);
    hfx_free(&f);
}

/* A whole night and weekend down counts nothing; a subscription active
 * only on Saturday 31 October has no service hours at all. */
static void no_service_hours_no_active_time(void)
{
    struct hfx f;
    char why[192];

    hfx_init(&f);
    ivset_add(&f.ev, OCTD(23) + 16 * HOUR, OCTD(26) + 7 * HOUR);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.off_hours_ms, (int64_t)(2 * DAY + 15 * HOUR) * 1000);
    explain_reason(&f.d, &f.s, why, sizeof why);
    ASSERT_STR(why, "no downtime in service hours; 226800 s outside them not "
                    "counted");
    f.s.starts_at = OCTD(31);
    CU_ASSERT_EQUAL(hfx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    explain_reason(&f.d, &f.s, why, sizeof why);
    ASSERT_STR(why, "no service hours in the active window");
    hfx_free(&f);
}

/* The subscription's own zone wins over the policy's; without one the
 * policy's applies. */
static void zone_is_the_rows_then_the_policys(void)
{
    struct service_hours h;
    struct sub s;
    struct sub_extra x;
    struct tz *ny = new_york();

    memset(&h, 0, sizeof h);
    memset(&s, 0, sizeof s);
    memset(&x, 0, sizeof x);
    h.tz = berlin();
    CU_ASSERT_PTR_EQUAL(hours_zone(&h, &s), h.tz);
    CU_ASSERT_PTR_EQUAL(hours_zone(&h, NULL), h.tz);
    s.extra = &x;
    CU_ASSERT_PTR_EQUAL(hours_zone(&h, &s), h.tz); /* extra, no zone */
    x.tz = ny;
    CU_ASSERT_PTR_EQUAL(hours_zone(&h, &s), ny);
    tz_free(h.tz);
    h.tz = NULL;
    CU_ASSERT_PTR_EQUAL(hours_zone(&h, &s), ny);
    x.tz = NULL;
    CU_ASSERT_PTR_NULL(hours_zone(&h, &s));
    tz_free(ny);
}

/* Mon-Fri 08:00-18:00 read in the row's zone, New York: Friday 30 October
 * (EDT) is 12:00Z-22:00Z, Monday 2 November (EST) 13:00Z-23:00Z; Sunday 1
 * November, the day the clocks go back, has 25 h (04:00Z to 05:00Z the
 * next day), and Sunday 8 March 2026 has 23 h (05:00Z to 04:00Z). */
static void dst_day_in_the_rows_zone(void)
{
    struct service_hours h;
    struct sub sub;
    struct sub_extra x;
    struct ivset s;
    char msg[256];
    int64_t nov1 = NOV, mar8 = civil_days_from_date(2026, 3, 8) * DAY;

    memset(&h, 0, sizeof h);
    memset(&sub, 0, sizeof sub);
    memset(&x, 0, sizeof x);
    sub.extra = &x;
    ivset_init(&s);
    hours_parse(&h, "Mon-Fri 08:00-18:00", msg, sizeof msg);
    h.tz = berlin();
    x.tz = new_york();
    hours_service(&h, hours_zone(&h, &sub), OCTD(30), NOV + 2 * DAY, &s);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT_EQUAL(s.v[0].start, OCTD(30) + 12 * HOUR);
    CU_ASSERT_EQUAL(s.v[0].end, OCTD(30) + 22 * HOUR);
    CU_ASSERT_EQUAL(s.v[1].start, NOV + DAY + 13 * HOUR);
    CU_ASSERT_EQUAL(s.v[1].end, NOV + DAY + 23 * HOUR);
    hours_parse(&h, "Sun 00:00-24:00", msg, sizeof msg);
    hours_service(&h, hours_zone(&h, &sub), nov1 - DAY, nov1 + 2 * DAY, &s);
    CU_ASSERT_EQUAL_FATAL(s.n, 1);
    CU_ASSERT_EQUAL(s.v[0].start, nov1 + 4 * HOUR);
    CU_ASSERT_EQUAL(s.v[0].end, nov1 + DAY + 5 * HOUR);
    CU_ASSERT_EQUAL(ivset_total(&s), 25 * HOUR);
    hours_service(&h, hours_zone(&h, &sub), mar8 - DAY, mar8 + 2 * DAY, &s);
    CU_ASSERT_EQUAL_FATAL(s.n, 1);
    CU_ASSERT_EQUAL(s.v[0].start, mar8 + 5 * HOUR);
    CU_ASSERT_EQUAL(s.v[0].end, mar8 + DAY + 4 * HOUR);
    CU_ASSERT_EQUAL(ivset_total(&s), 23 * HOUR);
    ivset_free(&s);
    tz_free(h.tz);
    tz_free((struct tz *)x.tz);
}

/* One second of downtime at [t, t+1): counted (1 s down, nothing outside)
 * or not (0 s down, 1 s outside). */
static void one_second(struct hfx *f, int64_t t, bool inside)
{
    ivset_clear(&f->ev);
    ivset_add(&f->ev, t, t + 1);
    CU_ASSERT_EQUAL_FATAL(hfx_decide(f), 0);
    CU_ASSERT_EQUAL(f->d.active_secs, 792000);
    CU_ASSERT_EQUAL(f->d.down_secs, inside ? 1 : 0);
    CU_ASSERT_EQUAL(f->d.off_hours_ms, inside ? 0 : 1000);
}

/* The same hours, two zones, on Tuesday 20 October. Berlin (the policy's
 * zone, CEST): 08:00-18:00 is 06:00Z-16:00Z. New York (the row's zone,
 * EDT): 12:00Z-22:00Z. Each zone has 22 weekdays of 10 h in October, so A
 * is 792,000 s under both. A second just before opening and just after
 * closing is out; the first and the last second of the hours are in. */
static void same_hours_two_zones_one_second_either_side(void)
{
    struct hfx f;
    struct sub_extra x;
    int64_t t = OCTD(20);

    hfx_init(&f);
    one_second(&f, t + 6 * HOUR - 1, false); /* 07:59:59 CEST */
    one_second(&f, t + 6 * HOUR, true);      /* 08:00:00 */
    one_second(&f, t + 16 * HOUR - 1, true); /* 17:59:59 */
    one_second(&f, t + 16 * HOUR, false);    /* 18:00:00 */
    one_second(&f, t + 12 * HOUR, true);     /* 14:00 CEST */
    memset(&x, 0, sizeof x);
    x.tz = new_york();
    f.s.extra = &x;
    one_second(&f, t + 6 * HOUR, false);      /* 02:00 EDT */
    one_second(&f, t + 12 * HOUR - 1, false); /* 07:59:59 EDT */
    one_second(&f, t + 12 * HOUR, true);      /* 08:00:00 */
    one_second(&f, t + 22 * HOUR - 1, true);  /* 17:59:59 */
    one_second(&f, t + 22 * HOUR, false);     /* 18:00:00 */
    tz_free((struct tz *)x.tz);
    hfx_free(&f);
}

/* A row under hours with no zone at all is the caller's bug: an error, not
 * a silent UTC. */
static void calc_refuses_hours_without_a_zone(void)
{
    struct hfx f;

    hfx_init(&f);
    tz_free(f.p.hours.tz);
    f.p.hours.tz = NULL;
    CU_ASSERT_EQUAL(hfx_decide(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_SOFTWARE);
    hfx_free(&f);
}

static void validate_rejects_contradictions(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "x", 3);
    p.tiers = NULL;
    {
        static struct tier t = {999000, 100000};
        p.tiers = &t;
        p.ntiers = 1;
    }
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.hours.zone = (char *)"Europe/Berlin";
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "service_time_zone needs service_hours");
    p.hours.zone = NULL;
    p.hours.holidays_path = (char *)"h.txt";
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "holidays needs service_hours");
    p.hours.holidays_path = NULL;
    hours_parse(&p.hours, "Mon-Fri 08:00-18:00", msg, sizeof msg);
    /* Without service_time_zone the hours are read in each row's
     * time_zone, which the roster reader requires (test_roster.c). */
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.hours.zone = (char *)"Europe/Berlin";
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.fee_basis = FEE_PRORATED;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    CU_ASSERT(strncmp(msg, "service_hours and fee_basis = prorated", 38) == 0);
    p.hours.zone = NULL;
    p.tiers = NULL;
    policy_free(&p);
}

static void holidays_file_is_read_and_checked(void)
{
    struct tf t;
    struct service_hours h;
    struct err e;
    char path[512];

    tf_init(&t);
    memset(&h, 0, sizeof h);
    tf_write(&t, "h.txt",
             "# Germany, Berlin\n\n2026-12-25 Christmas Day\n"
             "2026-10-03\tGerman Unity Day\n  2026-12-26\n",
             path, sizeof path);
    h.zone = xstrdup("Europe/Berlin");
    h.holidays_path = xstrdup(path);
    CU_ASSERT_EQUAL(holidays_load(&h, &e), 0);
    CU_ASSERT_PTR_NOT_NULL(h.tz);
    CU_ASSERT_EQUAL_FATAL(h.nholidays, 3);
    CU_ASSERT_EQUAL(h.holidays[0], civil_days_from_date(2026, 10, 3));
    CU_ASSERT_EQUAL(h.holidays[1], civil_days_from_date(2026, 12, 25));
    CU_ASSERT_EQUAL(h.holidays[2], civil_days_from_date(2026, 12, 26));
    hours_free(&h);

    tf_write(&t, "bad.txt", "2026-12-25\n# x\n2026-02-29\n", path, sizeof path);
    h.holidays_path = xstrdup(path);
    CU_ASSERT_EQUAL(holidays_load(&h, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
    CU_ASSERT_EQUAL(e.line, 3);
    ASSERT_STR(e.file, path);
    ASSERT_STR(e.msg, "not a date (want YYYY-MM-DD): 2026-02-29");
    hours_free(&h);

    tf_write(&t, "twice.txt", "2026-12-25\n2026-12-25 again\n", path,
             sizeof path);
    h.holidays_path = xstrdup(path);
    CU_ASSERT_EQUAL(holidays_load(&h, &e), -1);
    CU_ASSERT_EQUAL(e.line, 2);
    ASSERT_STR(e.msg, "date given twice: 2026-12-25");
    hours_free(&h);

    h.holidays_path = xstrdup("/nonexistent/holidays.txt");
    CU_ASSERT_EQUAL(holidays_load(&h, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    hours_free(&h);

    h.zone = xstrdup("Mars/Base");
    CU_ASSERT_EQUAL(holidays_load(&h, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
    hours_free(&h);
    tf_cleanup(&t);
}

CU_TestInfo hours_tests[] = {
    {"parse_reads_days_and_clock", parse_reads_days_and_clock},
    {"parse_rejects_bad_schedules", parse_rejects_bad_schedules},
    {"service_time_follows_the_zone_across_dst",
     service_time_follows_the_zone_across_dst},
    {"dst_days_are_exact", dst_days_are_exact},
    {"holidays_leave_service_time", holidays_leave_service_time},
    {"downtime_counts_only_inside_service_hours",
     downtime_counts_only_inside_service_hours},
    {"dst_moves_the_hours_in_utc", dst_moves_the_hours_in_utc},
    {"no_service_hours_no_active_time", no_service_hours_no_active_time},
    {"zone_is_the_rows_then_the_policys", zone_is_the_rows_then_the_policys},
    {"dst_day_in_the_rows_zone", dst_day_in_the_rows_zone},
    {"same_hours_two_zones_one_second_either_side",
     same_hours_two_zones_one_second_either_side},
    {"calc_refuses_hours_without_a_zone", calc_refuses_hours_without_a_zone},
    {"validate_rejects_contradictions", validate_rejects_contradictions},
    {"holidays_file_is_read_and_checked", holidays_file_is_read_and_checked},
    CU_TEST_INFO_NULL,
};
