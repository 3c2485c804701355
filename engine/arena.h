/* engine/arena.h: a chunked bump allocator; a flow or a session view owns one and frees all of
 * its strings at once. Part-private to engine/. */
#ifndef AOD_ENGINE_ARENA_H
#define AOD_ENGINE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
    size_t total;       /* bytes handed out, for the cap */
    size_t limit;       /* 0: no limit */
    bool has_failed;    /* an allocation returned NULL since the last reset */
    bool is_over_limit; /* one did for the limit rather than for memory */
};

/* Zeroed memory for `size` bytes aligned for any type, or NULL (out of memory or past limit). */
void *arena_alloc(struct arena *a, size_t size);
/* The same without zeroing, for memory the caller fills at once. */
void *arena_alloc_raw(struct arena *a, size_t size);
/* Copies of a string or of s[0..len), NUL-terminated; NULL on failure. NULL `s` gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* Frees every chunk and clears the failure flags; the arena can be used again afterwards. */
void arena_reset(struct arena *a);

#endif
