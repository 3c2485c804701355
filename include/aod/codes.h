/* include/aod/codes.h: the code dictionary (flows/codes/codes.json): what a RAS error, an
 * HRESULT, an event ID, an NPS reason code or an NPS extension error name means, where it is
 * logged, what to collect, and which flow node to go to. Loaded only when asked for (explain, a
 * lookup), never at start-up. The format is documented in engine/codes.c. */
#ifndef AOD_CODES_H
#define AOD_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aod/status.h"

struct aod_catalog;
struct aod_diags;
struct aod_codes;

/* The dictionary's caps: input is data. */
#define AOD_CODES_MAX_BYTES   (1024 * 1024)
#define AOD_CODES_MAX_ENTRIES 4096
#define AOD_CODES_MAX_TEXT    2048 /* bytes of one string */
#define AOD_CODES_MAX_COLLECT 16   /* items in one entry's "collect" */

/* One thing to collect: prose, and optionally one command with its shell and the machine it runs
 * on. A command is one line, shown whole and never wrapped, so that it can be pasted. */
struct aod_code_step {
    const char *text;    /* what to collect and why; wrapped on display */
    const char *command; /* one line, or NULL when there is nothing to run */
    const char *shell;   /* "powershell", "cmd", "bash"; NULL without a command */
    const char *where;   /* "client", "rras", "nps", "admin", "linux"; NULL when anywhere */
};

/* One entry; every string is owned by the dictionary and valid until aod_codes_free. */
struct aod_code_info {
    const char *family;  /* "ras", "ipsec", "win32", "hresult", "event", "nps-reason",
                            "nps-extension" */
    bool has_value;      /* false only for nps-extension names */
    uint32_t value;      /* the code (for an HRESULT, its 32 bits) */
    const char *symbol;  /* "ERROR_VPN_TIMEOUT", "ESTS_TOKEN_ERROR"; "" when it has none */
    const char *meaning; /* in a sentence or three */
    const char *logged;  /* where it shows up: log, source, event */
    const struct aod_code_step *collect; /* what to gather before escalating, */
    size_t n_collect;                    /* in order; 0 when nothing particular */
    const char *flow;                    /* "flow:node" to go to, or NULL (none yet) */
    const char *source;                  /* the primary source's URL */
    bool is_via_hresult; /* set on lookup results found as HRESULT_FROM_WIN32 of the query */
};

/* "on the client", "on the RRAS server", ... for a "where" value; NULL for an unknown one. */
const char *aod_code_where_label(const char *where);

/* Parses a dictionary from buf[0..len). `name` (usually the path) is used in diagnostics, each
 * appended to `diags` (may be NULL) as file:line:col. On success stores a new dictionary in *out
 * (the caller frees it with aod_codes_free). Returns AOD_OK, AOD_E_PARSE (not JSON),
 * AOD_E_FLOW (JSON, but a malformed entry, a duplicate code, a bad form or a missing source) or
 * AOD_E_NOMEM; err (may be NULL) then holds the first problem. Does not check flow references:
 * see aod_codes_check. */
enum aod_status aod_codes_load_buffer(const char *name, const char *buf, size_t len,
                                      struct aod_codes **out, struct aod_diags *diags,
                                      struct aod_err *err);
/* The same for a file of at most AOD_CODES_MAX_BYTES; AOD_E_IO when it cannot be read. */
enum aod_status aod_codes_load_file(const char *path, struct aod_codes **out,
                                    struct aod_diags *diags, struct aod_err *err);
/* Accepts NULL. */
void aod_codes_free(struct aod_codes *c);

/* True when buf[0..len) looks like a dictionary rather than a flow (its top object has a
 * "codes" member), so that lint can tell the two apart. Cheap: no full parse. */
bool aod_codes_is_dictionary(const char *buf, size_t len);

/* Checks every "flow" reference against `cat` (a catalog filled by aod_catalog_add_*, or lazy):
 * the flow exists and has that node. Problems go to `diags` with their positions. Returns
 * AOD_OK, AOD_E_FLOW (problems found) or AOD_E_NOMEM. */
enum aod_status aod_codes_check(const struct aod_codes *c, struct aod_catalog *cat,
                                struct aod_diags *diags, struct aod_err *err);

size_t aod_codes_count(const struct aod_codes *c);
/* Entry i in file order (borrowed), or NULL when i is out of range. */
const struct aod_code_info *aod_codes_get(const struct aod_codes *c, size_t i);

/* Finds the entries for a typed code: any form aod_errcode_parse reads ("809", "0x329",
 * "-2146885613", "0x80092013"), an HRESULT_FROM_WIN32 of a RAS or Win32 code ("0x80070329"
 * also finds 809; those results have is_via_hresult set), or a symbol or name, ignoring ASCII
 * case ("error_vpn_timeout", "ests_token_error"). One number can name several things (event 13
 * and reason code 13): every match is stored, in file order, up to `max` in out[] (copies).
 * Returns how many matched in all (which may exceed max); 0 when none. */
size_t aod_codes_lookup(const struct aod_codes *c, const char *query, struct aod_code_info *out,
                        size_t max);

#endif
