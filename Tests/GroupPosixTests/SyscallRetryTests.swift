// SyscallRetryTests: retryingOnInterrupt retries EINTR, nonBlocking turns EAGAIN into .wouldBlock, other errnos throw.
import Glibc
import GroupPosix
import Testing

@Suite("Syscall retry")
struct SyscallRetryTests {
    /// A fake system call that fails with each errno of `failures` in turn, then returns `result`.
    final class FakeCall {
        var failures: [Int32]
        let result: Int32
        private(set) var calls = 0

        init(failures: [Int32], result: Int32) {
            self.failures = failures
            self.result = result
        }

        func callAsFunction() -> Int32 {
            calls += 1
            if !failures.isEmpty {
                errno = failures.removeFirst()
                return -1
            }
            return result
        }
    }

    @Test func retriesAfterOneInterrupt() throws {
        let call = FakeCall(failures: [EINTR], result: 7)
        let value = try retryingOnInterrupt("fake") { call() }
        #expect(value == 7)
        #expect(call.calls == 2)
    }

    @Test func retriesManyInterrupts() throws {
        let call = FakeCall(failures: Array(repeating: EINTR, count: 5), result: 0)
        #expect(try retryingOnInterrupt("fake") { call() } == 0)
        #expect(call.calls == 6)
    }

    @Test func successIsNotRetried() throws {
        let call = FakeCall(failures: [], result: 3)
        #expect(try retryingOnInterrupt("fake") { call() } == 3)
        #expect(call.calls == 1)
    }

    @Test(arguments: [EBADF, EINVAL, ENOENT, EAGAIN, EPIPE])
    func otherErrnosThrowWithTheCallName(code: Int32) {
        let call = FakeCall(failures: [code], result: 1)
        #expect(throws: SystemError(code: code, call: "fake-open")) {
            try retryingOnInterrupt("fake-open") { call() }
        }
        #expect(call.calls == 1)
    }

    @Test func interruptThenOtherErrorThrowsTheOtherError() {
        let call = FakeCall(failures: [EINTR, ECONNRESET], result: 1)
        #expect(throws: SystemError(code: ECONNRESET, call: "read")) {
            try retryingOnInterrupt("read") { call() }
        }
        #expect(call.calls == 2)
    }

    @Test(arguments: [EAGAIN, EWOULDBLOCK])
    func nonBlockingTurnsEAGAINIntoWouldBlock(code: Int32) throws {
        let call = FakeCall(failures: [code], result: 1)
        guard case .wouldBlock = try nonBlocking("read", { call() }) else {
            Issue.record("expected .wouldBlock")
            return
        }
        #expect(call.calls == 1)
    }

    @Test func nonBlockingReturnsTheResultAfterAnInterrupt() throws {
        let call = FakeCall(failures: [EINTR], result: 12)
        guard case .processed(let value) = try nonBlocking("write", { call() }) else {
            Issue.record("expected .processed")
            return
        }
        #expect(value == 12)
        #expect(call.calls == 2)
    }

    @Test func nonBlockingThrowsOtherErrors() {
        let call = FakeCall(failures: [EPIPE], result: 1)
        #expect(throws: SystemError(code: EPIPE, call: "write")) { try nonBlocking("write", { call() }) }
    }

    @Test func realReadOfAnEmptyNonBlockingPipeWouldBlock() throws {
        let pipe = try Pipe()
        var buffer = [UInt8](repeating: 0, count: 8)
        let result = try buffer.withUnsafeMutableBytes { try Descriptor.read(pipe.readEnd, into: $0) }
        guard case .wouldBlock = result else {
            Issue.record("expected .wouldBlock from an empty pipe")
            return
        }
    }

    @Test func realReadOfAClosedDescriptorThrowsEBADF() {
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(throws: SystemError(code: EBADF, call: "read")) {
            try buffer.withUnsafeMutableBytes { try Descriptor.read(-1, into: $0) }
        }
    }

    @Test func systemErrorDescribesTheCallAndReason() {
        let error = SystemError(code: ENOENT, call: "open(x)")
        #expect(error.reason == String(cString: strerror(ENOENT)))
        #expect(error.description == "open(x): " + String(cString: strerror(ENOENT)))
        #expect(ENOENT ~= error)
        #expect(!(EAGAIN ~= error))
    }

    @Test func systemErrorCurrentCapturesErrno() {
        errno = EACCES
        #expect(SystemError.current("chmod") == SystemError(code: EACCES, call: "chmod"))
    }
}
