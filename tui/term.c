/* tui/term.c: the only code that starts and ends curses, on a real terminal or on a null display
 * (AOD_NO_DISPLAY, tig-style). Owns the signal handlers; they only set a flag, except that a
 * crash restores the saved tty modes with async-signal-safe calls before dying. */
#include "term.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "driver.h"
#include "keymap.h"

#define CRASH_SEQ_MAX   256
#define WZ_ESC_DELAY_MS 300

static struct {
    SCREEN *scr;
    FILE *out;
    FILE *in;
    bool is_up;
    bool is_headless;
    bool has_saved;
    struct termios saved;
    int tty_fd;
    char crash_seq[CRASH_SEQ_MAX]; /* terminfo rmcup, cnorm, sgr0: leaves the screen sane */
    size_t crash_len;
} term = {.tty_fd = -1};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

/* A crash: no curses here, only tcsetattr and write, then die of the same signal. */
static void on_crash(int sig)
{
    if (term.has_saved)
        tcsetattr(term.tty_fd, TCSANOW, &term.saved);
    if (term.crash_len > 0) {
        ssize_t w = write(term.tty_fd, term.crash_seq, term.crash_len);
        (void)w;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void add_cap(const char *name)
{
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1)
        return;
    size_t n = strlen(s);
    if (term.crash_len + n < CRASH_SEQ_MAX) {
        memcpy(term.crash_seq + term.crash_len, s, n);
        term.crash_len += n;
    }
}

static void set_handlers(bool is_on)
{
    /* SIGQUIT too: cbreak keeps ISIG, so Ctrl-\ would otherwise dump core in raw mode. */
    static const int quit_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    static const int crash_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = is_on ? on_signal : SIG_DFL;
    /* No SA_RESTART: a signal wakes wgetch so the loop sees the flag at once. */
    for (size_t i = 0; i < sizeof quit_sigs / sizeof quit_sigs[0]; i++)
        sigaction(quit_sigs[i], &sa, NULL);
    if (term.is_headless)
        return; /* nothing to restore, and sanitizers keep their own crash reports */
    sa.sa_handler = is_on ? on_crash : SIG_DFL;
    sa.sa_flags = is_on ? SA_RESETHAND : 0;
    for (size_t i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
        sigaction(crash_sigs[i], &sa, NULL);
}

static bool open_streams(struct aod_err *err)
{
    const char *nd = getenv("AOD_NO_DISPLAY");
    term.is_headless = nd != NULL && nd[0] != '\0' && strcmp(nd, "0") != 0;
    if (!term.is_headless) {
        term.out = stdout;
        term.in = stdin;
        term.tty_fd = STDOUT_FILENO;
        term.has_saved = tcgetattr(STDIN_FILENO, &term.saved) == 0;
        return true;
    }
    /* AOD_DISPLAY_LOG keeps what would reach the terminal, so tests can count bytes. */
    const char *log = getenv("AOD_DISPLAY_LOG");
    term.out = fopen(log != NULL && log[0] != '\0' ? log : "/dev/null", "w");
    term.in = fopen("/dev/null", "r");
    if (term.out == NULL || term.in == NULL) {
        aod_err_set(err, AOD_E_IO, "cannot open the null display");
        return false;
    }
    return true;
}

/* Bracketed paste, where terminfo describes it (xterm, tmux: the BE, BD, PS and PE extended
 * capabilities): a paste then arrives between two markers, so that its line breaks are text and
 * not Enter. Never on the null display, whose output the tests compare. */
static void paste_mode(bool is_on)
{
    char *on = tigetstr(is_on ? "BE" : "BD");
    char *ps = tigetstr("PS");
    char *pe = tigetstr("PE");

    if (term.is_headless || on == NULL || on == (char *)-1 || ps == NULL || ps == (char *)-1 ||
        pe == NULL || pe == (char *)-1)
        return;
    if (is_on) {
        define_key(ps, WZ_KEY_PASTE_BEGIN);
        define_key(pe, WZ_KEY_PASTE_END);
    }
    fputs(on, term.out);
    fflush(term.out);
}

bool wz_term_start(struct aod_err *err)
{
    const char *tname = getenv("TERM");

    setlocale(LC_ALL, "");
    if (!open_streams(err))
        goto fail;
    if (tname == NULL || tname[0] == '\0')
        tname = term.is_headless ? "xterm-256color" : NULL;
    term.scr = newterm(tname, term.out, term.in);
    if (term.scr == NULL) {
        aod_err_set(err, AOD_E_IO, "cannot use terminal type \"%s\" (try --plain)",
                    tname != NULL ? tname : "(unset)");
        goto fail;
    }
    set_term(term.scr);
    term.is_up = true;
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    /* An arrow key is Esc [ B: over a slow SSH link its bytes can arrive apart. A few hundred
     * ms keeps them one key (an Esc alone then acts that much later); ESCDELAY overrides. */
    const char *ed = getenv("ESCDELAY");
    if (ed == NULL || ed[0] == '\0')
        set_escdelay(WZ_ESC_DELAY_MS);
    curs_set(0);
    add_cap("sgr0");
    add_cap("cnorm");
    paste_mode(true);
    add_cap("BD");
    add_cap("rmcup");
    set_handlers(true);
    return true;
fail:
    if (term.is_headless) {
        if (term.out != NULL)
            fclose(term.out);
        if (term.in != NULL)
            fclose(term.in);
        term.out = term.in = NULL;
    }
    return false;
}

void wz_term_end(void)
{
    if (!term.is_up)
        return;
    /* Without an alternate screen (vt100: no smcup) what was drawn stays on the terminal, and
     * the shell prompt would land inside the old footer: clear it (terminfo clear also homes
     * the cursor), so the prompt starts on a clean line at the top. */
    char *smcup = tigetstr("smcup");
    char *clr = tigetstr("clear");
    bool is_plain_screen = smcup == NULL || smcup == (char *)-1 || smcup[0] == '\0';
    curs_set(1);
    paste_mode(false);
    endwin();
    if (!term.is_headless && is_plain_screen && clr != NULL && clr != (char *)-1) {
        putp(clr);
        fflush(stdout);
    }
    set_handlers(false);
    delscreen(term.scr);
    term.scr = NULL;
    term.is_up = false;
    if (term.is_headless) {
        fclose(term.out);
        fclose(term.in);
    } else {
        fflush(stdout);
    }
    term.out = term.in = NULL;
}

int wz_term_signal(void)
{
    return (int)got_signal;
}

FILE *wz_term_out(void)
{
    return term.out;
}

_Noreturn void wz_term_fatal(const char *msg)
{
    wz_term_end();
    fprintf(stderr, "aovpn-doctor: %s\n", msg);
    exit(AOD_EXIT_SOFTWARE);
}
