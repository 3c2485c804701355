/* tui/plain.h: line mode: one node at a time as plain lines, answers read line by line. Serves
 * screen readers, dumb terminals, logs, scripts, and `walk` with an answer file. */
#ifndef AOD_TUI_PLAIN_H
#define AOD_TUI_PLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "aod/session.h"

struct aod_plain_opts {
    FILE *in;            /* answers, one per line */
    FILE *out;           /* the questions and the outcome; NULL writes nothing */
    const char *in_name; /* for messages about a bad answer file ("answers.txt"); NULL: stdin */
    bool is_echo;        /* write each answer after its prompt (input is not a person typing) */
    enum aod_source source;
    bool use_probes; /* run probes live when the module is there */
    int probe_timeout_ms;
    const char *record_path; /* --record: write the answers, probe results included, here */
    /* The flows, for naming a typed code that no flow covers (may be NULL: not named). */
    const struct aod_catalog *cat;
    /* The flows folder, whose code dictionary shows the page of such a code (may be NULL: the
     * code is only named). Read only when such a code is typed. */
    const char *flows_dir;
};

#define AOD_PLAIN_CONCLUDED 0
#define AOD_PLAIN_ENDED     1 /* q, or end of input, before a conclusion */
#define AOD_PLAIN_BAD_FILE                                                                         \
    2 /* an answer file gave an answer that does not fit (message on stderr) */
#define AOD_PLAIN_NOMEM 3

/* Walks `s` until a conclusion, `q`, or the end of input. With an answer file (in_name set), a
 * bad answer stops the walk with "file:line: ..." on stderr instead of asking again, so that a
 * file and a person go through exactly the same questions. */
int aod_plain_run(struct aod_session *s, const struct aod_plain_opts *o);

#endif
