/* either: the better of several calculations (see either.h). */
#include "engine/either.h"

#include "engine/calc.h"
#include "engine/policy.h"
#include "engine/subscription.h"
#include "lib/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int64_t either_value(const struct decision *d)
{
    /* already_issued: credited, and the ledger holds the credit already. */
    if (d->outcome != OUTCOME_CREDITED && d->outcome != OUTCOME_ALREADY_ISSUED)
        return 0;
    return d->remedy == REMEDY_PLAN_EXTENSION ? d->extension : d->amount;
}

size_t either_pick(const struct decision *const *d, size_t n)
{
    size_t i, best = 0;

    for (i = 1; i < n; i++) {
        /* Strictly larger: an equal credit leaves the first listed. */
        if (either_value(d[i]) > either_value(d[best]))
            best = i;
    }
    return best;
}

/* What one member paid, in words: "12.00 USD", "3 day(s) of plan time", or
 * its outcome when it paid nothing. */
static void paid_text(const struct decision *d, const struct sub *s, char *out,
                      size_t cap)
{
    char amount[32];

    if (either_value(d) == 0) {
        snprintf(out, cap, "%s", calc_outcome_name(d->outcome));
    } else if (d->remedy == REMEDY_PLAN_EXTENSION) {
        snprintf(out, cap, "%lld day(s) of plan time",
                 (long long)(d->extension / 86400));
    } else {
        money_format(d->amount, sub_exponent(s), amount, sizeof amount);
        snprintf(out, cap, "%s %s", amount, sub_currency(s));
    }
}

/* Appends text to out (cut when too long). */
static void append(char *out, size_t cap, const char *text)
{
    size_t n = strlen(out), len = strlen(text);

    if (n + 1 >= cap)
        return;
    if (len > cap - n - 1)
        len = cap - n - 1;
    memcpy(out + n, text, len);
    out[n + len] = '\0';
}

void either_summary(const struct decision *const *d, size_t n, size_t winner,
                    const struct sub *s, char *out, size_t cap)
{
    char part[160], paid[64];
    int64_t best = either_value(d[winner]);
    bool tie = false;
    size_t i;

    out[0] = '\0';
    append(out, cap, "better of ");
    for (i = 0; i < n; i++) {
        paid_text(d[i], s, paid, sizeof paid);
        snprintf(part, sizeof part, "%s%s (%s)",
                 i == 0       ? ""
                 : i + 1 == n ? " and "
                              : ", ",
                 d[i]->policy->name, paid);
        append(out, cap, part);
        tie = tie || (i != winner && best > 0 && either_value(d[i]) == best);
    }
    if (best == 0) {
        append(out, cap, ": none credits");
        return;
    }
    snprintf(part, sizeof part, ": %s%s", d[winner]->policy->name,
             tie ? " (a tie: the first listed)" : "");
    append(out, cap, part);
}

void either_mark(struct decision *winner, const char *summary)
{
    char old[sizeof winner->detail];

    /* Both cut when too long, as every basis and detail is. */
    memcpy(old, winner->basis, sizeof winner->basis);
    winner->basis[0] = '\0';
    append(winner->basis, sizeof winner->basis, "either=");
    append(winner->basis, sizeof winner->basis, winner->policy->name);
    if (old[0] != '\0') {
        append(winner->basis, sizeof winner->basis, ";");
        append(winner->basis, sizeof winner->basis, old);
    }
    memcpy(old, winner->detail, sizeof winner->detail);
    winner->detail[0] = '\0';
    append(winner->detail, sizeof winner->detail, summary);
    if (old[0] != '\0') {
        append(winner->detail, sizeof winner->detail, "; ");
        append(winner->detail, sizeof winner->detail, old);
    }
}
