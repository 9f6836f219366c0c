/* htmlpages: report.html and the customer statements (see htmlpages.h). */
#include "write/htmlpages.h"

#include "engine/calc.h"
#include "engine/evidence.h"
#include "engine/policy.h"
#include "engine/res.h"
#include "engine/sp.h"
#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/money.h"
#include "lib/sha.h"
#include "lib/spill.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "write/explain.h"
#include "write/html.h"
#include "write/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* One added subscription: its row of the roster (for its customer) and
 * its position in the run (for its statement section). Sorted by customer
 * at the end. */
struct page_sub {
    uint32_t row;   /* index in html_pages.base */
    uint32_t order; /* position in the run */
};

/* Subscriptions between two marks of where their sections begin. */
#define MARK_EVERY 64

/* Each subscription's statement section is rendered when it is added and
 * set aside in sections, one after the other in run order: its first byte
 * is the mark of its group of MARK_EVERY plus the lengths of those before
 * it in the group. 12 bytes a subscription (a million of them kept to the
 * end): its page_sub and its section's length. */
struct html_pages {
    char period[8];
    int64_t m0, m1, discrepancy_min;
    const struct sub *base; /* the roster's rows; borrowed */
    size_t nbase;
    struct page_sub *subs; /* nbase of them, nsubs added */
    uint32_t *lens;        /* section bytes by run order; 0: not active in
                              the month (no section, not on its statement) */
    uint64_t *marks;       /* first byte of the section of every
                              MARK_EVERY-th subscription in run order */
    size_t nsubs;
    struct spill rows;     /* report.html's subscription rows, in run order */
    struct spill sections; /* every statement section, in run order */
    struct spill disc;     /* discrepancy table rows */
    size_t ndisc;
};

struct html_pages *html_pages_new(const char *period, int64_t m0, int64_t m1,
                                  int64_t discrepancy_min,
                                  const struct sub *subs, size_t nsubs)
{
    struct html_pages *p = xcalloc(1, sizeof *p);

    p->base = subs;
    p->nbase = nsubs;
    p->subs = xcalloc(nsubs + 1, sizeof *p->subs);
    p->lens = xcalloc(nsubs + 1, sizeof *p->lens);
    p->marks = xcalloc(nsubs / MARK_EVERY + 1, sizeof *p->marks);
    snprintf(p->period, sizeof p->period, "%s", period);
    p->m0 = m0;
    p->m1 = m1;
    p->discrepancy_min = discrepancy_min;
    spill_init(&p->rows);
    spill_init(&p->sections);
    spill_init(&p->disc);
    return p;
}

static void span_text(char *out, size_t cap, int64_t start, int64_t end)
{
    char a[32], z[32];

    when_format(start, a, sizeof a);
    when_format(end, z, sizeof z);
    snprintf(out, cap, "%s to %s (%lld s)", a, z, (long long)(end - start));
}

/* "1 d 2 h 3 min 4 s", the parts that are not zero; "0 s" for none. */
static void duration_text(int64_t s, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    if (s >= DAY)
        n +=
            (size_t)snprintf(out + n, cap - n, "%lld d ", (long long)(s / DAY));
    if (s % DAY >= 3600)
        n += (size_t)snprintf(out + n, cap - n, "%lld h ",
                              (long long)(s % DAY / 3600));
    if (s % 3600 >= 60)
        n += (size_t)snprintf(out + n, cap - n, "%lld min ",
                              (long long)(s % 3600 / 60));
    if (s % 60 != 0 || s == 0)
        n += (size_t)snprintf(out + n, cap - n, "%lld s ", (long long)(s % 60));
    if (n > 0 && n <= cap)
        out[n - 1] = '\0';
}

/* The reason an excluded piece [start, end) of decision d was left out, in
 * words. */
static void exclusion_reason(const struct evidence *x, const struct decision *d,
                             int64_t start, int64_t end, char *out, size_t cap)
{
    const struct ev_window *ex = evidence_exclusion_at(x, start, end);

    if (ex != NULL) {
        snprintf(out, cap, "%s (%s)",
                 strncmp(ex->detail, "maintenance", 11) == 0
                     ? "scheduled maintenance"
                     : "incident_pattern matched",
                 ex->detail);
        return;
    }
    switch (calc_left_out(d, start, end)) {
    case CALC_LEFT_OUT_CARRIED:
        snprintf(out, cap,
                 "the outage began before the month and was "
                 "credited with it (per_incident = once)");
        break;
    case CALC_LEFT_OUT_SHORT:
        snprintf(out, cap, "the outage is shorter than min_outage");
        break;
    case CALC_LEFT_OUT_NONE:
        snprintf(out, cap, "excluded");
        break;
    }
}

/* Calls f for every counted (kind 0) and excluded (kind 1) piece of every
 * source window, in windows.csv's order. */
typedef void (*piece_fn)(void *ctx, int kind, const struct ev_window *w,
                         int64_t start, int64_t end);

/* evidence_cut_windows() speaking piece_fn. */
struct piece_adapter {
    piece_fn f;
    void *ctx;
};

static void adapt_piece(void *ctx, const struct ev_piece *piece)
{
    const struct piece_adapter *a = ctx;

    a->f(a->ctx, piece->excluded ? 1 : 0, piece->window, piece->start,
         piece->end);
}

static void each_piece(const struct decision *d, const struct evidence *x,
                       piece_fn f, void *ctx)
{
    struct piece_adapter a = {f, ctx};

    if (d->outcome == OUTCOME_NOT_ACTIVE)
        return;
    evidence_cut_windows(x, &d->down, &d->excluded, adapt_piece, &a);
}

/* The spill store a page part is being appended to: a part with a bar or
 * a table row per window moves its bytes on to the store's file as it
 * goes (SPILL_CHUNK at a time), so memory does not grow with a
 * subscription's windows. rc is the first failure's (e set). */
struct flow {
    struct spill *sp;
    struct err *e;
    int rc;
};

static void flow_on(struct flow *f)
{
    if (f->rc == 0)
        f->rc = spill_flush(f->sp, f->e);
}

struct bar_ctx {
    struct flow *fl;
    struct buf *b;
    const struct html_pages *p;
    const struct evidence *x;
    const struct decision *d;
    int kind; /* which pieces to draw */
};

static void bar_piece(void *ctx, int kind, const struct ev_window *w,
                      int64_t start, int64_t end)
{
    struct bar_ctx *c = ctx;
    char title[900], sp[96], why[300];

    if (kind != c->kind)
        return;
    span_text(sp, sizeof sp, start, end);
    if (kind == 0) {
        snprintf(title, sizeof title, "counted downtime: %s — %s %s%s%s", sp,
                 w->resource, w->source, w->detail[0] != '\0' ? " " : "",
                 w->detail);
        html_tl_bar(c->b, c->p->m0, c->p->m1, "counted", HTML_TL_DOWN_Y,
                    HTML_TL_DOWN_H, start, end, title);
    } else {
        exclusion_reason(c->x, c->d, start, end, why, sizeof why);
        snprintf(title, sizeof title, "excluded: %s — %s %s, left out: %s", sp,
                 w->resource, w->source, why);
        html_tl_bar(c->b, c->p->m0, c->p->m1, "excluded", HTML_TL_DOWN_Y,
                    HTML_TL_DOWN_H, start, end, title);
    }
    flow_on(c->fl);
}

/* The status-page incidents and maintenances naming the subscription's
 * components, on the lower row. */
static void incident_bars(struct buf *b, const struct html_pages *p,
                          const struct html_sub *in)
{
    const struct sub *s = in->sub;
    size_t r, i;

    for (r = 0; r < s->nresources; r++) {
        const char *key = resmap_at(in->src->map, s->resources[r])->key;
        const struct sp_data *page = evidence_page(in->src, key);
        const struct sp_component *c;
        if (page == NULL)
            continue;
        c = sp_component_find(page, key);
        if (c == NULL)
            continue;
        for (i = 0; i < c->nincident_windows; i++) {
            const struct sp_window *w = &c->incident_windows[i];
            const struct sp_incident *inc = &page->incidents[w->incident];
            char title[1200], sp[96];
            int64_t end = w->end > p->m1 ? p->m1 : w->end;
            int64_t start = w->start < p->m0 ? p->m0 : w->start;
            if (end <= start)
                continue;
            span_text(sp, sizeof sp, start, end);
            snprintf(title, sizeof title, "%s: %s — %s%s; %s, statuspage:%s %s",
                     inc->maintenance ? "maintenance" : "incident", inc->name,
                     sp, w->ongoing ? ", unresolved" : "", key, page->name,
                     inc->id);
            html_tl_bar(
                b, p->m0, p->m1, inc->maintenance ? "maintenance" : "incident",
                HTML_TL_INCIDENT_Y, HTML_TL_INCIDENT_H, start, end, title);
        }
    }
}

/* The subscription's timeline. */
static void timeline(struct buf *b, const struct html_pages *p,
                     const struct html_sub *in, struct flow *fl)
{
    const struct decision *d = in->d;
    struct bar_ctx c = {fl, b, p, in->x, in->d, 1};
    struct ivset part;
    char label[300];
    size_t i;

    snprintf(label, sizeof label, "timeline of %s, %s", in->sub->id, p->period);
    html_tl_open(b, p->m0, p->m1, label);
    if (d->outcome == OUTCOME_NOT_ACTIVE) {
        html_tl_bar(b, p->m0, p->m1, "inactive", HTML_TL_DOWN_Y, HTML_TL_DOWN_H,
                    p->m0, p->m1, "not active in the month");
    } else {
        html_tl_bar(b, p->m0, p->m1, "inactive", HTML_TL_DOWN_Y, HTML_TL_DOWN_H,
                    p->m0, d->active_start,
                    "before the subscription was active");
        html_tl_bar(b, p->m0, p->m1, "inactive", HTML_TL_DOWN_Y, HTML_TL_DOWN_H,
                    d->active_end, p->m1, "after the subscription ended");
        ivset_init(&part);
        ivset_clip(&part, &in->x->unmeasured, d->active_start, d->active_end);
        for (i = 0; i < part.n; i++) {
            char sp[96], title[200];
            span_text(sp, sizeof sp, part.v[i].start, part.v[i].end);
            snprintf(title, sizeof title,
                     "unknown: %s — no monitoring sample, left out of the "
                     "downtime and the active window",
                     sp);
            html_tl_bar(b, p->m0, p->m1, "unknown", HTML_TL_DOWN_Y,
                        HTML_TL_DOWN_H, part.v[i].start, part.v[i].end, title);
        }
        ivset_free(&part);
        /* Excluded first, counted on top. */
        each_piece(d, in->x, bar_piece, &c);
        c.kind = 0;
        each_piece(d, in->x, bar_piece, &c);
    }
    incident_bars(b, p, in);
    html_tl_close(b);
}

static const char *outcome_words(enum outcome o)
{
    switch (o) {
    case OUTCOME_NOT_ACTIVE:
        return "not active in the month";
    case OUTCOME_INELIGIBLE_PLAN:
        return "the plan is not covered by this SLA";
    case OUTCOME_INELIGIBLE_PAYMENT_METHOD:
        return "the payment method gets no money credit";
    case OUTCOME_PERIOD_OPEN:
        return "the period is still open: the figures so far, the credit is "
               "decided in its last month";
    case OUTCOME_NO_DOWNTIME:
        return "no downtime";
    case OUTCOME_NO_CLAIM:
        return "no claim was made in time";
    case OUTCOME_ABOVE_THRESHOLD:
        return "uptime met the commitment";
    case OUTCOME_BELOW_MINIMUM:
        return "the credit is below the minimum paid out";
    case OUTCOME_CREDITED:
        return "credited";
    case OUTCOME_ALREADY_ISSUED:
        return "credited, issued before";
    }
    return "?";
}

/* "1.00 EUR" or "+3 days of plan time" for one credits.csv row. */
static void row_amount(struct buf *b, const struct credit_row *r)
{
    char amt[32];

    if (r->amount != 0 || r->extension == 0) {
        money_format(r->amount, r->exponent, amt, sizeof amt);
        buf_printf(b, "%s ", amt);
        html_escape(b, r->currency);
    } else {
        char dur[64];
        duration_text(r->extension < 0 ? -r->extension : r->extension, dur,
                      sizeof dur);
        buf_printf(b, "%s%s of plan time", r->extension < 0 ? "−" : "+", dur);
    }
}

/* How a row reaches the customer, in words. */
static void delivery(struct buf *b, const struct credit_row *r)
{
    char amt[32];
    bool back = r->amount < 0 || r->extension < 0;

    money_format(r->amount < 0 ? -r->amount : r->amount, r->exponent, amt,
                 sizeof amt);
    if (strcmp(r->remedy, "plan_extension") == 0) {
        char dur[64];
        int64_t ext = r->extension < 0 ? -r->extension : r->extension;
        duration_text(ext, dur, sizeof dur);
        if (back)
            buf_printf(b, "Plan time of %s is taken back from your plan", dur);
        else
            buf_printf(b, "Your plan is extended by %s at no charge", dur);
        if (r->new_ends_at[0] != '\0') {
            buf_puts(b, "; it now ends ");
            html_escape(b, r->new_ends_at);
        }
        buf_puts(b, ".");
    } else if (strcmp(r->remedy, "wallet_credit") == 0) {
        buf_printf(b, "%s %s ", amt,
                   back ? "is taken back from" : "is added to");
        buf_puts(b, "your wallet balance (");
        html_escape(b, r->currency);
        buf_puts(b, ").");
    } else {
        buf_printf(b, "%s ", amt);
        html_escape(b, r->currency);
        buf_puts(b, back ? " is charged back on your next invoice "
                           "(a correction of an earlier credit)."
                         : " is credited on your next invoice.");
    }
    buf_puts(b, " <span class=\"muted\">Reference ");
    html_escape(b, r->adjustment_id);
    buf_puts(b, "</span>");
}

static void report_row(struct buf *b, const struct html_pages *p,
                       const struct html_sub *in, const char *file,
                       struct flow *fl)
{
    const struct sub *s = in->sub;
    const struct decision *d = in->d;
    size_t i;

    buf_puts(b, "<tr data-sub=\"");
    html_escape(b, s->id);
    buf_puts(b, "\"><td>");
    html_escape(b, s->id);
    buf_puts(b, "</td><td>");
    if (d->outcome == OUTCOME_NOT_ACTIVE) {
        /* Not on a statement: only customers active in the month get one. */
        html_escape(b, s->customer);
        file = NULL;
    } else
        buf_puts(b, "<a href=\"statements/");
    /* The file's name holds %XX literally: a URL spells '%' as %25. */
    for (i = 0; file != NULL && file[i] != '\0'; i++) {
        if (file[i] == '%')
            buf_puts(b, "%25");
        else
            html_escape_n(b, file + i, 1);
    }
    if (file != NULL) {
        buf_puts(b, "\">");
        html_escape(b, s->customer);
        buf_puts(b, "</a>");
    }
    buf_puts(b, "</td><td>");
    html_escape(b, sub_policy(s)->name);
    buf_printf(b,
               "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">"
               "%lld</td><td class=\"n\">",
               calc_outcome_name(d->outcome),
               d->uptime[0] != '\0' ? d->uptime : "—", (long long)d->down_secs);
    for (i = 0; i < in->nrows; i++) {
        if (i > 0)
            buf_puts(b, "<br>");
        buf_puts(b, "<span class=\"amount\">");
        row_amount(b, &in->rows[i]);
        buf_puts(b, "</span>");
    }
    buf_puts(b, "</td><td class=\"tlcell\">");
    timeline(b, p, in, fl);
    buf_puts(b, "</td></tr>\n");
}

struct list_ctx {
    struct flow *fl;
    struct buf *b;
    const struct evidence *x;
    const struct decision *d;
    int kind;
    size_t n;
};

static void list_piece(void *ctx, int kind, const struct ev_window *w,
                       int64_t start, int64_t end)
{
    struct list_ctx *c = ctx;
    char a[32], z[32], dur[64], why[300];

    if (kind != c->kind)
        return;
    c->n++;
    when_format(start, a, sizeof a);
    when_format(end, z, sizeof z);
    duration_text(end - start, dur, sizeof dur);
    buf_printf(c->b,
               "<tr class=\"%s\"><td>%s</td><td>%s</td><td class=\"n\">"
               "%lld</td><td>%s</td><td>",
               kind == 0 ? "counted" : "excluded", a, z,
               (long long)(end - start), dur);
    html_escape(c->b, w->resource);
    buf_puts(c->b, " — ");
    html_escape(c->b, w->source);
    if (w->detail[0] != '\0') {
        buf_puts(c->b, " ");
        html_escape(c->b, w->detail);
    }
    if (kind == 1) {
        exclusion_reason(c->x, c->d, start, end, why, sizeof why);
        buf_puts(c->b, "</td><td>");
        html_escape(c->b, why);
    }
    buf_puts(c->b, "</td></tr>\n");
    flow_on(c->fl);
}

/* The table of counted (kind 0) or excluded (1) pieces. Bytes before the
 * first row may be taken back (no row: "None."): only rows flow on. */
static void window_table(struct buf *b, const struct html_sub *in, int kind,
                         struct flow *fl)
{
    struct list_ctx c = {fl, b, in->x, in->d, kind, 0};
    size_t mark;

    buf_printf(b, "<h3>%s</h3>\n",
               kind == 0 ? "Downtime that counted"
                         : "Downtime left out, and why");
    mark = b->len;
    buf_printf(b,
               "<table class=\"windows %s\"><thead><tr><th>from</th>"
               "<th>to</th><th class=\"n\">seconds</th><th>duration</th>"
               "<th>seen by</th>%s</tr></thead><tbody>\n",
               kind == 0 ? "counted" : "excluded",
               kind == 1 ? "<th>reason</th>" : "");
    each_piece(in->d, in->x, list_piece, &c);
    if (c.n == 0) {
        b->len = mark;
        b->p[mark] = '\0';
        buf_puts(b, "<p class=\"muted\">None.</p>\n");
        return;
    }
    buf_puts(b, "</tbody></table>\n");
}

/* The outages of claims = required (SPEC §8: maximal intervals of the
 * evidence after exclusions, unknown time left out, overlapping the active
 * window, each with its real end) with the day their claim is due and
 * whether one came in time (then D holds it). */
static void claims_table(struct buf *b, const struct html_sub *in)
{
    const struct decision *d = in->d;
    /* The policy whose rule decided (a composite's winning member). */
    const struct policy *pol =
        in->d->policy != NULL ? in->d->policy : sub_policy(in->sub);
    struct ivset full, tmp;
    size_t i, shown = 0;

    ivset_init(&full);
    ivset_init(&tmp);
    wset_support(&tmp, &in->x->ev);
    ivset_subtract(&full, &tmp, &in->x->excluded);
    ivset_subtract(&tmp, &full, &in->x->unmeasured);
    for (i = 0; i < tmp.n; i++) {
        const struct iv *o = &tmp.v[i];
        char sp[96], by[32];
        if (o->end <= d->active_start || o->start >= d->active_end)
            continue;
        if (shown++ == 0)
            buf_puts(b, "<table class=\"claims\"><thead><tr><th>outage"
                        "</th><th>claim by</th><th>claimed</th></tr>"
                        "</thead><tbody>\n");
        span_text(sp, sizeof sp, o->start, o->end);
        when_format(o->end + pol->claim_window, by, sizeof by);
        buf_printf(b,
                   "<tr><td>%s</td><td class=\"deadline\">%s</td><td>%s</td>"
                   "</tr>\n",
                   sp, by,
                   d->claimed > 0 && ivset_overlaps(&d->down, o->start, o->end)
                       ? "yes"
                       : "no");
    }
    if (shown > 0)
        buf_puts(b, "</tbody></table>\n");
    ivset_free(&full);
    ivset_free(&tmp);
}

/* A statement's facts table: plan, policy, active window, uptime, outcome. */
static void statement_facts(struct buf *b, const struct html_sub *in)
{
    const struct sub *s = in->sub;
    const struct decision *d = in->d;
    const struct policy *pol = sub_policy(s);
    char dur[64], a[32], z[32];

    buf_puts(b, "<section class=\"sub\" data-sub=\"");
    html_escape(b, s->id);
    buf_puts(b, "\">\n<h2>Subscription ");
    html_escape(b, s->id);
    buf_puts(b, "</h2>\n<table class=\"facts\"><tbody>\n<tr><th>plan</th><td>");
    html_escape(b, sub_plan(s));
    buf_puts(b, "</td></tr>\n<tr><th>SLA policy</th><td>");
    html_escape(b, pol->name);
    if (policy_is_either(pol) && d->policy != NULL) {
        /* The better of several: name the member whose rule is shown. */
        buf_puts(b, " (either: the calculation under ");
        html_escape(b, d->policy->name);
        buf_printf(b, ", %s)</td></tr>\n", policy_kind_name(d->policy->kind));
    } else {
        buf_printf(b, " (%s)</td></tr>\n", policy_kind_name(pol->kind));
    }
    if (d->outcome == OUTCOME_NOT_ACTIVE) {
        buf_puts(b, "<tr><th>active</th><td>not active in the month</td>"
                    "</tr>\n");
    } else {
        when_format(d->active_start, a, sizeof a);
        when_format(d->active_end, z, sizeof z);
        buf_printf(b, "<tr><th>active</th><td>%s to %s</td></tr>\n", a, z);
        duration_text(d->down_secs, dur, sizeof dur);
        buf_printf(b,
                   "<tr><th>uptime</th><td class=\"uptime\">%s %%</td></tr>\n"
                   "<tr><th>downtime</th><td>%lld s (%s) of %lld s "
                   "measured</td></tr>\n",
                   d->uptime, (long long)d->down_secs, dur,
                   (long long)d->active_secs);
    }
    buf_printf(b, "<tr><th>outcome</th><td>%s", outcome_words(d->outcome));
    if (d->detail[0] != '\0') {
        buf_puts(b, " <span class=\"muted\">(");
        html_escape(b, d->detail);
        buf_puts(b, ")</span>");
    }
    buf_puts(b, "</td></tr>\n</tbody></table>\n");
}

/* A statement's credit: each credits.csv row and how it reaches the
 * customer, or why there is none. */
static void statement_credit(struct buf *b, const struct html_sub *in)
{
    const struct decision *d = in->d;
    size_t i;

    buf_puts(b, "<h3>Your credit</h3>\n");
    if (in->nrows == 0) {
        buf_puts(b, "<p class=\"credit\">");
        if (d->outcome == OUTCOME_ALREADY_ISSUED) {
            buf_puts(b, "Nothing new: this month's credit was issued "
                        "before.");
        } else
            buf_printf(b, "No credit for this month: %s.",
                       outcome_words(d->outcome));
        buf_puts(b, "</p>\n");
    }
    for (i = 0; i < in->nrows; i++) {
        buf_puts(b, "<p class=\"credit\"><span class=\"amount\">");
        row_amount(b, &in->rows[i]);
        buf_puts(b, "</span></p>\n<p class=\"delivery\">");
        delivery(b, &in->rows[i]);
        buf_puts(b, "</p>\n");
    }
}

/* The rule applied, in explain's own words. */
static void statement_rule(struct buf *b, const struct html_pages *p,
                           const struct html_sub *in)
{
    struct explain_input ei;
    struct buf rule;

    ei.period = p->period;
    ei.month_start = p->m0;
    ei.month_end = p->m1;
    ei.sub = in->sub;
    ei.d = in->d;
    ei.x = in->x;
    ei.has_ledger = false;
    ei.issued = NULL;
    ei.row = NULL;
    buf_init(&rule, 0);
    explain_rule(&rule, &ei);
    buf_puts(b, "<h3>The rule applied</h3>\n<pre class=\"rule\">");
    /* explain's text starts with a blank line. */
    html_escape(b, rule.len > 0 && rule.p[0] == '\n' ? rule.p + 1
                                                     : buf_str(&rule));
    buf_puts(b, "</pre>\n");
    buf_free(&rule);
}

static void statement_section(struct buf *b, const struct html_pages *p,
                              const struct html_sub *in, struct flow *fl)
{
    const struct decision *d = in->d;
    /* The policy whose rule decided (a composite's winning member). */
    const struct policy *pol =
        in->d->policy != NULL ? in->d->policy : sub_policy(in->sub);
    char dur[64];

    statement_facts(b, in);
    statement_credit(b, in);
    if (pol->claims_required && d->outcome != OUTCOME_NOT_ACTIVE) {
        duration_text(pol->claim_window, dur, sizeof dur);
        buf_printf(b,
                   "<h3>Claims</h3>\n<p>This SLA pays only for outages "
                   "claimed within %s after they ended; %zu of %zu "
                   "outage(s) were claimed in time.</p>\n",
                   dur, d->claimed, d->outages);
        claims_table(b, in);
    }
    buf_puts(b, "<h3>The month</h3>\n");
    timeline(b, p, in, fl);
    buf_puts(b, "<p class=\"legend muted\"><span><i style=\"background:"
                "#dff3e4\"></i>up</span><span><i style=\"background:#d64545\">"
                "</i>counted downtime</span><span><i style=\"background:"
                "#f2c14e\"></i>excluded</span><span><i style=\"background:"
                "#b9c0ca\"></i>unknown</span><span><i style=\"background:"
                "#d9dde3\"></i>not active</span><span><i style=\"background:"
                "#7a4cc2\"></i>status-page incident</span><span><i "
                "style=\"background:#3d8fd1\"></i>maintenance</span></p>\n");
    if (d->outcome != OUTCOME_NOT_ACTIVE) {
        window_table(b, in, 0, fl);
        window_table(b, in, 1, fl);
        statement_rule(b, p, in);
    }
    buf_puts(b, "</section>\n");
}

/* discrepancies.csv's rows of one subscription, as table rows: the same
 * sets and the same minimum as the run's discrepancies.csv. */
static void discrepancies(struct html_pages *p, const struct html_sub *in)
{
    struct buf *b = spill_buf(&p->disc);
    const struct decision *d = in->d;
    const struct evidence *x = in->x;
    struct ivset sp, a, tmp, part;
    size_t i;
    int pass;

    if (d->outcome == OUTCOME_NOT_ACTIVE || !x->has_mon || !x->has_sp)
        return;
    ivset_init(&sp);
    ivset_init(&a);
    ivset_init(&tmp);
    ivset_init(&part);
    wset_support(&sp, &x->sp);
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            ivset_subtract(&a, &x->mon, &x->maintenance);
            ivset_subtract(&tmp, &a, &sp);
        } else
            ivset_subtract(&tmp, &sp, &x->mon);
        ivset_clip(&part, &tmp, d->active_start, d->active_end);
        for (i = 0; i < part.n; i++) {
            char s0[32], s1[32];
            if (part.v[i].end - part.v[i].start < p->discrepancy_min)
                continue;
            when_format(part.v[i].start, s0, sizeof s0);
            when_format(part.v[i].end, s1, sizeof s1);
            buf_puts(b, "<tr><td>");
            html_escape(b, in->sub->id);
            buf_puts(b, "</td><td>");
            html_escape(b, in->sub->customer);
            buf_printf(b,
                       "</td><td>%s</td><td>%s</td><td>%s</td><td "
                       "class=\"n\">%lld</td><td>%s</td></tr>\n",
                       pass == 0 ? "unacknowledged" : "unobserved", s0, s1,
                       (long long)(part.v[i].end - part.v[i].start),
                       pass == 0 ? "monitoring saw downtime no incident "
                                   "covers"
                                 : "an incident reports downtime monitoring "
                                   "did not see");
            p->ndisc++;
        }
    }
    ivset_free(&sp);
    ivset_free(&a);
    ivset_free(&tmp);
    ivset_free(&part);
}

int html_pages_add(struct html_pages *p, const struct html_sub *in,
                   struct err *e)
{
    struct page_sub *ps;
    struct flow rows = {&p->rows, e, 0}, secs = {&p->sections, e, 0};
    uint64_t before = spill_size(&p->sections);
    size_t n = p->nsubs;
    char file[320];

    if (in->sub < p->base || in->sub >= p->base + p->nbase || n >= p->nbase ||
        n > UINT32_MAX) {
        err_set(e, RC_SOFTWARE, NULL, 0,
                "report.html: a subscription not of the roster, or more "
                "than its %zu: %s",
                p->nbase, in->sub->id);
        return -1;
    }
    ps = &p->subs[n];
    ps->row = (uint32_t)(in->sub - p->base);
    ps->order = (uint32_t)n;
    if (n % MARK_EVERY == 0)
        p->marks[n / MARK_EVERY] = spill_size(&p->sections);
    p->nsubs++;
    html_statement_name(in->sub->customer, file, sizeof file);
    report_row(spill_buf(&p->rows), p, in, file, &rows);
    if (in->d->outcome != OUTCOME_NOT_ACTIVE)
        statement_section(spill_buf(&p->sections), p, in, &secs);
    if (rows.rc != 0 || secs.rc != 0)
        return -1;
    if (spill_size(&p->sections) - before > UINT32_MAX) {
        err_set(e, RC_SOFTWARE, NULL, 0,
                "report.html: a statement section over 4 GiB");
        return -1;
    }
    p->lens[n] = (uint32_t)(spill_size(&p->sections) - before);
    discrepancies(p, in);
    if (spill_flush(&p->rows, e) != 0 || spill_flush(&p->sections, e) != 0 ||
        spill_flush(&p->disc, e) != 0)
        return -1;
    return 0;
}

static const char *customer_of(const struct html_pages *p,
                               const struct page_sub *x)
{
    return p->base[x->row].customer;
}

static int cmp_customer(const struct html_pages *p, const struct page_sub *x,
                        const struct page_sub *y)
{
    int c = strcmp(customer_of(p, x), customer_of(p, y));

    if (c != 0)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Moves v[root] down the heap v[0..n) ordered by cmp_customer(). */
static void sift_down(const struct html_pages *p, struct page_sub *v,
                      size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        struct page_sub t;
        if (child >= n)
            return;
        if (child + 1 < n && cmp_customer(p, &v[child], &v[child + 1]) < 0)
            child++;
        if (cmp_customer(p, &v[root], &v[child]) >= 0)
            return;
        t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

/* Sorts p's subscriptions by customer, then run order, in place
 * (heapsort). The order is total (run order is unique), so the result is
 * that of any sort; glibc's qsort() would take a buffer as large as the
 * index at the run's peak of memory. */
static void sort_by_customer(struct html_pages *p)
{
    struct page_sub *v = p->subs, t;
    size_t i, n = p->nsubs;

    for (i = n / 2; i-- > 0;)
        sift_down(p, v, i, n);
    for (i = n; i-- > 1;) {
        t = v[0];
        v[0] = v[i];
        v[i] = t;
        sift_down(p, v, 0, i);
    }
}

/* The first byte in sections of the section of the subscription at
 * position order of the run. */
static uint64_t section_at(const struct html_pages *p, uint32_t order)
{
    uint64_t at = p->marks[order / MARK_EVERY];
    uint32_t k;

    for (k = order - order % MARK_EVERY; k < order; k++)
        at += p->lens[k];
    return at;
}

/* Copies bytes [at, at + n) of store sp into the sink's current file, a
 * chunk at a time. */
static int copy_range(const struct spill *sp, uint64_t at, uint64_t n,
                      struct buf *b, const struct html_sink *k, struct err *e)
{
    uint64_t end = at + n;

    while (at < end) {
        size_t step = end - at < SPILL_CHUNK ? (size_t)(end - at) : SPILL_CHUNK;
        if (spill_read(sp, at, step, b, e) != 0 || k->flush(k->ctx, e) != 0)
            return -1;
        at += step;
    }
    return 0;
}

/* Copies all of store sp into the sink's current file. */
static int copy_spill(const struct spill *sp, struct buf *b,
                      const struct html_sink *k, struct err *e)
{
    return copy_range(sp, 0, spill_size(sp), b, k, e);
}

static const char *strip(const char *path, const char *base)
{
    size_t n = strlen(base);

    if (n > 0 && strncmp(path, base, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* The footer: what the run read, as manifest.json lists it. */
static void footer(struct buf *b, const struct html_pages *p,
                   const struct html_run *r)
{
    size_t i;

    buf_printf(b,
               "<footer>\n<p>Computed by slacredit %s for %s from the "
               "files below; the same files give the same page.</p>\n"
               "<table class=\"inputs\"><thead><tr><th>input</th>"
               "<th class=\"n\">bytes</th><th>sha256</th></tr></thead>"
               "<tbody>\n<tr><td>",
               r->version, p->period);
    html_escape(b, r->config_name);
    buf_printf(b, "</td><td class=\"n\">%llu</td><td>%s</td></tr>\n",
               (unsigned long long)r->config_size, r->config_sha256);
    for (i = 0; i < r->inputs->n; i++) {
        const struct sha_entry *s = &r->inputs->v[i];
        buf_puts(b, "<tr><td>");
        html_escape(b, strip(s->path, r->input_base));
        buf_printf(b, "</td><td class=\"n\">%llu</td><td>%s</td></tr>\n",
                   (unsigned long long)s->size, s->hex);
    }
    buf_puts(b, "</tbody></table>\n</footer>\n");
}

static void month_line(struct buf *b, const struct html_pages *p)
{
    char a[32], z[32];

    when_format(p->m0, a, sizeof a);
    when_format(p->m1, z, sizeof z);
    buf_printf(b, "<p class=\"muted\">Month %s: %s to %s (UTC)</p>\n",
               p->period, a, z);
}

/* report.html, through the sink. */
static int write_report(struct html_pages *p, const struct html_run *r,
                        const struct html_sink *k, struct err *e)
{
    struct buf *b = k->begin(k->ctx, "report.html", e);
    char title[64], amt[32];
    size_t i;

    if (b == NULL)
        return -1;
    snprintf(title, sizeof title, "SLA credits %s", p->period);
    html_page_begin(b, title);
    buf_printf(b, "<h1>SLA credits %s</h1>\n", p->period);
    month_line(b, p);
    buf_puts(b, "<h2>Totals</h2>\n<table id=\"totals\"><thead><tr><th>"
                "currency</th><th class=\"n\">adjustments</th><th "
                "class=\"n\">amount</th><th class=\"n\">amount_minor</th>"
                "</tr></thead><tbody>\n");
    for (i = 0; i < r->ntotals; i++) {
        money_format(r->totals[i].amount, r->totals[i].exponent, amt,
                     sizeof amt);
        buf_printf(b,
                   "<tr data-currency=\"%s\"><td>%s</td><td class=\"n\">"
                   "%llu</td><td class=\"n\">%s</td><td class=\"n "
                   "minor\">%lld</td></tr>\n",
                   r->totals[i].currency, r->totals[i].currency,
                   (unsigned long long)r->totals[i].credits, amt,
                   (long long)r->totals[i].amount);
    }
    if (r->ntotals == 0)
        buf_puts(b, "<tr><td colspan=\"4\" class=\"muted\">no credits this "
                    "month</td></tr>\n");
    buf_puts(b, "</tbody></table>\n<h2>Outcomes</h2>\n<table id=\"outcomes\">"
                "<thead><tr><th>outcome</th><th class=\"n\">subscriptions"
                "</th></tr></thead><tbody>\n");
    for (i = 0; i < r->noutcomes; i++) {
        if (r->outcomes[i] == 0)
            continue;
        buf_printf(b, "<tr><td>%s</td><td class=\"n\">%llu</td></tr>\n",
                   calc_outcome_name((enum outcome)i),
                   (unsigned long long)r->outcomes[i]);
    }
    buf_printf(b, "</tbody></table>\n");
    if (r->nwarnings > 0)
        buf_printf(b,
                   "<p class=\"warnings\">%zu warning(s) about the "
                   "inputs: see manifest.json.</p>\n",
                   r->nwarnings);
    buf_puts(b, "<h2>Subscriptions</h2>\n<p class=\"legend muted\"><span><i "
                "style=\"background:#dff3e4\"></i>up</span><span><i "
                "style=\"background:#d64545\"></i>counted downtime</span>"
                "<span><i style=\"background:#f2c14e\"></i>excluded</span>"
                "<span><i style=\"background:#b9c0ca\"></i>unknown</span>"
                "<span><i style=\"background:#d9dde3\"></i>not active</span>"
                "<span><i style=\"background:#7a4cc2\"></i>status-page "
                "incident</span><span><i style=\"background:#3d8fd1\"></i>"
                "maintenance</span></p>\n<table id=\"subs\"><thead><tr><th>"
                "subscription</th><th>customer</th><th>policy</th><th>"
                "outcome</th><th class=\"n\">uptime %</th><th class=\"n\">"
                "downtime s</th><th class=\"n\">credit</th><th>timeline "
                "(UTC days)</th></tr></thead><tbody>\n");
    if (copy_spill(&p->rows, b, k, e) != 0)
        return -1;
    buf_puts(b, "</tbody></table>\n<h2>Discrepancies</h2>\n");
    if (p->ndisc == 0) {
        buf_puts(b, "<p class=\"muted\">None: monitoring and the status "
                    "pages agree, or no subscription has both.</p>\n");
    } else {
        buf_puts(b, "<table id=\"discrepancies\"><thead><tr><th>"
                    "subscription</th><th>customer</th><th>kind</th><th>"
                    "from</th><th>to</th><th class=\"n\">seconds</th><th>"
                    "what</th></tr></thead><tbody>\n");
        if (copy_spill(&p->disc, b, k, e) != 0)
            return -1;
        buf_puts(b, "</tbody></table>\n");
    }
    footer(b, p, r);
    html_page_end(b);
    return k->end(k->ctx, p->nsubs, e);
}

/* The statement of the customer of subs [i, j), through the sink. */
static int write_statement(const struct html_pages *p, size_t i, size_t j,
                           const struct html_run *r, const struct html_sink *k,
                           struct err *e)
{
    char name[340], file[320], title[300];
    struct buf *b;
    uint64_t rows = 0;
    size_t m;

    const char *customer = customer_of(p, &p->subs[i]);

    html_statement_name(customer, file, sizeof file);
    snprintf(name, sizeof name, "statements/%s", file);
    if ((b = k->begin(k->ctx, name, e)) == NULL)
        return -1;
    snprintf(title, sizeof title, "SLA statement %s, %s", customer, p->period);
    html_page_begin(b, title);
    buf_puts(b, "<h1>SLA statement for ");
    html_escape(b, customer);
    buf_puts(b, "</h1>\n");
    month_line(b, p);
    for (m = i; m < j; m++) {
        uint32_t order = p->subs[m].order;
        if (p->lens[order] == 0)
            continue; /* not active in the month: nothing to state */
        if (copy_range(&p->sections, section_at(p, order), p->lens[order], b, k,
                       e) != 0)
            return -1;
        rows++;
    }
    footer(b, p, r);
    html_page_end(b);
    return k->end(k->ctx, rows, e);
}

int html_pages_finish(struct html_pages *p, const struct html_run *r,
                      const struct html_sink *k, struct err *e)
{
    size_t i, j;

    if (write_report(p, r, k, e) != 0)
        return -1;
    sort_by_customer(p);
    for (i = 0; i < p->nsubs; i = j) {
        const char *customer = customer_of(p, &p->subs[i]);
        bool active = false;
        for (j = i;
             j < p->nsubs && strcmp(customer_of(p, &p->subs[j]), customer) == 0;
             j++)
            active = active || p->lens[p->subs[j].order] > 0;
        /* A customer with no subscription in the month has no statement. */
        if (active && write_statement(p, i, j, r, k, e) != 0)
            return -1;
    }
    return 0;
}

void html_pages_free(struct html_pages *p)
{
    if (p == NULL)
        return;
    free(p->subs);
    free(p->lens);
    free(p->marks);
    spill_free(&p->rows);
    spill_free(&p->sections);
    spill_free(&p->disc);
    free(p);
}
