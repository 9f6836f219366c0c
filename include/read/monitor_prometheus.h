/* monitor_prometheus: what `fetch` and `run` share about a format =
 * prometheus archive. Each snapshot `fetch` stores holds, beside its
 * query_range responses (<stem>-query_range-<YYYY-MM>-<k>.json), the
 * parameters it ran them with (<stem>-params.txt); `run` reads a response
 * only when its snapshot's parameters match the config's query and step. */
#ifndef SLACREDIT_MONITOR_PROMETHEUS_H
#define SLACREDIT_MONITOR_PROMETHEUS_H

struct monsrc;

/* The text of <stem>-params.txt for source m: lines "query=<query>",
 * "step=<seconds>" and "url=<url>" (the url is recorded, not checked: a
 * server that moved keeps its data). Caller frees. */
char *monitor_prometheus_params(const struct monsrc *m);

#endif
