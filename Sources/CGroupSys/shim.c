// shim.c: thin wrappers over epoll, accept4, pipe2, signal handlers and crypt(3) for Swift.
#define _GNU_SOURCE
#include "CGroupSys.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

const uint32_t cgs_epollin = EPOLLIN;
const uint32_t cgs_epollout = EPOLLOUT;
const uint32_t cgs_epollerr = EPOLLERR;
const uint32_t cgs_epollhup = EPOLLHUP;
const uint32_t cgs_epollrdhup = EPOLLRDHUP;

int cgs_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cgs_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t tag) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = tag;
    int c_op = op == 0 ? EPOLL_CTL_ADD : (op == 1 ? EPOLL_CTL_MOD : EPOLL_CTL_DEL);
    return epoll_ctl(epfd, c_op, fd, &ev);
}

int cgs_epoll_wait(int epfd, cgs_event *out, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].tag = evs[i].data.u64;
        out[i].events = evs[i].events;
    }
    return n;
}

int cgs_accept_nonblocking(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

int cgs_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

static int unix_address(const char *path, struct sockaddr_un *address) {
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address->sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(address->sun_path, path);
    return 0;
}

int cgs_unix_listen(const char *path, int backlog) {
    struct sockaddr_un address;
    if (unix_address(path, &address) != 0) return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || chmod(path, 0600) != 0 || listen(fd, backlog) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int cgs_unix_connect(const char *path) {
    struct sockaddr_un address;
    if (unix_address(path, &address) != 0) return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int result;
    do { result = connect(fd, (struct sockaddr *)&address, sizeof address); } while (result != 0 && errno == EINTR);
    if (result != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int cgs_open_pty(int *controller, int *replica) {
    int main_fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (main_fd < 0) return -1;
    char name[128];
    if (grantpt(main_fd) != 0 || unlockpt(main_fd) != 0 || ptsname_r(main_fd, name, sizeof name) != 0) {
        int saved = errno;
        close(main_fd);
        errno = saved;
        return -1;
    }
    int side = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (side < 0) {
        int saved = errno;
        close(main_fd);
        errno = saved;
        return -1;
    }
    *controller = main_fd;
    *replica = side;
    return 0;
}

int cgs_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

int cgs_set_terminal_size(int fd, unsigned short rows, unsigned short columns) {
    struct winsize size = { .ws_row = rows, .ws_col = columns, .ws_xpixel = 0, .ws_ypixel = 0 };
    return ioctl(fd, TIOCSWINSZ, &size);
}

/// Sets the disposition of `signo` (a handler, SIG_IGN or SIG_DFL) with an empty mask. Returns 0 or -1 with errno.
static int set_action(int signo, void (*handler)(int), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = flags;
    return sigaction(signo, &action, NULL);
}

/// From a signal handler: writes one byte to `fd` (a non-blocking pipe end; nothing when negative), errno kept.
static void wake(int fd, unsigned char byte) {
    if (fd < 0) return;
    int saved = errno;
    ssize_t ignored = write(fd, &byte, 1);
    (void)ignored;
    errno = saved;
}

static atomic_int winch_flag;
static int winch_fd = -1;

static void on_winch(int signal_number) {
    (void)signal_number;
    atomic_store(&winch_flag, 1);
    wake(winch_fd, 'w');
}

int cgs_install_winch_handler(int fd) {
    winch_fd = fd;
    if (set_action(SIGWINCH, on_winch, SA_RESTART) != 0) return -1;
    // A parent may have started us with SIGWINCH blocked (the mask is inherited): unblock it here.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

int cgs_take_winch(void) { return atomic_exchange(&winch_flag, 0); }

static void close_between(unsigned int low, unsigned int high) {
    if (low <= high) close_range(low, high, 0);
}

int cgs_child_setup(int keep_a, int keep_b) {
    pid_t parent = getppid();
    unsigned int a = (unsigned int)(keep_a < keep_b ? keep_a : keep_b);
    unsigned int b = (unsigned int)(keep_a < keep_b ? keep_b : keep_a);
    close_between(3, a - 1);
    close_between(a + 1, b - 1);
    close_between(b + 1, ~0U);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        if (null_fd != 0) close(null_fd);
    }
    // The parent says goodbye to clients on SIGINT and SIGTERM (a terminal's Ctrl-C, systemd's stop signal
    // to the whole group): a child ignores both and ends when the parent closes its channel or dies.
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -1;
    return getppid() == parent ? 0 : -1;
}

static volatile sig_atomic_t shutdown_fd = -1;

static void on_shutdown_signal(int signo) { wake(shutdown_fd, (unsigned char)signo); }

int cgs_install_shutdown_signals(int fd) {
    shutdown_fd = fd;
    if (set_action(SIGINT, on_shutdown_signal, SA_RESTART) != 0) return -1;
    if (set_action(SIGTERM, on_shutdown_signal, SA_RESTART) != 0) return -1;
    // A parent may have started us with these signals blocked (test runners, some launchers): unblock them.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    if (pthread_sigmask(SIG_UNBLOCK, &wanted, NULL) != 0) return -1;
    // Children must be reapable: an inherited SIG_IGN for SIGCHLD would make waitpid fail with ECHILD.
    if (set_action(SIGCHLD, SIG_DFL, 0) != 0) return -1;
    // A file-size limit (SIGXFSZ) must fail the write, not kill the server: the write error is handled.
    if (set_action(SIGXFSZ, SIG_IGN, 0) != 0) return -1;
    return set_action(SIGPIPE, SIG_IGN, 0);
}

/// crypt(3)'s 32 KiB of working state, mapped for one call and unmapped after it: on the stack it would stay resident
/// in every thread or fork-mode child that ever checked a password, and from malloc it would stay in the heap.
static struct crypt_data *crypt_state(void) {
    void *state = mmap(NULL, sizeof(struct crypt_data), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return state == MAP_FAILED ? NULL : state;  // zero-filled, as crypt_r wants it
}

int cgs_hash_password(const char *password, char *out, size_t out_size) {
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt) == NULL) return -1;
    struct crypt_data *data = crypt_state();
    if (data == NULL) return -1;
    char *hash = crypt_r(password, salt, data);
    int status = 0;
    if (hash == NULL || hash[0] == '*') {
        errno = EINVAL;
        status = -1;
    } else if (strlen(hash) + 1 > out_size) {
        errno = ERANGE;
        status = -1;
    } else {
        memcpy(out, hash, strlen(hash) + 1);
    }
    int saved = errno;
    munmap(data, sizeof *data);
    errno = saved;
    return status;
}

int cgs_verify_password(const char *password, const char *hash) {
    struct crypt_data *data = crypt_state();
    if (data == NULL) return -1;
    char *computed = crypt_r(password, hash, data);
    int status;
    if (computed == NULL || computed[0] == '*') {
        status = -1;
    } else if (strlen(computed) != strlen(hash)) {
        status = 0;
    } else {
        unsigned char diff = 0;
        for (size_t i = 0; hash[i] != 0; i++) diff |= (unsigned char)(computed[i] ^ hash[i]);
        status = diff == 0 ? 1 : 0;
    }
    munmap(data, sizeof *data);
    return status;
}

void cgs_release_free_memory(void) { malloc_trim(0); }

const void *cgs_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

const void *cgs_memrchr(const void *bytes, int byte, size_t length) { return memrchr(bytes, byte, length); }

__attribute__((noinline)) int cgs_release_unused_stack(void) {
    pthread_attr_t attributes;
    void *lowest;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return -1;
    int status = pthread_attr_getstack(&attributes, &lowest, &size);
    pthread_attr_destroy(&attributes);
    if (status != 0) return -1;
    // This function's frame is the deepest live one; below it only madvise's own call runs (a return address and a
    // few words), well within the kilobyte kept under the frame.
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t low = ((uintptr_t)lowest + page - 1) & ~(page - 1);
    if (frame < low || frame >= (uintptr_t)lowest + size) return 0;  // not on this thread's stack: leave it be
    uintptr_t high = (frame - 1024) & ~(page - 1);
    if (high <= low) return 0;
    return madvise((void *)low, high - low, MADV_DONTNEED);
}

int cgs_set_thread_idle(void) {
    struct sched_param param = {0};
    return pthread_setschedparam(pthread_self(), SCHED_IDLE, &param) == 0 ? 0 : -1;
}

int cgs_spawn_detached(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                       const char *terminal, int *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) return result;
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return result;
    }
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    if (terminal != NULL) {
        // glibc runs setsid before the file actions: opening the terminal without O_NOCTTY makes it the session's
        // controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0);
        posix_spawn_file_actions_adddup2(&actions, 0, 1);
        posix_spawn_file_actions_adddup2(&actions, 0, 2);
    } else {
        int sources[3] = {in_fd, out_fd, err_fd};
        for (int target = 0; target < 3; target++) {
            if (sources[target] < 0) {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDWR, 0);
            } else {
                posix_spawn_file_actions_adddup2(&actions, sources[target], target);
            }
        }
    }
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}
