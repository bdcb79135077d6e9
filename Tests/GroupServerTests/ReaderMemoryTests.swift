// ReaderMemoryTests: a threads-mode reader's buffer grows only when reads fill it, and a quiet spell gives the stack
// back without ending the stream.
import Glibc
import GroupPosix
import Testing

@testable import GroupServer

@Suite("ReaderMemory")
struct ReaderMemoryTests {
    /// A connected pair of Unix stream sockets: the reader's end and the peer's.
    private func pair() throws -> (reader: Socket, peer: Socket) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { throw SystemError(code: errno, call: "socketpair") }
        return (Socket(adopting: fds[0]), Socket(adopting: fds[1]))
    }

    @Test func theBufferStartsSmallAndDoublesOnlyWhenAReadFillsIt() throws {
        let (reader, peer) = try pair()
        defer { reader.close(); peer.close() }
        var memory = ReaderMemory(reader)
        #expect(memory.capacity == ReaderMemory.firstBytes)
        try peer.writeAll([UInt8](repeating: 0x61, count: 100))
        #expect(memory.read(reader)?.count == 100)
        #expect(memory.capacity == ReaderMemory.firstBytes)  // a short read does not grow it
        try peer.writeAll([UInt8](repeating: 0x62, count: 10_000))
        var sizes: [Int] = []
        var total = 0
        while total < 10_000, let bytes = memory.read(reader) {
            sizes.append(bytes.count)
            total += bytes.count
            #expect(bytes.allSatisfy { $0 == 0x62 })
        }
        #expect(total == 10_000)
        #expect(sizes.prefix(3) == [1024, 2048, 4096], "\(sizes)")  // each full read doubles the next one's room
        #expect(memory.capacity <= ReaderMemory.mostBytes)
    }

    @Test func aQuietSpellGivesTheStackBackAndTheReaderStillGetsWhatComesLater() throws {
        let (reader, peer) = try pair()
        defer { reader.close(); peer.close() }
        var memory = ReaderMemory(reader)
        let late = ReaderMemory.idleMillis * 3
        try Threads.detach {
            usleep(UInt32(late * 1000))  // quiet for longer than the reader's receive timeout
            try? peer.writeAll(Array("hello".utf8))
        }
        let bytes = memory.read(reader).map { Array($0) }
        #expect(bytes == Array("hello".utf8))
        #expect(memory.stackReleases == 1)
        // The end of the stream is still the end.
        peer.shutdown()
        #expect(memory.read(reader) == nil)
    }
}
