/* tui/keymap.h: requests (what a key asks for) and the key table that maps keys to them (tig
 * request.h, keys.c). No curses calls: key codes are plain ints (curses KEY_* values). */
#ifndef AOD_TUI_KEYMAP_H
#define AOD_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* ---- Requests: name, footer word, help text. The footer and the `?` screen are generated from
 * this table and the key table in keymap.c. An empty word keeps a request out of the footer; an
 * empty help text keeps it out of the help screen. REQ_TICK is never bound to a key: the loop
 * sends it to the screen on each timer tick while probes run. ---- */
#define REQUEST_LIST(X)                                                                            \
    X(REQ_NONE, "", "")                                                                            \
    X(REQ_PICK1, "pick", "pick a numbered choice at once")                                         \
    X(REQ_PICK2, "", "")                                                                           \
    X(REQ_PICK3, "", "")                                                                           \
    X(REQ_PICK4, "", "")                                                                           \
    X(REQ_PICK5, "", "")                                                                           \
    X(REQ_PICK6, "", "")                                                                           \
    X(REQ_PICK7, "", "")                                                                           \
    X(REQ_PICK8, "", "")                                                                           \
    X(REQ_PICK9, "", "")                                                                           \
    X(REQ_UP, "", "move the selection up")                                                         \
    X(REQ_DOWN, "move", "move the selection down")                                                 \
    X(REQ_PAGE_UP, "page up", "scroll up a page")                                                  \
    X(REQ_PAGE_DOWN, "page down", "scroll down a page")                                            \
    X(REQ_FIRST, "first", "go to the top")                                                         \
    X(REQ_LAST, "last", "go to the bottom")                                                        \
    X(REQ_ENTER, "ok", "pick the selected line, or go on")                                         \
    X(REQ_BACK, "back", "go back one step (undoes its answer)")                                    \
    X(REQ_TRAIL, "trail", "show the answers so far; pick one to go back to it")                    \
    X(REQ_SEARCH, "symptoms", "search the symptoms: words, error codes, event IDs")                \
    X(REQ_FIND, "find", "find text on this screen, as in less")                                    \
    X(REQ_FIND_NEXT, "", "next match of the text found")                                           \
    X(REQ_FIND_PREV, "", "previous match of the text found")                                       \
    X(REQ_COPY, "copy", "copy the selected command to the clipboard (OSC 52)")                     \
    X(REQ_COPY_ALL, "copy all", "copy every command of the fix (OSC 52)")                          \
    X(REQ_WRITE, "write .ps1", "write the commands to a .ps1 file in this folder")                 \
    X(REQ_MARK_DONE, "done", "mark the fix step done (the transcript records it)")                 \
    X(REQ_RETEST, "test again", "run this step's live tests again (once they ended)")              \
    X(REQ_EVIDENCE, "evidence", "show a test's whole evidence (Enter on its row too)")             \
    X(REQ_CANCEL, "cancel", "close the overlay, stop the tests, clear the field")                  \
    X(REQ_HELP, "help", "show every key")                                                          \
    X(REQ_REDRAW, "redraw", "redraw the whole screen")                                             \
    X(REQ_QUIT, "quit", "quit (asks first while a session is under way)")                          \
    X(REQ_TICK, "", "")

enum aod_request {
#define REQ_ENUM(name, word, help) name,
    REQUEST_LIST(REQ_ENUM)
#undef REQ_ENUM
        REQ_COUNT
};

/* Footer word and help text of `r`; "" for an unknown request. Static strings. */
const char *wz_request_word(enum aod_request r);
const char *wz_request_help(enum aod_request r);
/* Key codes for the start and end of a bracketed paste, defined from the terminal's PS and PE
 * capabilities (tui/term.c). Above every curses key code. */
#define WZ_KEY_PASTE_BEGIN 0x7F00
#define WZ_KEY_PASTE_END   0x7F01

/* The request bound to `key` outside text entry, REQ_NONE when none. KEY_RESIZE is bound to
 * nothing: the loop handles it before asking for a request (STYLE.md section 6). */
enum aod_request wz_key_request(int key);
/* The request bound to `key` during text entry: only keys that cannot be text (Enter, Esc,
 * arrows, F-keys, control keys); editing keys are left to the screen. */
enum aod_request wz_key_request_text(int key);
/* Writes "k1/k2" for at most `max` keys bound to `r` (with `is_text`, only those bound during
 * text entry) into buf[cap], NUL-terminated, cut at a whole label when short of room. */
void wz_key_labels(enum aod_request r, bool is_text, size_t max, char *buf, size_t cap);
/* A script key name without its <> ("Enter", "C-u", "F1" ..., see tui/script.c) of `len` bytes
 * to a key code; -1 when unknown. */
int wz_key_parse(const char *name, size_t len);

#endif
