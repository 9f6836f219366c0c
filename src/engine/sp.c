/* sp: a status page's evidence (see sp.h). */
#include "engine/sp.h"

#include <stdlib.h>
#include <string.h>

static int cmp_key_component(const void *key, const void *elem)
{
    return strcmp(key, ((const struct sp_component *)elem)->key);
}

const struct sp_component *sp_component_find(const struct sp_data *d,
                                             const char *key)
{
    if (d->ncomponents == 0)
        return NULL;
    return bsearch(key, d->components, d->ncomponents, sizeof *d->components,
                   cmp_key_component);
}
