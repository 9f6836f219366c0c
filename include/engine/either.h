/* either: the better of several calculations. A composite policy (either =
 * A, B) decides a subscription under each member policy on its own, then
 * pays only the larger credit, not both (GitHub: "A Service Credits claim
 * may be based on either (not both) of the following calculations"). This
 * module compares the members' decisions and words the choice; the caller
 * makes the decisions (calc_decide() per member, each with its own
 * evidence) and keeps the winner's. Pure: no I/O.
 * Life cycle: either_pick(), then either_summary() and either_mark(). */
#ifndef SLACREDIT_EITHER_H
#define SLACREDIT_EITHER_H

#include <stddef.h>
#include <stdint.h>

struct decision;
struct sub;

/* What d pays, the figure the members are compared by: the amount (minor
 * units) of a credited money decision, the plan time (seconds) of a
 * credited plan extension (also once the ledger found it already issued),
 * 0 for every other outcome (nothing is paid, a credit below the minimum
 * included). The members of one composite pay in
 * the same kind of remedy (policy_link() checks it), so the figures
 * compare. */
int64_t either_value(const struct decision *d);

/* The index, in d[0..n) (n >= 1, the members in the order either lists
 * them), of the decision that pays the most; a tie goes to the first
 * listed, and so does a month where none pays. */
size_t either_pick(const struct decision *const *d, size_t n);

/* Writes into out (cap bytes, cut when longer) which members paid what and
 * which won, from the decisions of the n members (each decision names its
 * member in d[i]->policy) and the winner's index: "better of github-10
 * (12.00 USD) and github-25 (30.00 USD): github-25", "better of a
 * (above_threshold) and b (no_downtime): none credits", a plan extension
 * as "(3 day(s) of plan time)"; a tie adds "(a tie: the first listed)". */
void either_summary(const struct decision *const *d, size_t n, size_t winner,
                    const struct sub *s, char *out, size_t cap);

/* Marks the winning decision as the composite's: its basis gets
 * "either=<member>" in front (credits.csv), its detail the summary in
 * front of its own reason, after "; " (decisions.csv). */
void either_mark(struct decision *winner, const char *summary);

#endif
