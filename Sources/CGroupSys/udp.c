// udp.c: UDP sockets for mDNS and NAT-PMP/PCP — binding shared ports, joining multicast groups per interface,
// and receiving and sending with the interface each datagram used (recvmsg/sendmsg with PKTINFO).
#define _GNU_SOURCE
#include "CGroupSys.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/// Fills `storage` with `family`'s sockaddr for `address` (4 or 16 bytes) and `port`; returns its length.
static socklen_t make_address(struct sockaddr_storage *storage, int family, const uint8_t *address, uint16_t port,
                              unsigned scope) {
    memset(storage, 0, sizeof *storage);
    if (family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)storage;
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        if (address) memcpy(&v4->sin_addr, address, 4);
        return sizeof *v4;
    }
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)storage;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    if (address) memcpy(&v6->sin6_addr, address, 16);
    v6->sin6_scope_id = scope;
    return sizeof *v6;
}

int cgs_udp_open(int family, uint16_t port, int shared) {
    int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int on = 1, hops = 255;
    if (shared) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    }
    int ok;
    if (family == AF_INET) {
        unsigned char ttl = 255, loop = 1;
        ok = setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == 0
            && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) == 0
            && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) == 0;
    } else {
        ok = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0
            && setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0
            && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) == 0
            && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &on, sizeof on) == 0;
    }
    struct sockaddr_storage address;
    socklen_t length = make_address(&address, family, NULL, port, 0);
    if (!ok || bind(fd, (struct sockaddr *)&address, length) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int cgs_udp_join(int fd, int family, const uint8_t *group, unsigned ifindex) {
    if (family == AF_INET) {
        struct ip_mreqn request;
        memset(&request, 0, sizeof request);
        memcpy(&request.imr_multiaddr, group, 4);
        request.imr_ifindex = (int)ifindex;
        return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, sizeof request);
    }
    struct ipv6_mreq request;
    memset(&request, 0, sizeof request);
    memcpy(&request.ipv6mr_multiaddr, group, 16);
    request.ipv6mr_interface = ifindex;
    return setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &request, sizeof request);
}

long cgs_udp_receive(int fd, uint8_t *buffer, size_t size, uint8_t from[16], uint16_t *from_port, unsigned *ifindex) {
    struct sockaddr_storage source;
    struct iovec part = {buffer, size};
    union {
        char bytes[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(struct in_pktinfo))];
        struct cmsghdr align;
    } control;
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_name = &source;
    message.msg_namelen = sizeof source;
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control.bytes;
    message.msg_controllen = sizeof control.bytes;
    ssize_t got = recvmsg(fd, &message, 0);
    if (got < 0) return -1;
    if (message.msg_flags & MSG_TRUNC) {
        errno = EMSGSIZE;
        return -1;
    }
    *ifindex = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof info);
            *ifindex = (unsigned)info.ipi_ifindex;
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            struct in6_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof info);
            *ifindex = info.ipi6_ifindex;
        }
    }
    memset(from, 0, 16);
    if (source.ss_family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&source;
        memcpy(from, &v4->sin_addr, 4);
        *from_port = ntohs(v4->sin_port);
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&source;
        memcpy(from, &v6->sin6_addr, 16);
        *from_port = ntohs(v6->sin6_port);
    }
    return (long)got;
}

long cgs_udp_send(int fd, const uint8_t *buffer, size_t size, int family, const uint8_t *to, uint16_t port, unsigned ifindex) {
    struct sockaddr_storage destination;
    socklen_t length = make_address(&destination, family, to, port, family == AF_INET6 ? ifindex : 0);
    struct iovec part = {(void *)buffer, size};
    union {
        char bytes[CMSG_SPACE(sizeof(struct in6_pktinfo))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_name = &destination;
    message.msg_namelen = length;
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    if (ifindex != 0) {
        // The interface to leave by: for multicast, the link to announce on; for unicast, the link a query came from.
        message.msg_control = control.bytes;
        struct cmsghdr *c;
        if (family == AF_INET) {
            message.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
            c = CMSG_FIRSTHDR(&message);
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
            struct in_pktinfo info;
            memset(&info, 0, sizeof info);
            info.ipi_ifindex = (int)ifindex;
            memcpy(CMSG_DATA(c), &info, sizeof info);
        } else {
            message.msg_controllen = CMSG_SPACE(sizeof(struct in6_pktinfo));
            c = CMSG_FIRSTHDR(&message);
            c->cmsg_level = IPPROTO_IPV6;
            c->cmsg_type = IPV6_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
            struct in6_pktinfo info;
            memset(&info, 0, sizeof info);
            info.ipi6_ifindex = ifindex;
            memcpy(CMSG_DATA(c), &info, sizeof info);
        }
    }
    return (long)sendmsg(fd, &message, MSG_NOSIGNAL);
}

int cgs_udp_connect(int fd, int family, const uint8_t *to, uint16_t port) {
    struct sockaddr_storage destination;
    socklen_t length = make_address(&destination, family, to, port, 0);
    return connect(fd, (struct sockaddr *)&destination, length);
}

int cgs_udp_local_address(int fd, uint8_t address[16], uint16_t *port) {
    struct sockaddr_storage local;
    socklen_t length = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &length) != 0) return -1;
    memset(address, 0, 16);
    if (local.ss_family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&local;
        memcpy(address, &v4->sin_addr, 4);
        *port = ntohs(v4->sin_port);
        return AF_INET;
    }
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&local;
    memcpy(address, &v6->sin6_addr, 16);
    *port = ntohs(v6->sin6_port);
    return AF_INET6;
}
