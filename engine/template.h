/* engine/template.h: {{fact}} expansion. Part-private to engine/; the quoting it relies on is
 * public as aod_shell_quote (aod/session.h). */
#ifndef AOD_ENGINE_TEMPLATE_H
#define AOD_ENGINE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "aod/session.h"

/* Returns a fact's value, or NULL when it is not set. */
typedef const char *tpl_lookup_fn(const void *ctx, const char *name);

/* The byte length of a fact's value (or its longest possible value), SIZE_MAX when unset. */
typedef size_t tpl_len_fn(const void *ctx, const char *name);

/* The bytes tpl_expand allocates for `tpl` when each fact's value is as long as `len` says:
 * the lint bounds a step's view with the facts' maximum lengths through it. */
size_t tpl_size(const char *tpl, bool is_command, tpl_len_fn *len, const void *ctx);

/* Expands `tpl` into `a`. In a command (`is_command`), each value is quoted as a literal for
 * `shell`; a fact that is unset, or that cannot be quoted safely, becomes "<name>" and sets
 * *is_incomplete. In text, values are put in as they are (facts are already printable).
 * Returns NULL when out of memory. */
const char *tpl_expand(struct arena *a, const char *tpl, bool is_command, enum aod_shell shell,
                       tpl_lookup_fn *lookup, const void *ctx, bool *is_incomplete);

#endif
