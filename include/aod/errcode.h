/* include/aod/errcode.h: Windows error codes in every form people paste, and the matching of a
 * typed answer against the words and codes that route it. Pure functions. */
#ifndef AOD_ERRCODE_H
#define AOD_ERRCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses "809", "-2146885613" (a signed HRESULT as RasClient prints it), "0x80092013" or
 * "0X80092013", or eight hex digits from 8 up without the 0x ("80092013", "800B0109": an
 * HRESULT copied without it), with optional surrounding blanks. Returns false for anything
 * else, including values that do not fit in 32 bits. */
bool aod_errcode_parse(const char *s, uint32_t *out);

/* Writes the canonical form: plain decimal below 0x80000000 ("809", "13801"), otherwise the
 * HRESULT in hex ("0x80092013"); also hex for 80000000 to 99999999, whose eight decimal digits
 * would read back as a bare HRESULT.
 * `cap` of 16 is always enough. */
void aod_errcode_format(uint32_t code, char *buf, size_t cap);

/* True when the typed `answer` matches `pattern`. A pattern that parses as an error code
 * matches when any word of the answer is the same code in any form ("error 0x329" matches
 * "809"). Any other pattern matches, ignoring ASCII case, when it occurs in the answer with
 * no letter, digit or '_' right before or after it ("ests_token_error" matches
 * "ESTS_TOKEN_ERROR"; "tunnel" does not match "tunnels"). */
bool aod_answer_matches(const char *answer, const char *pattern);

#endif
