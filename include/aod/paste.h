/* include/aod/paste.h: what people paste from Windows (an event message, an AuthZ log line, a
 * code with punctuation around it) read into the error codes, event IDs and symbolic error
 * names it carries, and matched against routing words and search keywords. Pure functions. */
#ifndef AOD_PASTE_H
#define AOD_PASTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AOD_PASTE_MAX_CODES 16 /* more codes in one paste are dropped */
#define AOD_PASTE_MAX_WORDS 16
#define AOD_PASTE_WORD_MAX  64 /* a longer symbolic name is dropped */

/* One number found in the text, in the order of first appearance. */
struct aod_paste_code {
    uint32_t value; /* canonical: "809", "-2146885613" and "0x80092013" give the same value */
    /* An event ID: after "Event", "Event ID", "EventID" or "Id" (also in a list such as
     * "Id=20227,20221"), or a code-carrying event's ID such as 20227 (see is_carrier). */
    bool is_event;
    /* An event that only carries the real error code (RasClient 20227: "The error code
     * returned on failure is N"); it names no symptom of its own. */
    bool is_carrier;
    /* Surely an error code: written in hex or as a negative HRESULT, after "error", "code" or
     * "ErrorCode" within a few words, or the whole text. Small numbers in a message ("port
     * 443") are found too, but are not strong. */
    bool is_strong;
};

struct aod_paste {
    struct aod_paste_code codes[AOD_PASTE_MAX_CODES];
    size_t n_codes;
    /* Symbolic error names, as written: a word of capitals, digits and '_' with at least one
     * '_' ("ESTS_TOKEN_ERROR", "ERROR_TIMEOUT"), trailing punctuation not included. */
    char words[AOD_PASTE_MAX_WORDS][AOD_PASTE_WORD_MAX];
    size_t n_words;
    /* A carrier event was found and no error code: ask which code the event shows. */
    bool needs_code;
};

/* Reads `text` (NULL reads as ""). A number is a code when it stands alone: a full stop,
 * quotes, brackets, commas or a colon around it are not part of it ("809.", "(809)",
 * "'0x80092013'", "ErrorCode:: 809"), but a number inside a date, time, version, address or
 * GUID ("2026-12-02", "10:15:03", "10.0.0.1") is not one. Forms: decimal, negative decimal
 * (a signed HRESULT as RasClient prints it), "0x" and hex, and 8 hex digits without "0x" that
 * start with 8 to F (an HRESULT as logs print it). 0 is no error and is not kept. */
void aod_paste_scan(const char *text, struct aod_paste *out);

/* True when the paste carries `code` as an error code or event ID. A carrier event counts only
 * while the paste has no error code: then the code it carries is there to match instead. */
bool aod_paste_has_code(const struct aod_paste *p, uint32_t code);

/* The error code the paste is about: the first strong one, else the first that is no event.
 * False when there is none. */
bool aod_paste_code(const struct aod_paste *p, uint32_t *out);

/* Matches a route pattern or a search keyword against pasted `text` read into `p`: a pattern
 * that parses as an error code matches when aod_paste_has_code; any other pattern as
 * aod_answer_matches does (a whole word or phrase, ignoring case). */
bool aod_paste_matches(const struct aod_paste *p, const char *text, const char *pattern);

#endif
