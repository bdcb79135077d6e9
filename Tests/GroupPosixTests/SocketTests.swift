// SocketTests: ListeningSocket and Socket connect, accept and move bytes over 127.0.0.1 on a kernel-chosen port.
import Glibc
import GroupPosix
import Testing

@Suite("Sockets")
struct SocketTests {
    /// Waits (up to 5 s, via poll) for the listener to have a connection, then accepts it.
    static func acceptOne(_ listener: ListeningSocket) throws -> Socket {
        var pfd = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 5_000) == 1)
        guard case .processed(let socket) = try listener.accept() else {
            throw SystemError(code: EAGAIN, call: "accept in test")
        }
        return socket
    }

    /// Reads exactly `count` bytes from a (possibly non-blocking) socket, waiting with poll.
    static func readExactly(_ socket: Socket, count: Int) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while received.count < count {
            guard try socket.waitReadable(timeoutMillis: 5_000) else { break }
            let result = try buffer.withUnsafeMutableBytes { try socket.read(into: $0) }
            switch result {
            case .processed(0): return received
            case .processed(let n): received += buffer.prefix(n)
            case .wouldBlock: continue
            }
        }
        return received
    }

    @Test func listenerOnPortZeroGetsARealPort() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        #expect(listener.port != 0)
        #expect(listener.host == "127.0.0.1")
        #expect(listener.fd >= 0)
        #expect(fcntl(listener.fd, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test func twoListenersGetDifferentPorts() throws {
        let first = try ListeningSocket(host: "127.0.0.1", port: 0)
        let second = try ListeningSocket(host: "127.0.0.1", port: 0)
        #expect(first.port != second.port)
    }

    @Test func bindingATakenPortThrowsEADDRINUSE() throws {
        let first = try ListeningSocket(host: "127.0.0.1", port: 0)
        #expect(throws: SystemError(code: EADDRINUSE, call: "bind")) {
            _ = try ListeningSocket(host: "127.0.0.1", port: first.port)
        }
    }

    @Test func acceptWithNothingWaitingWouldBlock() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        guard case .wouldBlock = try listener.accept() else {
            Issue.record("expected .wouldBlock with no client")
            return
        }
    }

    @Test func connectAcceptAndRoundTripBytes() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        let client = try Socket.connect(host: "127.0.0.1", port: listener.port, timeoutMillis: 5_000)
        defer { client.close() }
        #expect(client.fd >= 0)
        #expect(fcntl(client.fd, F_GETFL) & O_NONBLOCK == 0)
        let server = try Self.acceptOne(listener)
        defer { server.close() }
        #expect(fcntl(server.fd, F_GETFL) & O_NONBLOCK != 0)
        #expect(fcntl(server.fd, F_GETFD) & FD_CLOEXEC != 0)

        let request = Array("hello from the client".utf8)
        try client.writeAll(request)
        #expect(try Self.readExactly(server, count: request.count) == request)

        let reply = [UInt8](repeating: 0x5A, count: 20_000)
        var offset = 0
        while offset < reply.count {
            let result = try reply.withUnsafeBytes { raw in
                try server.write(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            if case .processed(let n) = result { offset += n }
        }
        #expect(try Self.readExactly(client, count: reply.count) == reply)
    }

    @Test func acceptedSocketWithNothingToReadWouldBlock() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        let client = try Socket.connect(host: "127.0.0.1", port: listener.port, timeoutMillis: 5_000)
        defer { client.close() }
        let server = try Self.acceptOne(listener)
        var buffer = [UInt8](repeating: 0, count: 16)
        guard case .wouldBlock = try buffer.withUnsafeMutableBytes({ try server.read(into: $0) }) else {
            Issue.record("expected .wouldBlock on an idle accepted socket")
            return
        }
        #expect(try !server.waitReadable(timeoutMillis: 0))
    }

    @Test func closingOneEndIsEndOfStreamForTheOther() throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        let client = try Socket.connect(host: "127.0.0.1", port: listener.port, timeoutMillis: 5_000)
        let server = try Self.acceptOne(listener)
        client.close()
        #expect(client.fd == -1)
        client.close()
        #expect(client.fd == -1)
        #expect(try server.waitReadable(timeoutMillis: 5_000))
        var buffer = [UInt8](repeating: 0, count: 16)
        let result = try buffer.withUnsafeMutableBytes { try server.read(into: $0) }
        guard case .processed(let count) = result else {
            Issue.record("expected end of stream, not .wouldBlock")
            return
        }
        #expect(count == 0)
    }

    @Test func connectingToAClosedPortIsRefused() throws {
        let port: UInt16
        do {
            let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
            port = listener.port
        }
        #expect(throws: SystemError(code: ECONNREFUSED, call: "connect")) {
            _ = try Socket.connect(host: "127.0.0.1", port: port, timeoutMillis: 5_000)
        }
    }

    @Test func resolvingANumericAddressGivesIPv4() throws {
        let addresses = try SocketAddress.resolve(host: "127.0.0.1", port: 80, passive: false)
        #expect(addresses.count >= 1)
        #expect(addresses.allSatisfy { $0.family == AF_INET })
    }
}
