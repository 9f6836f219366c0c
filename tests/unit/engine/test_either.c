/* Unit tests for either (the better of several calculations) and the
 * composite policy's keys: the pick at its boundaries (equal credits go to
 * the first listed, one minor unit either side decides, a credit below the
 * minimum pays nothing, plan time against plan time), the summary and the
 * marks on the winner's basis and detail, and the checks of either = (its
 * list, no other key beside it, members that exist, do not nest and pay in
 * one kind of remedy). */
#include "engine/either.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "engine/calc.h"
#include "engine/policy.h"
#include "engine/subscription.h"
#include "lib/keys.h"
#include "testutil.h"

/* Three members and decisions made under them (no sets: either reads the
 * outcome, the remedy and the figures only). */
struct ex {
    struct policy p[3];
    char names[3][8];
    struct decision d[3];
    const struct decision *v[3];
    struct sub_class k; /* s's class */
    struct sub s;
    char id[8];
};

static void ex_init(struct ex *f)
{
    size_t i;

    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    for (i = 0; i < 3; i++) {
        snprintf(f->names[i], sizeof f->names[i], "%c", (char)('a' + i));
        f->p[i].name = f->names[i];
        f->d[i].policy = &f->p[i];
        f->d[i].outcome = OUTCOME_ABOVE_THRESHOLD;
        f->d[i].remedy = REMEDY_INVOICE_CREDIT;
        f->v[i] = &f->d[i];
    }
    snprintf(f->id, sizeof f->id, "s1");
    f->s.id = f->id;
    memcpy(f->k.currency, "USD", 4);
    f->k.exponent = 2;
}

/* Member i credited amount minor units. */
static void paid(struct ex *f, size_t i, int64_t amount)
{
    f->d[i].outcome = OUTCOME_CREDITED;
    f->d[i].amount = amount;
}

static void pick_at_the_boundaries(void)
{
    struct ex f;

    ex_init(&f);
    /* Equal credits: the first listed. */
    paid(&f, 0, 1200);
    paid(&f, 1, 1200);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 0);
    /* One minor unit more for the second: the second. */
    paid(&f, 1, 1201);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 1);
    /* One minor unit less: the first. */
    paid(&f, 1, 1199);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 0);
    /* The first pays nothing, the second one minor unit: the second. */
    f.d[0].outcome = OUTCOME_ABOVE_THRESHOLD;
    paid(&f, 1, 1);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 1);
    /* A credit below the minimum is not paid: it counts as nothing. */
    f.d[0].outcome = OUTCOME_BELOW_MINIMUM;
    f.d[0].amount = 5000;
    CU_ASSERT_EQUAL(either_value(&f.d[0]), 0);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 1);
    /* A credit the ledger already holds is still what the member pays
     * (explain reads the decisions after the ledger). */
    f.d[1].outcome = OUTCOME_ALREADY_ISSUED;
    CU_ASSERT_EQUAL(either_value(&f.d[1]), 1);
    /* Nothing paid by either: the first listed. */
    f.d[1].outcome = OUTCOME_NO_DOWNTIME;
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 0);
    /* One member alone is its own pick. */
    CU_ASSERT_EQUAL(either_pick(f.v, 1), 0);
    /* Three: the largest, and among equal largest the first listed. */
    paid(&f, 0, 1000);
    paid(&f, 1, 1200);
    paid(&f, 2, 1200);
    CU_ASSERT_EQUAL(either_pick(f.v, 3), 1);
    paid(&f, 2, 1201);
    CU_ASSERT_EQUAL(either_pick(f.v, 3), 2);
}

static void plan_time_is_compared_in_seconds(void)
{
    struct ex f;

    ex_init(&f);
    f.d[0].remedy = f.d[1].remedy = REMEDY_PLAN_EXTENSION;
    f.d[0].outcome = f.d[1].outcome = OUTCOME_CREDITED;
    f.d[0].extension = 3 * 86400;
    f.d[1].extension = 8 * 86400;
    CU_ASSERT_EQUAL(either_value(&f.d[1]), 8 * 86400);
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 1);
    f.d[1].extension = 3 * 86400;
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 0);
    f.d[1].extension = 3 * 86400 + 1;
    CU_ASSERT_EQUAL(either_pick(f.v, 2), 1);
}

static void summary_names_what_each_paid_and_the_winner(void)
{
    struct ex f;
    char out[192];

    ex_init(&f);
    paid(&f, 0, 1200);
    either_summary(f.v, 2, 0, &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (12.00 USD) and b (above_threshold): a");
    paid(&f, 1, 3000);
    either_summary(f.v, 2, either_pick(f.v, 2), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (12.00 USD) and b (30.00 USD): b");
    paid(&f, 1, 1200);
    either_summary(f.v, 2, either_pick(f.v, 2), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (12.00 USD) and b (12.00 USD): a (a tie: the "
                    "first listed)");
    /* Three members: commas, then "and". */
    paid(&f, 0, 1000);
    paid(&f, 2, 1200);
    either_summary(f.v, 3, either_pick(f.v, 3), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (10.00 USD), b (12.00 USD) and c (12.00 "
                    "USD): b (a tie: the first listed)");
    /* None pays. */
    f.d[0].outcome = OUTCOME_NO_DOWNTIME;
    f.d[1].outcome = OUTCOME_INELIGIBLE_PLAN;
    either_summary(f.v, 2, either_pick(f.v, 2), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (no_downtime) and b (ineligible_plan): none "
                    "credits");
    /* Plan time in days; a currency without minor units. */
    f.d[0].outcome = f.d[1].outcome = OUTCOME_CREDITED;
    f.d[0].remedy = f.d[1].remedy = REMEDY_PLAN_EXTENSION;
    f.d[0].extension = 3 * 86400;
    f.d[1].extension = 8 * 86400;
    either_summary(f.v, 2, either_pick(f.v, 2), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (3 day(s) of plan time) and b (8 day(s) of "
                    "plan time): b");
    f.d[0].remedy = f.d[1].remedy = REMEDY_WALLET_CREDIT;
    f.d[0].amount = 1200;
    f.d[1].amount = 900;
    memcpy(f.k.currency, "JPY", 4);
    f.k.exponent = 0;
    either_summary(f.v, 2, either_pick(f.v, 2), &f.s, out, sizeof out);
    ASSERT_STR(out, "better of a (1200 JPY) and b (900 JPY): a");
    /* Cut, never overrun, in a small buffer. */
    either_summary(f.v, 2, 0, &f.s, out, 12);
    ASSERT_STR(out, "better of a");
}

static void mark_puts_the_winner_first(void)
{
    struct ex f;
    char long_reason[400];

    ex_init(&f);
    paid(&f, 1, 3000);
    snprintf(f.d[1].basis, sizeof f.d[1].basis, "tier<99.0=25%%");
    snprintf(f.d[1].detail, sizeof f.d[1].detail,
             "uptime 98.6111%% below "
             "99.0%%: 25%% of the fee");
    either_mark(&f.d[1], "better of a (12.00 USD) and b (30.00 USD): b");
    ASSERT_STR(f.d[1].basis, "either=b;tier<99.0=25%");
    ASSERT_STR(f.d[1].detail, "better of a (12.00 USD) and b (30.00 USD): b; "
                              "uptime 98.6111% below 99.0%: 25% of the fee");
    /* Nothing to follow: no separator. */
    f.d[0].basis[0] = '\0';
    f.d[0].detail[0] = '\0';
    either_mark(&f.d[0], "summary");
    ASSERT_STR(f.d[0].basis, "either=a");
    ASSERT_STR(f.d[0].detail, "summary");
    /* Too long: cut at the field's size. */
    memset(long_reason, 'x', sizeof long_reason - 1);
    long_reason[sizeof long_reason - 1] = '\0';
    snprintf(f.d[2].detail, sizeof f.d[2].detail, "%s", "reason");
    either_mark(&f.d[2], long_reason);
    CU_ASSERT_EQUAL(strlen(f.d[2].detail), sizeof f.d[2].detail - 1);
    CU_ASSERT_EQUAL(f.d[2].detail[0], 'x');
}

/* keys_set() and then policy_key_given() on a [policy] key, as the config
 * reader calls them, at line. */
static int give(struct policy *p, const char *key, const char *value, long line,
                char *msg, size_t cap)
{
    const struct keys_spec *k = policy_find_key(key);
    struct keys_env env = {""};

    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    msg[0] = '\0';
    if (keys_set(k, p, key, value, &env, msg, cap) != 0)
        return -1;
    return policy_key_given(p, key, value, line, msg, cap);
}

static void either_takes_a_list_and_no_other_key(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "github", 3);
    CU_ASSERT_FALSE(policy_is_either(&p));
    CU_ASSERT_EQUAL(give(&p, "either", "github-10", 4, msg, sizeof msg), -1);
    ASSERT_STR(msg, "either: name at least two policies: github-10");
    CU_ASSERT_EQUAL(give(&p, "either", "a, a", 4, msg, sizeof msg), -1);
    ASSERT_STR(msg, "either: a policy is named twice: a, a");
    CU_ASSERT_EQUAL(give(&p, "either", "a github", 4, msg, sizeof msg), -1);
    ASSERT_STR(msg, "either: a policy cannot name itself: a github");
    CU_ASSERT_EQUAL(give(&p, "either", "a b c d e f g h i", 4, msg, sizeof msg),
                    -1);
    ASSERT_STR(msg, "either: at most 8 policies: a b c d e f g h i");
    CU_ASSERT_FALSE(policy_is_either(&p));
    /* Eight, comma- or blank-separated, are fine. */
    CU_ASSERT_EQUAL(give(&p, "either", "a, b c,d e f g h", 4, msg, sizeof msg),
                    0);
    CU_ASSERT_TRUE(policy_is_either(&p));
    CU_ASSERT_EQUAL(p.neither, 8);
    ASSERT_STR(p.either[2], "c");
    CU_ASSERT_EQUAL(p.either_line, 4);
    /* A composite computes nothing itself: every other key is refused. */
    CU_ASSERT_EQUAL(give(&p, "kind", "ladder", 5, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind: not with either (the policies either names compute "
                    "the credit, each with its own keys): ladder");
    CU_ASSERT_EQUAL(give(&p, "tier", "99.9 10", 6, msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: not with either (the policies either names compute "
                    "the credit, each with its own keys): 99.9 10");
    /* ... and validation leaves its members to policy_link(). */
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    policy_free(&p);

    /* Another key first, either after it. */
    policy_init(&p, "github", 3);
    CU_ASSERT_EQUAL(give(&p, "remedy", "invoice_credit", 4, msg, sizeof msg),
                    0);
    CU_ASSERT_EQUAL(give(&p, "either", "a, b", 5, msg, sizeof msg), -1);
    ASSERT_STR(msg, "either: not with remedy (the policies either names "
                    "compute the credit, each with its own keys): a, b");
    policy_free(&p);
}

/* policies[0] = "all" with either = list; then the members named. */
static void link_case(const char *list, const char *const *names,
                      const enum remedy *remedies, size_t n, int want_rc,
                      const char *want_msg)
{
    struct policy all[4];
    char msg[256];
    size_t i;

    policy_init(&all[0], "all", 1);
    CU_ASSERT_EQUAL_FATAL(give(&all[0], "either", list, 2, msg, sizeof msg), 0);
    for (i = 0; i < n; i++) {
        policy_init(&all[i + 1], names[i], (long)(10 * (i + 1)));
        all[i + 1].remedy = remedies[i];
    }
    /* A member that is a composite itself. */
    if (n > 0 && strcmp(names[n - 1], "nested") == 0)
        CU_ASSERT_EQUAL(give(&all[n], "either", "a, all", 11, msg, sizeof msg),
                        0);
    msg[0] = '\0';
    CU_ASSERT_EQUAL(policy_link(all, n + 1, 0, msg, sizeof msg), want_rc);
    ASSERT_STR(msg, want_msg);
    if (want_rc == 0) {
        CU_ASSERT_PTR_EQUAL(all[0].members[0], &all[1]);
        CU_ASSERT_PTR_EQUAL(all[0].members[1], &all[2]);
    }
    for (i = 0; i <= n; i++)
        policy_free(&all[i]);
}

static void link_finds_comparable_members(void)
{
    static const char *const ab[] = {"a", "b"};
    static const char *const an[] = {"a", "nested"};
    static const enum remedy money[] = {REMEDY_INVOICE_CREDIT,
                                        REMEDY_WALLET_CREDIT};
    static const enum remedy days[] = {REMEDY_PLAN_EXTENSION,
                                       REMEDY_PLAN_EXTENSION};
    static const enum remedy billing[] = {REMEDY_BY_BILLING, REMEDY_BY_BILLING};
    static const enum remedy mixed[] = {REMEDY_INVOICE_CREDIT,
                                        REMEDY_PLAN_EXTENSION};
    static const enum remedy half[] = {REMEDY_BY_BILLING,
                                       REMEDY_INVOICE_CREDIT};

    link_case("a, b", ab, money, 2, 0, "");
    link_case("a, b", ab, days, 2, 0, "");
    link_case("a, b", ab, billing, 2, 0, "");
    link_case("a, zz", ab, money, 2, -1, "either: no [policy \"zz\"]: zz");
    link_case("a, nested", an, money, 2, -1,
              "either: [policy \"nested\"] names policies itself (either does "
              "not nest): nested");
    link_case("a, b", ab, mixed, 2, -1,
              "either: a pays in money, b in plan time: their credits cannot "
              "be compared: b");
    link_case("a, b", ab, half, 2, -1,
              "either: a pays in plan time or money by billing (by_billing), "
              "b in money: their credits cannot be compared: b");
}

static void link_leaves_other_policies_alone(void)
{
    struct policy p;
    char msg[64] = "";

    policy_init(&p, "plain", 1);
    CU_ASSERT_EQUAL(policy_link(&p, 1, 0, msg, sizeof msg), 0);
    CU_ASSERT_PTR_NULL(p.members[0]);
    policy_free(&p);
}

CU_TestInfo either_tests[] = {
    {"pick_at_the_boundaries", pick_at_the_boundaries},
    {"plan_time_is_compared_in_seconds", plan_time_is_compared_in_seconds},
    {"summary_names_what_each_paid_and_the_winner",
     summary_names_what_each_paid_and_the_winner},
    {"mark_puts_the_winner_first", mark_puts_the_winner_first},
    {"either_takes_a_list_and_no_other_key",
     either_takes_a_list_and_no_other_key},
    {"link_finds_comparable_members", link_finds_comparable_members},
    {"link_leaves_other_policies_alone", link_leaves_other_policies_alone},
    CU_TEST_INFO_NULL,
};
