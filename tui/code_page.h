/* tui/code_page.h: "the code's page": what a code means, where it is logged, what to collect and
 * the nearest flow, as text or JSON. Shared by `explain` and line mode (and, later, a wizard
 * screen), so that every front end says the same thing. */
#ifndef AOD_TUI_CODE_PAGE_H
#define AOD_TUI_CODE_PAGE_H

#include <stdio.h>

#include "aod/buf.h"
#include "aod/codes.h"
#include "aod/status.h"

/* Writes the forms of e's code: "809 = 0x329; as an HRESULT 0x80070329 = -2147023063" or
 * "0x80092013 = -2146885613 = 2148081683"; "" for a name. */
void aod_code_forms(const struct aod_code_info *e, char *buf, size_t cap);

/* Appends the page of one entry as text lines of at most `width` columns (wrapped at blanks;
 * 0 means 78), every dictionary string cleaned of control characters. */
void aod_code_page_text(struct aod_buf *b, const struct aod_code_info *e, int width);

/* Appends the entry as a JSON object (no trailing newline). */
void aod_code_page_json(struct aod_buf *b, const struct aod_code_info *e);

/* The dictionary of the flows folder `flows_dir` (its codes/codes.json), loaded now; on
 * failure returns NULL with the reason in err. The caller frees it (aod_codes_free). */
struct aod_codes *aod_code_dict_load(const char *flows_dir, struct aod_err *err);

/* For line mode: prints to `out` the page of every entry that `query` names (any form of a
 * code, a symbol or a name), loading the dictionary of `flows_dir` for the call. Returns how
 * many entries were shown (0 after a "no such code" line), or -1 when the dictionary could not
 * be loaded (the reason printed). Reads a file; never blocks otherwise. */
int aod_code_page_show(FILE *out, const char *flows_dir, const char *query);

#endif
