// CGroupSys: the few system calls Swift's Glibc module does not expose (epoll, accept4, pipe2, crypt,
// an async-signal-safe shutdown pipe) and static inline wrappers for function-like macros.
#ifndef CGROUPSYS_H
#define CGROUPSYS_H

#include <stddef.h>
#include <stdint.h>



// MARK: - epoll

/// Event bits, re-exported because the epoll header's enum does not import cleanly.
extern const uint32_t cgs_epollin;
extern const uint32_t cgs_epollout;
extern const uint32_t cgs_epollerr;
extern const uint32_t cgs_epollhup;
extern const uint32_t cgs_epollrdhup;

/// One readiness event: the registration's 64-bit tag and the event bits.
typedef struct {
    uint64_t tag;
    uint32_t events;
} cgs_event;

int cgs_epoll_create(void);
/// op: 0 add, 1 modify, 2 delete.
int cgs_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t tag);
/// Waits and copies up to `max` events into `out`. Returns the count or -1 with errno.
int cgs_epoll_wait(int epfd, cgs_event *out, int max, int timeout_ms);

// MARK: - descriptors

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int cgs_accept_nonblocking(int fd);
/// pipe2 with O_CLOEXEC.
int cgs_pipe_cloexec(int fds[2]);

// MARK: - Unix-domain sockets

/// A listening Unix-domain stream socket bound at `path`, non-blocking and close-on-exec, its file made mode
/// 0600. Returns the descriptor, or -1 with errno (ENAMETOOLONG when the path does not fit sun_path).
int cgs_unix_listen(const char *path, int backlog);
/// A blocking, close-on-exec connection to the Unix-domain socket at `path`. Returns the descriptor, or -1
/// with errno (ENOENT: no socket there; ECONNREFUSED: nobody listens on it).
int cgs_unix_connect(const char *path);

// MARK: - UDP (udp.c)

/// A UDP socket of `family` (AF_INET or AF_INET6), non-blocking and close-on-exec, that reports the interface
/// each datagram arrived on (IP_PKTINFO / IPV6_RECVPKTINFO), bound to `port` (0: any free one) on the wildcard
/// address. With `shared`, SO_REUSEADDR and SO_REUSEPORT let other mDNS responders (Avahi, another groupd) bind
/// the same port. IPv6 sockets are IPv6-only. Multicast goes out with TTL/hop limit 255 and comes back to this
/// host's other sockets. Returns the descriptor, or -1 with errno.
int cgs_udp_open(int family, uint16_t port, int shared);
/// Joins the multicast `group` (4 or 16 bytes, per the socket's family) on interface `ifindex`. Returns 0 or -1.
int cgs_udp_join(int fd, int family, const uint8_t *group, unsigned ifindex);
/// Receives one datagram into `buffer`: the sender's address (4 or 16 bytes into `from`; an IPv6 socket's
/// IPv4-mapped senders stay mapped), its port, and the index of the interface it arrived on (0 when unknown).
/// Returns the length, or -1 with errno (EMSGSIZE for a datagram longer than `size`, which is dropped).
long cgs_udp_receive(int fd, uint8_t *buffer, size_t size, uint8_t from[16], uint16_t *from_port, unsigned *ifindex);
/// Sends `buffer` to `to` (4 or 16 bytes) port `port`, out of interface `ifindex` when non-zero (also the zone of
/// a link-local or link-scope multicast IPv6 destination). Returns the bytes sent, or -1 with errno.
long cgs_udp_send(int fd, const uint8_t *buffer, size_t size, int family, const uint8_t *to, uint16_t port, unsigned ifindex);
/// Connects a UDP socket to `to` port `port`: only that peer's datagrams arrive, and an ICMP "port unreachable"
/// shows as ECONNREFUSED on the next receive. Returns 0 or -1 with errno.
int cgs_udp_connect(int fd, int family, const uint8_t *to, uint16_t port);
/// The socket's own address (4 or 16 bytes into `address`). Returns the family, or -1 with errno.
int cgs_udp_local_address(int fd, uint8_t address[16], uint16_t *port);

// MARK: - terminals

/// Opens a pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname), both ends close-on-exec.
/// Returns 0, or -1 with errno.
int cgs_open_pty(int *controller, int *replica);
/// The terminal's width in columns (TIOCGWINSZ), or 0 when unknown.
int cgs_terminal_columns(int fd);
/// Sets a terminal's size (TIOCSWINSZ; the kernel then sends SIGWINCH to its foreground group). Returns 0 or -1.
int cgs_set_terminal_size(int fd, unsigned short rows, unsigned short columns);
/// Installs a SIGWINCH handler that sets a flag and writes one byte to `fd` (a non-blocking pipe end, or -1),
/// and unblocks SIGWINCH in the calling thread. Returns 0 or -1 with errno.
int cgs_install_winch_handler(int fd);
/// Returns 1 when SIGWINCH arrived since the last call, and clears the flag.
int cgs_take_winch(void);

// MARK: - child processes

/// In a freshly forked child: closes every descriptor but 0-2, `keep_a` and `keep_b`; points standard input
/// at /dev/null; ignores SIGINT and SIGTERM (the parent says goodbye to clients and then closes the channel); and asks
/// for SIGKILL when the parent dies. Returns 0, or -1 when the parent is already gone.
int cgs_child_setup(int keep_a, int keep_b);
/// Starts `path` with `argv` and `envp` in a session of its own (posix_spawn with POSIX_SPAWN_SETSID), so it has no
/// controlling terminal, with every signal at its default action and none blocked, and descriptors 0-2 taken from
/// `in_fd`, `out_fd` and `err_fd` (-1: /dev/null) and nothing else open. With `terminal` (a pseudo-terminal's path),
/// standard input, output and error are that terminal instead, and it becomes the new session's controlling
/// terminal. Stores the child's id in `pid`. Returns 0, or an errno value.
int cgs_spawn_detached(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                       const char *terminal, int *pid);

// MARK: - signals

/// Installs handlers for SIGINT and SIGTERM that write one byte to `fd` (a non-blocking pipe end),
/// unblocks both in the calling thread (call before starting threads), and ignores SIGPIPE and SIGXFSZ. Returns 0 or -1 with errno.
int cgs_install_shutdown_signals(int fd);

// MARK: - passwords

/// Hashes `password` with yescrypt and a random salt from the system. Writes the NUL-terminated hash
/// into `out` (at least 256 bytes). Returns 0, or -1 with errno.
int cgs_hash_password(const char *password, char *out, size_t out_size);
/// Returns 1 when `password` matches `hash`, 0 when not, -1 on error.
int cgs_verify_password(const char *password, const char *hash);

// MARK: - Threads

/// Puts the calling thread in the SCHED_IDLE class: it runs only when no other thread wants the CPU. Returns 0 or -1.
int cgs_set_thread_idle(void);

/// Gives the calling thread's stack pages below the caller's frame back to the system (madvise MADV_DONTNEED): a
/// thread about to block for a long time keeps only the pages its live frames use. 0, or -1 with errno.
int cgs_release_unused_stack(void);

// MARK: - Memory

/// The first occurrence of `needle` in `haystack` (glibc's memmem, which needs _GNU_SOURCE), or NULL.
const void *cgs_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
/// The last occurrence of `byte` in the `length` bytes at `bytes` (glibc's memrchr), or NULL.
const void *cgs_memrchr(const void *bytes, int byte, size_t length);


/// Returns memory that was freed but is still held by the allocator's arenas to the system (malloc_trim).
void cgs_release_free_memory(void);

#endif
