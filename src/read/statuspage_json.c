/* statuspage_json: the JSON half of the statuspage reader (see
 * statuspage.h and statuspage_records.h). Each file is read once (hashed
 * as it is read), parsed with jansson, walked into plain records and freed;
 * records are merged by incident id, components by id. */
#include "statuspage_records.h"

#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/infile.h"
#include "lib/sha.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/config.h"

#define SP_MAX_FILE (256u << 20) /* bytes; a larger snapshot is refused */

static const char *const top_fields[] = {"page",      "components",
                                         "incidents", "scheduled_maintenances",
                                         "status",    NULL};
static const char *const page_fields[] = {"id",        "name",       "url",
                                          "time_zone", "updated_at", NULL};
static const char *const comp_fields[] = {"id",
                                          "name",
                                          "status",
                                          "created_at",
                                          "updated_at",
                                          "position",
                                          "description",
                                          "showcase",
                                          "start_date",
                                          "group_id",
                                          "page_id",
                                          "group",
                                          "only_show_if_degraded",
                                          "components",
                                          NULL};
static const char *const rec_fields[] = {
    "id",
    "name",
    "status",
    "created_at",
    "updated_at",
    "monitoring_at",
    "resolved_at",
    "impact",
    "shortlink",
    "started_at",
    "page_id",
    "incident_updates",
    "components",
    "reminder_intervals",
    "scheduled_for",
    "scheduled_until",
    "scheduled_remind_prior",
    "scheduled_reminded_at",
    "scheduled_auto_in_progress",
    "scheduled_auto_completed",
    "scheduled_auto_transition",
    "impact_override",
    "backfilled",
    "body",
    "metadata",
    "postmortem_body",
    "postmortem_body_last_updated_at",
    "postmortem_ignored",
    "postmortem_notified_subscribers",
    "postmortem_notified_twitter",
    "postmortem_published_at",
    "auto_transition_deliver_notifications_at_end",
    "auto_transition_deliver_notifications_at_start",
    "auto_transition_to_maintenance_state",
    "auto_transition_to_operational_state",
    NULL};
static const char *const upd_fields[] = {"id",
                                         "status",
                                         "body",
                                         "incident_id",
                                         "created_at",
                                         "updated_at",
                                         "display_at",
                                         "affected_components",
                                         "deliver_notifications",
                                         "custom_tweet",
                                         "tweet_id",
                                         "wants_twitter_update",
                                         "twitter_updated_at",
                                         NULL};
static const char *const ac_fields[] = {"code", "name", "old_status",
                                        "new_status", NULL};

static const char *const comp_statuses[] = {
    "operational",  "degraded_performance", "partial_outage",
    "major_outage", "under_maintenance",    NULL};
static const char *const rec_statuses[] = {
    "investigating", "identified",  "monitoring", "resolved",  "postmortem",
    "scheduled",     "in_progress", "verifying",  "completed", NULL};
static const char *const impacts[] = {"none",     "minor",       "major",
                                      "critical", "maintenance", NULL};

bool sp_in_list(const char *const *list, const char *s)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++) {
        if (strcmp(list[i], s) == 0)
            return true;
    }
    return false;
}

bool sp_in_strv(char *const *v, size_t n, const char *s)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0)
            return true;
    }
    return false;
}

static void copy_note(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* Fills e with an RC_DATA error about the file being walked. */
static int fail(struct sp_loader *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct sp_loader *l, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(l->e, RC_DATA, l->path, 0, "%s", msg);
    return -1;
}

/* Counts the keys of o that are not in known; names the first one. */
static void check_fields(struct sp_loader *l, const json_t *o,
                         const char *const *known, const char *kind)
{
    const char *k;
    json_t *v;

    json_object_foreach((json_t *)o, k, v)
    {
        char note[128];

        (void)v;
        if (sp_in_list(known, k))
            continue;
        if (l->d->unknown_fields++ > 0)
            continue;
        snprintf(note, sizeof note, "field \"%.80s\" in %s", k, kind);
        copy_note(l->d->first_unknown_field, sizeof l->d->first_unknown_field,
                  note);
        if (l->d->first_unknown[0] == '\0')
            copy_note(l->d->first_unknown, sizeof l->d->first_unknown, note);
    }
}

/* Adds a time value of field was seen to d's distinct unknown values. */
static void note_unknown_value(struct sp_loader *l, enum sp_unknown_kind kind,
                               const char *field, const char *value)
{
    struct sp_data *d = l->d;
    struct sp_unknown_value *u;
    char cut[sizeof u->value];
    size_t i;

    snprintf(cut, sizeof cut, "%s", value);
    for (i = 0; i < d->nunknown_values; i++) {
        u = &d->unknown_values[i];
        if (u->kind == kind && strcmp(u->field, field) == 0 &&
            strcmp(u->value, cut) == 0) {
            u->n++;
            return;
        }
    }
    if (d->nunknown_values == SP_UNKNOWN_VALUES) {
        d->unknown_values_lost++;
        return;
    }
    u = &d->unknown_values[d->nunknown_values++];
    u->kind = kind;
    snprintf(u->field, sizeof u->field, "%s", field);
    memcpy(u->value, cut, sizeof cut);
    snprintf(u->path, sizeof u->path, "%s", l->path != NULL ? l->path : "");
    u->n = 1;
}

/* Counts value of field when it is not one of known; names the first one,
 * and keeps the first distinct ones (sp_data.unknown_values). */
static void check_status(struct sp_loader *l, enum sp_unknown_kind kind,
                         const char *field, const char *value,
                         const char *const *known)
{
    char note[128];

    if (value == NULL || sp_in_list(known, value))
        return;
    note_unknown_value(l, kind, field, value);
    if (l->d->unknown_statuses++ > 0)
        return;
    snprintf(note, sizeof note, "%s \"%.80s\"", field, value);
    copy_note(l->d->first_unknown_status, sizeof l->d->first_unknown_status,
              note);
    if (l->d->first_unknown[0] == '\0')
        copy_note(l->d->first_unknown, sizeof l->d->first_unknown, note);
}

/* Reads o[k] as a string into *out, NULL when absent or null. Fails on any
 * other type. */
static int get_str(struct sp_loader *l, const json_t *o, const char *k,
                   const char *where, const char **out)
{
    const json_t *v = json_object_get(o, k);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return fail(l, "%s: %s: want a string", where, k);
    *out = json_string_value(v);
    return 0;
}

/* Reads o[k] as an ISO 8601 instant; *has is false when absent or null. */
static int get_time(struct sp_loader *l, const json_t *o, const char *k,
                    const char *where, bool *has, int64_t *t)
{
    const char *s, *why;

    *has = false;
    if (get_str(l, o, k, where, &s) != 0)
        return -1;
    if (s == NULL)
        return 0;
    why = when_parse_iso(s, strlen(s), NULL, t);
    if (why != NULL)
        return fail(l, "%s: %s: %s: \"%.64s\"", where, k, why, s);
    *has = true;
    return 0;
}

/* Reads o[k] as an array into *out, NULL when absent or null. */
static int get_array(struct sp_loader *l, const json_t *o, const char *k,
                     const char *where, const json_t **out)
{
    const json_t *v = json_object_get(o, k);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return fail(l, "%s: %s: want an array", where, k);
    *out = v;
    return 0;
}

char *sp_dup_or_empty(const char *s)
{
    return xstrdup(s != NULL ? s : "");
}

void sp_trace_free(struct sp_trace *t)
{
    size_t i;

    for (i = 0; i < t->nrecs; i++)
        free(t->recs[i].id);
    for (i = 0; i < t->nnames; i++)
        free(t->names[i].id);
    for (i = 0; i < t->nrefs; i++)
        free(t->refs[i]);
    for (i = 0; i < t->nflags; i++)
        free(t->flags[i]);
    for (i = 0; i < t->npairs; i++) {
        free(t->pairs[i].group);
        free(t->pairs[i].child);
    }
    free(t->recs);
    free(t->names);
    free(t->refs);
    free(t->flags);
    free(t->pairs);
    memset(t, 0, sizeof *t);
}

static void trace_str(char ***v, size_t *n, const char *s)
{
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

/* The index of component id, added when new. */
size_t sp_comp_get(struct sp_loader *l, const char *id)
{
    size_t i;
    struct sp_comp *c;

    if (l->trace != NULL &&
        (l->trace->nrefs == 0 ||
         strcmp(l->trace->refs[l->trace->nrefs - 1], id) != 0))
        trace_str(&l->trace->refs, &l->trace->nrefs, id);

    i = strindex_find(&l->comp_ids, id);
    if (i != SIZE_MAX)
        return i;
    if (l->ncomps == l->capcomps) {
        l->capcomps = l->capcomps != 0 ? 2 * l->capcomps : 32;
        l->comps = xreallocarray(l->comps, l->capcomps, sizeof *l->comps);
    }
    c = &l->comps[l->ncomps];
    memset(c, 0, sizeof *c);
    c->id = xstrdup(id);
    strindex_put(&l->comp_ids, c->id, l->ncomps);
    return l->ncomps++;
}

static void comp_add_child(struct sp_loader *l, size_t gi, const char *child)
{
    struct sp_comp *g = &l->comps[gi];

    if (l->trace != NULL) {
        struct sp_trace *t = l->trace;
        trace_str(&t->flags, &t->nflags, g->id);
        t->pairs = xreallocarray(t->pairs, t->npairs + 1, sizeof *t->pairs);
        t->pairs[t->npairs].group = xstrdup(g->id);
        t->pairs[t->npairs++].child = xstrdup(child);
    }
    g->group = true;
    if (strcmp(g->id, child) == 0 ||
        sp_in_strv(g->children, g->nchildren, child))
        return;
    g->children =
        xreallocarray(g->children, g->nchildren + 1, sizeof *g->children);
    g->children[g->nchildren++] = xstrdup(child);
}

/* Records that component ci was called name at time t. A component object's
 * name (rank 2) beats an affected_components name (rank 1); within a rank
 * the newest time wins, then the later observation. */
static void observe_name(struct sp_loader *l, size_t ci, const char *name,
                         int rank, int64_t t)
{
    struct sp_comp *c = &l->comps[ci];
    uint64_t seq = ++l->seq;

    if (l->trace != NULL) {
        struct sp_trace *tr = l->trace;
        tr->names = xreallocarray(tr->names, tr->nnames + 1, sizeof *tr->names);
        tr->names[tr->nnames].id = xstrdup(c->id);
        tr->names[tr->nnames].rank = rank;
        tr->names[tr->nnames++].time = t;
    }
    if (c->name != NULL &&
        (rank < c->name_rank || (rank == c->name_rank && t < c->name_time)))
        return;
    free(c->name);
    c->name = xstrdup(name);
    c->name_rank = rank;
    c->name_time = t;
    c->name_seq = seq;
}

/* Reads a component object (components.json, summary.json or an incident's
 * components[]): its name, group and group members; never its status for
 * windows. Stores its index in *ci when ci is not NULL. */
static int read_component(struct sp_loader *l, const json_t *o,
                          const char *where, size_t *ci)
{
    const char *id, *name, *status, *group_id;
    const json_t *members, *group;
    char w[200];
    bool has_upd;
    int64_t upd;
    size_t i, me;

    if (!json_is_object(o))
        return fail(l, "%s: want an object", where);
    if (get_str(l, o, "id", where, &id) != 0)
        return -1;
    if (id == NULL)
        return fail(l, "%s: id: missing", where);
    snprintf(w, sizeof w, "component %.64s", id);
    check_fields(l, o, comp_fields, "component");
    if (get_str(l, o, "name", w, &name) != 0 ||
        get_str(l, o, "status", w, &status) != 0 ||
        get_str(l, o, "group_id", w, &group_id) != 0 ||
        get_time(l, o, "updated_at", w, &has_upd, &upd) != 0 ||
        get_array(l, o, "components", w, &members) != 0)
        return -1;
    group = json_object_get(o, "group");
    if (group != NULL && !json_is_null(group) && !json_is_boolean(group))
        return fail(l, "%s: group: want true or false", w);
    check_status(l, SP_UNKNOWN_COMPONENT, "status", status, comp_statuses);
    me = sp_comp_get(l, id);
    if (name != NULL)
        observe_name(l, me, name, 2, has_upd ? upd : l->page_time);
    if (json_is_true(group)) {
        l->comps[me].group = true;
        if (l->trace != NULL)
            trace_str(&l->trace->flags, &l->trace->nflags, l->comps[me].id);
    }
    if (group_id != NULL)
        comp_add_child(l, sp_comp_get(l, group_id), id);
    for (i = 0; members != NULL && i < json_array_size(members); i++) {
        const json_t *m = json_array_get(members, i);

        if (!json_is_string(m))
            return fail(l, "%s: components[%zu]: want a component id", w, i);
        comp_add_child(l, me, json_string_value(m));
    }
    if (ci != NULL)
        *ci = me;
    return 0;
}

void sp_rec_free(struct sp_rec *r)
{
    size_t i, j;

    free(r->id);
    free(r->name);
    free(r->impact);
    free(r->status);
    for (i = 0; i < r->nu; i++) {
        for (j = 0; j < r->u[i].nac; j++) {
            free(r->u[i].ac[j].code);
            free(r->u[i].ac[j].old_status);
            free(r->u[i].ac[j].new_status);
        }
        free(r->u[i].ac);
        free(r->u[i].status);
    }
    free(r->u);
    for (i = 0; i < r->ncomps; i++)
        free(r->comps[i]);
    free(r->comps);
    memset(r, 0, sizeof *r);
}

/* Reads the affected_components of update u (already in r->u). */
static int read_affected(struct sp_loader *l, const json_t *list,
                         struct sp_upd *u, const char *where)
{
    size_t i, n = json_array_size(list);

    u->ac = xcalloc(n != 0 ? n : 1, sizeof *u->ac);
    for (i = 0; i < n; i++) {
        const json_t *o = json_array_get(list, i);
        const char *code, *name, *olds, *news;
        char w[384];
        size_t ci;

        snprintf(w, sizeof w, "%s: affected_components[%zu]", where, i);
        if (!json_is_object(o))
            return fail(l, "%s: want an object", w);
        check_fields(l, o, ac_fields, "affected_components");
        if (get_str(l, o, "code", w, &code) != 0 ||
            get_str(l, o, "name", w, &name) != 0 ||
            get_str(l, o, "old_status", w, &olds) != 0 ||
            get_str(l, o, "new_status", w, &news) != 0)
            return -1;
        if (code == NULL)
            return fail(l, "%s: code: missing", w);
        check_status(l, SP_UNKNOWN_COMPONENT, "old_status", olds,
                     comp_statuses);
        check_status(l, SP_UNKNOWN_COMPONENT, "new_status", news,
                     comp_statuses);
        ci = sp_comp_get(l, code);
        if (name != NULL)
            observe_name(l, ci, name, 1, u->display);
        u->ac[u->nac].code = xstrdup(code);
        u->ac[u->nac].old_status = olds != NULL ? xstrdup(olds) : NULL;
        u->ac[u->nac].new_status = news != NULL ? xstrdup(news) : NULL;
        u->nac++;
    }
    return 0;
}

static int read_updates(struct sp_loader *l, const json_t *list,
                        struct sp_rec *r, const char *where)
{
    size_t i, n = json_array_size(list);

    r->u = xcalloc(n != 0 ? n : 1, sizeof *r->u);
    for (i = 0; i < n; i++) {
        const json_t *o = json_array_get(list, i), *ac;
        struct sp_upd *u = &r->u[r->nu];
        const char *status;
        bool has_disp, has_cre;
        char w[256];

        snprintf(w, sizeof w, "%s: incident_updates[%zu]", where, i);
        if (!json_is_object(o))
            return fail(l, "%s: want an object", w);
        check_fields(l, o, upd_fields, "incident_updates");
        if (get_str(l, o, "status", w, &status) != 0 ||
            get_time(l, o, "display_at", w, &has_disp, &u->display) != 0 ||
            get_time(l, o, "created_at", w, &has_cre, &u->created) != 0 ||
            get_array(l, o, "affected_components", w, &ac) != 0)
            return -1;
        if (!has_disp && !has_cre)
            return fail(l, "%s: display_at: missing", w);
        if (!has_disp)
            u->display = u->created;
        if (!has_cre)
            u->created = u->display;
        check_status(l, SP_UNKNOWN_RECORD, "status", status, rec_statuses);
        u->status = sp_dup_or_empty(status);
        u->pos = i;
        r->nu++;
        if (ac != NULL && read_affected(l, ac, u, w) != 0)
            return -1;
    }
    return 0;
}

/* Keeps r (taking ownership) unless a copy of the same id with a later
 * updated_at was read already; equal updated_at: the later read wins. */
static void merge(struct sp_loader *l, struct sp_rec *r)
{
    size_t i = strindex_find(&l->rec_ids, r->id);

    if (l->trace != NULL) {
        struct sp_trace *t = l->trace;
        t->recs = xreallocarray(t->recs, t->nrecs + 1, sizeof *t->recs);
        t->recs[t->nrecs].id = xstrdup(r->id);
        t->recs[t->nrecs++].updated = r->updated;
    }
    if (i != SIZE_MAX) {
        if (r->updated >= l->recs[i].updated) {
            strindex_put(&l->rec_ids, r->id, i); /* before the old id goes */
            sp_rec_free(&l->recs[i]);
            l->recs[i] = *r;
        } else {
            sp_rec_free(r);
        }
        return;
    }
    if (l->nrecs == l->caprecs) {
        l->caprecs = l->caprecs != 0 ? 2 * l->caprecs : 32;
        l->recs = xreallocarray(l->recs, l->caprecs, sizeof *l->recs);
    }
    strindex_put(&l->rec_ids, r->id, l->nrecs);
    l->recs[l->nrecs++] = *r;
}

/* Reads element idx of list (incidents or scheduled_maintenances). */
static int read_record(struct sp_loader *l, const json_t *o, const char *list,
                       size_t idx, bool maint)
{
    struct sp_rec r;
    const char *id, *name, *impact, *status;
    const json_t *updates, *comps;
    bool has_cre, has_start, has_upd, has_for, has_until;
    int64_t created, started;
    char w[128];
    size_t i;

    memset(&r, 0, sizeof r);
    snprintf(w, sizeof w, "%s[%zu]", list, idx);
    if (!json_is_object(o))
        return fail(l, "%s: want an object", w);
    if (get_str(l, o, "id", w, &id) != 0)
        return -1;
    if (id == NULL)
        return fail(l, "%s: id: missing", w);
    snprintf(w, sizeof w, "%s %.64s", maint ? "maintenance" : "incident", id);
    check_fields(l, o, rec_fields, maint ? "maintenance" : "incident");
    if (get_str(l, o, "name", w, &name) != 0 ||
        get_str(l, o, "impact", w, &impact) != 0 ||
        get_str(l, o, "status", w, &status) != 0 ||
        get_time(l, o, "created_at", w, &has_cre, &created) != 0 ||
        get_time(l, o, "started_at", w, &has_start, &started) != 0 ||
        get_time(l, o, "resolved_at", w, &r.has_resolved, &r.resolved) != 0 ||
        get_time(l, o, "updated_at", w, &has_upd, &r.updated) != 0 ||
        get_time(l, o, "scheduled_for", w, &has_for, &r.sched_for) != 0 ||
        get_time(l, o, "scheduled_until", w, &has_until, &r.sched_until) != 0 ||
        get_array(l, o, "incident_updates", w, &updates) != 0 ||
        get_array(l, o, "components", w, &comps) != 0)
        return -1;
    if (!has_start && !has_cre)
        return fail(l, "%s: started_at: missing, and no created_at", w);
    r.start = has_start ? started : created;
    r.created = has_cre ? created : INT64_MIN;
    if (!has_upd)
        r.updated = INT64_MIN;
    if (maint && !has_for)
        return fail(l, "%s: scheduled_for: missing", w);
    if (maint && !has_until)
        return fail(l, "%s: scheduled_until: missing", w);
    r.has_sched = has_for && has_until;
    if (r.has_sched && r.sched_until < r.sched_for)
        return fail(l, "%s: scheduled_until: before scheduled_for", w);
    if (r.has_resolved && r.resolved < r.start)
        return fail(l, "%s: resolved_at: before %s", w,
                    has_start ? "started_at" : "created_at");
    check_status(l, SP_UNKNOWN_IMPACT, "impact", impact, impacts);
    check_status(l, SP_UNKNOWN_RECORD, "status", status, rec_statuses);
    r.id = xstrdup(id);
    r.name = sp_dup_or_empty(name);
    r.impact = sp_dup_or_empty(impact);
    r.status = sp_dup_or_empty(status);
    r.maint = maint;
    if (updates != NULL && read_updates(l, updates, &r, w) != 0)
        goto fail;
    for (i = 0; comps != NULL && i < json_array_size(comps); i++) {
        char cw[256];
        size_t ci;

        snprintf(cw, sizeof cw, "%s: components[%zu]", w, i);
        if (read_component(l, json_array_get(comps, i), cw, &ci) != 0)
            goto fail;
        if (sp_in_strv(r.comps, r.ncomps, l->comps[ci].id))
            continue;
        r.comps = xreallocarray(r.comps, r.ncomps + 1, sizeof *r.comps);
        r.comps[r.ncomps++] = xstrdup(l->comps[ci].id);
    }
    merge(l, &r);
    return 0;
fail:
    sp_rec_free(&r);
    return -1;
}

static int walk_list(struct sp_loader *l, const json_t *root, const char *key,
                     bool maint)
{
    const json_t *list;
    size_t i;

    if (get_array(l, root, key, "top level", &list) != 0)
        return -1;
    for (i = 0; list != NULL && i < json_array_size(list); i++) {
        if (read_record(l, json_array_get(list, i), key, i, maint) != 0)
            return -1;
    }
    return 0;
}

/* Records, for the newest incidents.json snapshot so far (by
 * page.updated_at; on a tie the file read later), how many incidents it
 * lists and the oldest created_at among them: the window the page's
 * 50-incident list covers. */
static int note_window(struct sp_loader *l, const json_t *list)
{
    int64_t oldest = INT64_MAX, t;
    bool has;
    size_t i;

    if (l->page_time == INT64_MIN || l->page_time < l->d->newest_snapshot)
        return 0;
    for (i = 0; i < json_array_size(list); i++) {
        const json_t *o = json_array_get(list, i);
        if (!json_is_object(o))
            continue;
        if (get_time(l, o, "created_at", "incident", &has, &t) != 0)
            return -1;
        if (has && t < oldest)
            oldest = t;
    }
    l->d->newest_snapshot = l->page_time;
    l->d->newest_incidents = json_array_size(list);
    l->d->newest_oldest = oldest;
    return 0;
}

static int walk(struct sp_loader *l, const json_t *root, enum sp_section sec)
{
    static const char *const need[] = {"incidents", "scheduled_maintenances",
                                       "components", "components"};
    static const char *const kind[] = {"incidents.json",
                                       "scheduled-maintenances.json",
                                       "summary.json", "components.json"};
    const json_t *page, *comps, *main_list;
    bool has_time;
    size_t i;

    if (!json_is_object(root))
        return fail(l, "top level: want a JSON object (Statuspage API v2 %s)",
                    kind[sec]);
    check_fields(l, root, top_fields, "top level");
    l->page_time = INT64_MIN;
    page = json_object_get(root, "page");
    if (page != NULL && !json_is_null(page)) {
        if (!json_is_object(page))
            return fail(l, "page: want an object");
        check_fields(l, page, page_fields, "page");
        if (get_time(l, page, "updated_at", "page", &has_time, &l->page_time) !=
            0)
            return -1;
        if (!has_time)
            l->page_time = INT64_MIN;
    }
    main_list = json_object_get(root, need[sec]);
    if (main_list == NULL || json_is_null(main_list))
        return fail(l, "no \"%s\" array: not a Statuspage API v2 %s", need[sec],
                    kind[sec]);
    if (get_array(l, root, "components", "top level", &comps) != 0)
        return -1;
    for (i = 0; comps != NULL && i < json_array_size(comps); i++) {
        char w[64];

        snprintf(w, sizeof w, "components[%zu]", i);
        if (read_component(l, json_array_get(comps, i), w, NULL) != 0)
            return -1;
    }
    if (walk_list(l, root, "incidents", false) != 0 ||
        walk_list(l, root, "scheduled_maintenances", true) != 0)
        return -1;
    if (sec == SEC_INCIDENTS)
        return note_window(l, json_object_get(root, "incidents"));
    return 0;
}

/* Reads path whole (hashing it on the way), parses and walks it. */
int sp_read_file(struct sp_loader *l, const char *path, enum sp_section sec,
                 struct sha_list *inputs, char hex_out[65])
{
    FILE *fp;
    char *buf = NULL, hex[65];
    size_t len = 0, cap = 0, n, skip = 0;
    struct sha *h = NULL;
    json_t *root = NULL;
    json_error_t jerr;
    int rc = -1;

    fp = infile_open(path, l->e);
    if (fp == NULL)
        return -1;
    h = sha_new();
    for (;;) {
        if (cap - len < 65536) {
            cap = cap != 0 ? 2 * cap : 65536;
            buf = xrealloc(buf, cap);
        }
        n = fread(buf + len, 1, cap - len, fp);
        if (n == 0)
            break;
        sha_update(h, buf + len, n);
        len += n;
        if (len > SP_MAX_FILE) {
            err_set(l->e, RC_DATA, path, 0, "larger than %u MiB",
                    SP_MAX_FILE >> 20);
            goto out;
        }
    }
    if (ferror(fp)) {
        err_set(l->e, RC_IOERR, path, 0, "read error: %s", strerror(errno));
        goto out;
    }
    sha_final(h, hex);
    if (hex_out != NULL)
        memcpy(hex_out, hex, 65);
    if (inputs != NULL)
        sha_list_add(inputs, path, hex, (uint64_t)len);
    l->d->snapshots++;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    root = json_loadb(buf + skip, len - skip, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        err_set(l->e, RC_DATA, path, jerr.line > 0 ? (long)jerr.line : 0,
                "not JSON: %s", jerr.text);
        goto out;
    }
    l->path = path;
    rc = walk(l, root, sec);
    l->path = NULL;
out:
    json_decref(root);
    sha_free(h);
    free(buf);
    fclose(fp);
    return rc;
}

/* glob's error callback: a folder that does not exist matches nothing (an
 * input missing, RC_NOINPUT); any other error stops the listing. */
static int glob_error(const char *path, int err)
{
    (void)path;
    return err != ENOENT;
}

int sp_read_glob(struct sp_loader *l, const char *pattern, enum sp_section sec,
                 struct sha_list *inputs)
{
    static const char *const key[] = {"incidents", "maintenances", "summaries",
                                      "components"};
    glob_t g;
    size_t i;
    int grc, rc = -1;

    if (pattern == NULL)
        return 0;
    memset(&g, 0, sizeof g);
    grc = glob(pattern, 0, glob_error, &g);
    if (grc == GLOB_NOMATCH) {
        err_set(l->e, RC_NOINPUT, NULL, 0,
                "[statuspage \"%s\"] %s: no file matches %s", l->cfg->name,
                key[sec], pattern);
        goto out;
    }
    if (grc != 0) {
        err_set(l->e, RC_IOERR, NULL, 0,
                "[statuspage \"%s\"] %s: cannot list %s", l->cfg->name,
                key[sec], pattern);
        goto out;
    }
    for (i = 0; i < g.gl_pathc; i++) {
        if (sp_read_file(l, g.gl_pathv[i], sec, inputs, NULL) != 0)
            goto out;
    }
    rc = 0;
out:
    globfree(&g);
    return rc;
}
