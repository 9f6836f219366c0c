/* explain: one decision told in plain words, for a support agent answering
 * "why did I get 0.40 EUR?": the active window, every downtime window with
 * its source (monitor, incident, component), what was excluded and why, the
 * uptime, the rule applied (tier, days, outage seconds), the arithmetic and
 * its rounding, the cap, the eligibility checks, the outcome and the
 * ledger's state. A writer: it formats what the engine decided, it decides
 * nothing. */
#ifndef SLACREDIT_EXPLAIN_H
#define SLACREDIT_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct credit_row;
struct decision;
struct evidence;
struct ledger_issued;
struct sub;

struct explain_input {
    const char *period;             /* YYYY-MM */
    int64_t month_start, month_end; /* epoch s */
    const struct sub *sub;
    const struct decision *d; /* after the ledger was consulted */
    const struct evidence *x;
    bool has_ledger;                    /* --ledger was given */
    const struct ledger_issued *issued; /* what it holds for this id */
    const struct credit_row *row;       /* the credits.csv row, or NULL */
    /* A composite policy (either = A, B): each member's decision, in the
     * order either lists them, members[winner] being d; nmembers is 0 for
     * any other policy. Read by explain_write() only. */
    const struct decision *const *members;
    size_t nmembers;
    size_t winner;
};

/* Appends the explanation to b. */
void explain_write(struct buf *b, const struct explain_input *in);
/* Appends only the fee, the rule applied and the eligibility checks, in
 * the same words (for a decision with an active window; the ledger fields
 * of in are not read). */
void explain_rule(struct buf *b, const struct explain_input *in);

/* Writes the reason of d, a decision calc_decide() made for s, in plain
 * words into out (cap bytes; cut when longer): the one-line reason of
 * decisions.csv's detail column and explain's outcome line, such as "2
 * started day(s) of downtime, each worth 1/30 of the fee". Empty for
 * already_issued, whose reason is the ledger's. */
void explain_reason(const struct decision *d, const struct sub *s, char *out,
                    size_t cap);

#endif
