/* engine/catalog_int.h: the catalog's fields, shared by catalog.c, check.c and session.c.
 * Part-private to engine/. */
#ifndef AOD_ENGINE_CATALOG_INT_H
#define AOD_ENGINE_CATALOG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "flow_int.h"

struct aod_catalog {
    struct aod_flow **flows;
    size_t n, cap;
    bool is_checked; /* aod_catalog_check passed since the last flow was added */
};

#endif
