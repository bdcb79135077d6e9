// AtomicFileTests: AtomicFile (in GroupPosix) writes whole files atomically and reads them back.
import Glibc
import GroupPosix
import Testing

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test func writeThenRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("members.txt")
        try AtomicFile.write(lines: ["alice\tmember", "bob\tmember"], to: path)
        #expect(try AtomicFile.read(path) == Array("alice\tmember\nbob\tmember\n".utf8))
        #expect(readRaw(path) == Array("alice\tmember\nbob\tmember\n".utf8))
    }

    @Test func rewriteReplacesTheWholeContent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("f.txt")
        try AtomicFile.write(lines: ["a long first version", "with two lines", "and a third"], to: path)
        try AtomicFile.write(lines: ["short"], to: path)
        #expect(try AtomicFile.read(path) == Array("short\n".utf8))
    }

    @Test func noTemporaryFileIsLeftBehind() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("settings.txt")
        try AtomicFile.write(lines: ["name\tG"], to: path)
        try AtomicFile.write(lines: ["name\tH"], to: path)
        #expect(exists(path))
        #expect(!exists(path + ".tmp"))
    }

    @Test func emptyLinesMakeAnEmptyFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("bans.txt")
        try AtomicFile.write(lines: ["x"], to: path)
        try AtomicFile.write(lines: [], to: path)
        #expect(try AtomicFile.read(path) == [])
    }

    @Test func readingAMissingFileGivesNil() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(try AtomicFile.read(folder.file("missing.txt")) == nil)
    }

    @Test func fileIsCreatedWithMode0600() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("secret.txt")
        try AtomicFile.write(lines: ["hash"], to: path)
        #expect(permissions(of: path) == 0o600)
    }

    @Test func largeFilesReadBackCompletely() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("big.txt")
        let lines = (0..<5000).map { "line \($0) " + String(repeating: "x", count: 40) }
        try AtomicFile.write(lines: lines, to: path)
        let contents = try #require(try AtomicFile.read(path))
        #expect(contents.count > 64 * 1024)
        #expect(contents == Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    @Test func writingIntoAMissingFolderThrowsENOENT() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect {
            try AtomicFile.write(lines: ["x"], to: folder.file("no/such/folder/f.txt"))
        } throws: { error in
            (error as? SystemError)?.code == ENOENT
        }
    }

    @Test func readingAFolderThrows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect {
            _ = try AtomicFile.read(folder.path)
        } throws: { error in
            (error as? SystemError)?.code == EISDIR
        }
    }
}
