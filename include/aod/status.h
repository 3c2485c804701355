/* include/aod/status.h: status codes, the error record and probe verdicts shared by every part.
 * Header-only so that engine, probes and tui can use it without linking each other. */
#ifndef AOD_STATUS_H
#define AOD_STATUS_H

#include <stdarg.h>
#include <stdio.h>

/* One list defines both the enum and its strings (tig STATUS_CODE_INFO, curl CURLcode). */
#define AOD_STATUS_LIST(X)                                                                         \
    X(AOD_OK, "ok")                                                                                \
    X(AOD_E_NOMEM, "out of memory")                                                                \
    X(AOD_E_IO, "input/output error")                                                              \
    X(AOD_E_PARSE, "syntax error")                                                                 \
    X(AOD_E_FLOW, "invalid flow")                                                                  \
    X(AOD_E_INPUT, "invalid input")                                                                \
    X(AOD_E_STATE, "not possible at this step")                                                    \
    X(AOD_E_NOTFOUND, "not found")                                                                 \
    X(AOD_E_USAGE, "bad usage")                                                                    \
    X(AOD_E_TIMEOUT, "timed out")                                                                  \
    X(AOD_E_PROBE, "probe failed")                                                                 \
    X(AOD_E_CANCELLED, "cancelled")

enum aod_status {
#define AOD_STATUS_ENUM(name, text) name,
    AOD_STATUS_LIST(AOD_STATUS_ENUM)
#undef AOD_STATUS_ENUM
};

/* Returns a static description of `st`; never NULL. */
static inline const char *aod_status_str(enum aod_status st)
{
    switch (st) {
#define AOD_STATUS_CASE(name, text)                                                                \
    case name:                                                                                     \
        return text;
        AOD_STATUS_LIST(AOD_STATUS_CASE)
#undef AOD_STATUS_CASE
    }
    return "unknown status";
}

#define AOD_ERR_MAX 512

/* An error: the code plus a message with its context ("flows/x.json:3:9: ..."). Functions that can
 * fail take `struct aod_err *err` last; it may be NULL when the caller does not want the text. */
struct aod_err {
    enum aod_status code;
    char msg[AOD_ERR_MAX];
};

/* Fills `err` (if not NULL) and returns `code`, so callers can write `return aod_err_set(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline enum aod_status
aod_err_set(struct aod_err *err, enum aod_status code, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static inline void aod_err_clear(struct aod_err *err)
{
    if (err != NULL) {
        err->code = AOD_OK;
        err->msg[0] = '\0';
    }
}

/* What a probe concluded. The words are part of the flow format and of `probe --json`. */
#define AOD_VERDICT_LIST(X)                                                                        \
    X(AOD_VERDICT_PASS, "pass", "PASS")                                                            \
    X(AOD_VERDICT_FAIL, "fail", "FAIL")                                                            \
    X(AOD_VERDICT_INCONCLUSIVE, "inconclusive", "INCONCLUSIVE")                                    \
    X(AOD_VERDICT_ERROR, "error", "ERROR")

enum aod_verdict {
#define AOD_VERDICT_ENUM(name, word, label) name,
    AOD_VERDICT_LIST(AOD_VERDICT_ENUM)
#undef AOD_VERDICT_ENUM
        AOD_VERDICT_COUNT
};

/* "pass", "fail", ...: the lower-case word used in flows and JSON. */
static inline const char *aod_verdict_word(enum aod_verdict v)
{
    switch (v) {
#define AOD_VERDICT_CASE(name, word, label)                                                        \
    case name:                                                                                     \
        return word;
        AOD_VERDICT_LIST(AOD_VERDICT_CASE)
#undef AOD_VERDICT_CASE
    case AOD_VERDICT_COUNT:
        break;
    }
    return "error";
}

/* "PASS", "FAIL", ...: the word shown to people, so status never rests on colour alone. */
static inline const char *aod_verdict_label(enum aod_verdict v)
{
    switch (v) {
#define AOD_VERDICT_CASE(name, word, label)                                                        \
    case name:                                                                                     \
        return label;
        AOD_VERDICT_LIST(AOD_VERDICT_CASE)
#undef AOD_VERDICT_CASE
    case AOD_VERDICT_COUNT:
        break;
    }
    return "ERROR";
}

#endif
