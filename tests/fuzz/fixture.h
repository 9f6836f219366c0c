/* The configuration the file-format targets load once: a roster file name
 * the targets write, policies of every kind, and monitoring/status-page
 * sections that all read the file "input" of the harness's folder. */
#ifndef SLACREDIT_FUZZ_FIXTURE_H
#define SLACREDIT_FUZZ_FIXTURE_H

#define FZ_POLICIES                                                            \
    "[policy \"tiers\"]\nkind = tiers\nevidence = monitoring\n"                \
    "tier = 99.9 10\ntier = 99.0 25\nremedy = invoice_credit\n"                \
    "[policy \"days\"]\nkind = per_day\nevidence = monitoring\n"               \
    "day_divisor = 30\nremedy = by_billing\nplan_pattern = ^(PRO)$\n"          \
    "[policy \"pro\"]\nkind = prorated\nevidence = monitoring\n"               \
    "min_outage = 1h\nremedy = wallet_credit\nmin_credit = 0.50\n"

#define FZ_ROSTER                                                              \
    "subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,"    \
    "payment_method,starts_at,ends_at,resources\n"                             \
    "s1,c1,PRO,days,6.00,EUR,subscription,card,2026-02-01T00:00:00Z,,m1\n"     \
    "s2,c2,basic,tiers,1005,JPY,one_time,card,2025-11-01T00:00:00Z,"           \
    "2027-01-01T00:00:00Z,m2 p:API\n"

#endif
