/* http: one request over libcurl with retries (see http.h). Each attempt
 * uses a fresh easy handle; the body is kept in memory, bounded. */
#include "lib/http.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "lib/buf.h"
#include "lib/version.h"

#define MAX_BACKOFF_MS 60000L /* the doubling stops here */
#define MAX_REDIRS     5L

void http_err_append(struct err *e, const char *fmt, ...)
{
    size_t n = strlen(e->msg);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
    va_end(ap);
}

/* Where a response body goes: b refuses to grow past max_body. */
struct sink {
    struct buf *b;
    bool too_big;    /* the body passed max_body; the transfer was aborted */
    size_t header;   /* header bytes received, redirects included */
    bool header_big; /* they passed HEADER_MAX; the transfer was aborted */
};

/* The most header bytes a request accepts, over all its redirects. */
#define HEADER_MAX (256u << 10)

/* Counts header bytes so that a huge header is reported as what it is
 * (libcurl itself would fail with "Out of memory"). */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t len = size * n;

    (void)p;
    s->header += len;
    if (s->header > HEADER_MAX) {
        s->header_big = true;
        return 0;
    }
    return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t len = size * n; /* libcurl documents size as always 1 */

    if (buf_append(s->b, p, len) != 0) {
        s->too_big = true;
        return 0; /* a short count makes curl fail with CURLE_WRITE_ERROR */
    }
    return len;
}

/* Whether a transfer that failed with cc may succeed when tried again. TLS
 * verification failures, bad URLs, refused protocols and too many redirects
 * will not. */
static bool transient(CURLcode cc)
{
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_QUIC_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

static bool transient_status(long status)
{
    return status == 408 || status == 429 || (status >= 500 && status < 600);
}

enum outcome { GOT, RETRY, FAIL };

#define SET(opt, val)                                                          \
    do {                                                                       \
        if (cc == CURLE_OK)                                                    \
            cc = curl_easy_setopt(h, opt, val);                                \
    } while (0)

/* Sets every option of one attempt on h: the request, redirects (never
 * from https to plain http), timeouts, TLS always verified, limits, and
 * where the body and headers go. */
static CURLcode set_options(CURL *h, const struct http_opts *o,
                            const struct http_req *r, struct curl_slist *hdr,
                            struct sink *sk, char *ebuf)
{
    CURLcode cc = CURLE_OK;
    const char *url = r->url;
    bool https = strncmp(url, "https://", 8) == 0;

    SET(CURLOPT_ERRORBUFFER, ebuf);
    SET(CURLOPT_URL, url);
    if (r->body != NULL) {
        SET(CURLOPT_POST, 1L);
        SET(CURLOPT_POSTFIELDS, r->body);
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0)
        SET(CURLOPT_CUSTOMREQUEST, r->method);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    /* Never follow an https URL to plain http. */
    SET(CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
    SET(CURLOPT_FOLLOWLOCATION, r->follow ? 1L : 0L);
    SET(CURLOPT_MAXREDIRS, MAX_REDIRS);
    SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, o->timeout_ms);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (o->cacert != NULL)
        SET(CURLOPT_CAINFO, o->cacert);
    if (r->userpwd != NULL) {
        SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        SET(CURLOPT_USERPWD, r->userpwd);
    }
    SET(CURLOPT_USERAGENT, "slacredit/" SLACREDIT_VERSION);
    SET(CURLOPT_HTTPHEADER, hdr);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, sk);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, sk);
    return cc;
}

/* One attempt. Returns GOT for a 2xx response; RETRY (e set,
 * *retry_after_s the server's Retry-After or 0) for a transient failure;
 * FAIL (e set) for anything else. */
static enum outcome once(const struct http_opts *o, const struct http_req *r,
                         struct buf *b, long *status, long *retry_after_s,
                         struct err *e)
{
    char ebuf[CURL_ERROR_SIZE];
    struct sink s = {b, false, 0, false};
    struct curl_slist *hdr = NULL, *t;
    enum outcome res = FAIL;
    CURLcode cc = CURLE_OK;
    curl_off_t ra = 0;
    const char *url = r->url;
    bool https = strncmp(url, "https://", 8) == 0;
    char *to = NULL;
    size_t i;
    CURL *h;

    buf_reset(b);
    *status = 0;
    *retry_after_s = 0;
    ebuf[0] = '\0';
    h = curl_easy_init();
    if (h == NULL) {
        err_set(e, RC_OSERR, url, 0, "libcurl: cannot create a handle");
        return FAIL;
    }
    for (i = 0; i < r->nheaders; i++) {
        t = curl_slist_append(hdr, r->headers[i]);
        if (t == NULL) {
            err_set(e, RC_OSERR, url, 0, "libcurl: out of memory");
            goto out;
        }
        hdr = t;
    }
    cc = set_options(h, o, r, hdr, &s, ebuf);
    if (cc != CURLE_OK) {
        err_set(e, RC_SOFTWARE, url, 0, "libcurl refused an option: %s",
                curl_easy_strerror(cc));
        goto out;
    }
    cc = curl_easy_perform(h);
    if (s.header_big) {
        err_set(e, RC_DATA, url, 0, "response header larger than %u bytes",
                HEADER_MAX);
        goto out;
    }
    if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        err_set(e, RC_DATA, url, 0,
                "response body larger than %" PRIu64 " bytes", o->max_body);
        goto out;
    }
    if (cc == CURLE_UNSUPPORTED_PROTOCOL &&
        curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &to) == CURLE_OK &&
        to != NULL && strcmp(to, url) != 0) {
        err_set(e, RC_IOERR, url, 0,
                "cannot fetch: refused a redirect to %s (only %s redirects "
                "are followed)",
                to, https ? "https" : "http and https");
        goto out;
    }
    if (cc != CURLE_OK) {
        err_set(e, RC_IOERR, url, 0, "cannot fetch: %s",
                ebuf[0] != '\0' ? ebuf : curl_easy_strerror(cc));
        res = transient(cc) ? RETRY : FAIL;
        goto out;
    }
    (void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    if (*status >= 200 && *status < 300) {
        res = GOT;
        goto out;
    }
    err_set(e, RC_IOERR, url, 0, "HTTP status %ld", *status);
    {
        char *eff = NULL;
        if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK &&
            eff != NULL && strcmp(eff, url) != 0)
            http_err_append(e, " from %s", eff);
    }
    if (transient_status(*status)) {
        res = RETRY;
        /* libcurl reads both forms, seconds and an HTTP date. */
        if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
            ra > 0)
            *retry_after_s = ra > 86400 ? 86400 : (long)ra;
    }
out:
    curl_easy_cleanup(h);
    curl_slist_free_all(hdr);
    return res;
}

#undef SET

long http_retry_delay_ms(const struct http_opts *o, int k, long retry_after_s)
{
    long d = o->backoff_ms < MAX_BACKOFF_MS ? o->backoff_ms : MAX_BACKOFF_MS;
    long ra;
    int i;

    for (i = 0; i < k && d < MAX_BACKOFF_MS; i++)
        d *= 2;
    if (d > MAX_BACKOFF_MS)
        d = MAX_BACKOFF_MS;
    if (retry_after_s > 0) {
        ra = retry_after_s < o->max_retry_after_s ? retry_after_s
                                                  : o->max_retry_after_s;
        if (ra * 1000 > d)
            d = ra * 1000;
    }
    return d;
}

static void sleep_ms(long ms)
{
    struct timespec ts;

    if (ms <= 0)
        return;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
}

int http_request(const struct http_opts *o, const struct http_req *r,
                 struct buf *b, long *status, struct err *e)
{
    long retry_after_s;
    int k;

    for (k = 0;; k++) {
        enum outcome res = once(o, r, b, status, &retry_after_s, e);
        if (res == GOT)
            return 0;
        if (res == FAIL || !r->retry || k >= o->retries) {
            if (k > 0)
                http_err_append(e, " (after %d attempts)", k + 1);
            return -1;
        }
        sleep_ms(http_retry_delay_ms(o, k, retry_after_s));
    }
}
