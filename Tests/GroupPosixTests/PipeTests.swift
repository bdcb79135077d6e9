// PipeTests: a Pipe wakes a reader when signalled and is empty again after drain.
import Glibc
import GroupPosix
import Testing

/// Whether `fd` has bytes to read right now (poll with a zero timeout).
func isReadableNow(_ fd: Int32) -> Bool {
    var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&pfd, 1, 0) == 1 && (pfd.revents & Int16(POLLIN)) != 0
}

@Suite("Pipe")
struct PipeTests {
    @Test func signalMakesTheReadEndReadableAndDrainEmptiesIt() throws {
        let pipe = try Pipe()
        #expect(!isReadableNow(pipe.readEnd))
        pipe.signal()
        #expect(isReadableNow(pipe.readEnd))
        pipe.drain()
        #expect(!isReadableNow(pipe.readEnd))
    }

    @Test func drainReadsManySignalsAtOnce() throws {
        let pipe = try Pipe()
        for _ in 0..<1000 { pipe.signal() }
        #expect(isReadableNow(pipe.readEnd))
        pipe.drain()
        #expect(!isReadableNow(pipe.readEnd))
    }

    @Test func drainOnAnEmptyPipeReturnsAtOnce() throws {
        let pipe = try Pipe()
        pipe.drain()
        #expect(!isReadableNow(pipe.readEnd))
    }

    @Test func signalOnAFullPipeDoesNotBlock() throws {
        let pipe = try Pipe()
        // Far more than a pipe's default 64 KiB capacity; a blocking write end would hang here.
        for _ in 0..<100_000 { pipe.signal() }
        pipe.drain()
        #expect(!isReadableNow(pipe.readEnd))
        pipe.signal()
        #expect(isReadableNow(pipe.readEnd))
    }

    @Test func bothEndsAreNonBlockingAndCloseOnExec() throws {
        let pipe = try Pipe()
        #expect(pipe.readEnd != pipe.writeEnd)
        for fd in [pipe.readEnd, pipe.writeEnd] {
            #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
            #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        }
    }
}
