// EpollPollerTests: EpollPoller reports readiness of registered descriptors with their tags.
import Glibc
import GroupPosix
import Testing

/// A connected AF_UNIX stream pair, closed when the test ends.
final class SocketPair {
    let left: Int32
    let right: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
            throw SystemError.current("socketpair")
        }
        left = fds[0]
        right = fds[1]
    }

    func write(_ bytes: [UInt8], to fd: Int32) {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        #expect(written == bytes.count)
    }

    func read(_ fd: Int32, count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return got > 0 ? Array(buffer.prefix(got)) : []
    }

    deinit {
        close(left)
        close(right)
    }
}

@Suite("EpollPoller")
struct EpollPollerTests {
    @Test func waitWithZeroTimeoutIsEmptyWhenNothingIsReady() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 1, events: .readable)
        #expect(try poller.wait(timeoutMillis: 0).isEmpty)
    }

    @Test func waitOnAnEmptyPollerIsEmpty() throws {
        let poller = try EpollPoller()
        #expect(try poller.wait(timeoutMillis: 0).isEmpty)
    }

    @Test func writtenBytesMakeAReadableEventWithTheTag() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 0xDEAD_BEEF_0000_0042, events: .readable)
        pair.write([1, 2, 3], to: pair.right)
        let events = try poller.wait(timeoutMillis: 5_000)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.tag == 0xDEAD_BEEF_0000_0042)
        #expect(event.events.contains(.readable))
        #expect(!event.events.contains(.writable))
    }

    @Test func levelTriggeredUntilTheBytesAreRead() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 9, events: .readable)
        pair.write(Array("hello".utf8), to: pair.right)
        #expect(try poller.wait(timeoutMillis: 5_000).map(\.tag) == [9])
        #expect(try poller.wait(timeoutMillis: 0).map(\.tag) == [9])
        #expect(pair.read(pair.left, count: 64) == Array("hello".utf8))
        #expect(try poller.wait(timeoutMillis: 0).isEmpty)
    }

    @Test func onlyTheReadyRegistrationIsReported() throws {
        let poller = try EpollPoller()
        let first = try SocketPair()
        let second = try SocketPair()
        try poller.register(first.left, tag: 1, events: .readable)
        try poller.register(second.left, tag: 2, events: .readable)
        second.write([0x2A], to: second.right)
        #expect(try poller.wait(timeoutMillis: 5_000).map(\.tag) == [2])
        first.write([0x2A], to: first.right)
        #expect(Set(try poller.wait(timeoutMillis: 5_000).map(\.tag)) == [1, 2])
    }

    @Test func writableRegistrationIsReadyAtOnceAndModifyChangesIt() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 5, events: [.readable, .writable])
        let events = try poller.wait(timeoutMillis: 5_000)
        #expect(events.map(\.tag) == [5])
        #expect(events.first?.events.contains(.writable) == true)
        try poller.modify(pair.left, tag: 6, events: .readable)
        #expect(try poller.wait(timeoutMillis: 0).isEmpty)
        pair.write([0], to: pair.right)
        #expect(try poller.wait(timeoutMillis: 5_000).map(\.tag) == [6])
    }

    @Test func unregisteredDescriptorIsNoLongerReported() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 3, events: .readable)
        poller.unregister(pair.left)
        pair.write([1], to: pair.right)
        #expect(try poller.wait(timeoutMillis: 0).isEmpty)
    }

    @Test func peerCloseIsReportedAsReadable() throws {
        let poller = try EpollPoller()
        var fds: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]) }
        try poller.register(fds[0], tag: 77, events: .readable)
        close(fds[1])
        let events = try poller.wait(timeoutMillis: 5_000)
        #expect(events.map(\.tag) == [77])
        #expect(events.first?.events.contains(.readable) == true)
    }

    @Test func registeringTwiceThrowsEEXIST() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        try poller.register(pair.left, tag: 1, events: .readable)
        #expect(throws: SystemError(code: EEXIST, call: "epoll_ctl")) {
            try poller.register(pair.left, tag: 2, events: .readable)
        }
    }

    @Test func modifyingAnUnregisteredDescriptorThrowsENOENT() throws {
        let poller = try EpollPoller()
        let pair = try SocketPair()
        #expect(throws: SystemError(code: ENOENT, call: "epoll_ctl")) {
            try poller.modify(pair.left, tag: 1, events: .readable)
        }
    }

    @Test func manyReadyDescriptorsBeyondCapacityComeOverSeveralWaits() throws {
        let poller = try EpollPoller(capacity: 4)
        let pairs = try (0..<10).map { _ in try SocketPair() }
        for (index, pair) in pairs.enumerated() {
            try poller.register(pair.left, tag: UInt64(index), events: .readable)
            pair.write([1], to: pair.right)
        }
        var seen = Set<UInt64>()
        for _ in 0..<10 {
            let events = try poller.wait(timeoutMillis: 0)
            #expect(events.count <= 4)
            for event in events {
                seen.insert(event.tag)
                _ = pairs[Int(event.tag)].read(pairs[Int(event.tag)].left, count: 8)
            }
            if seen.count == pairs.count { break }
        }
        #expect(seen == Set(0..<10))
    }
}
