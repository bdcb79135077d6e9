// DataFolderInventoryTests: /delete removes only what groupd created, and names anything else it finds.
import GroupStore
import Testing

@Suite("Data folder inventory")
struct DataFolderInventoryTests {
    @Test(arguments: [
        "settings.txt", "members.txt", "pending.txt", "bans.txt", "mutes.txt", "invites.txt", "transcript.txt",
        "events.log", "files.txt", "tls-key.pem", "tls-certificate.pem", "admin.sock", "members.txt.tmp",
        "tokens.txt", "lastseen.txt", "lastonline.txt", "lastonline.txt.tmp", "transcript.idx", "transcript.idx.tmp",
        "events.log.1", "events.log.12",
    ])
    func groupdsOwnFiles(name: String) {
        #expect(DataFolderInventory.isOurs(topLevel: name))
    }

    @Test(arguments: ["notes.txt", "backup.tar", ".bashrc", "settings.txt.bak", "other.tmp", "files", "events.log.", "events.log.1a", "events.log.bak"])
    func filesGroupdDidNotCreate(name: String) {
        #expect(!DataFolderInventory.isOurs(topLevel: name))
    }

    @Test func foreignFilesAreListedWithTheirPlace() {
        let foreign = DataFolderInventory.foreign(
            topLevel: ["settings.txt", "files", "zz-notes.txt", "events.log", "a.doc"],
            inFiles: ["report.pdf", ".upload-3.partial", "stray.bin"], shared: ["report.pdf"])
        #expect(foreign == ["a.doc", "files/stray.bin", "zz-notes.txt"])
    }

    @Test func aFolderOfOnlyGroupFilesHasNothingForeign() {
        #expect(DataFolderInventory.foreign(topLevel: ["settings.txt", "files", "admin.sock"], inFiles: ["a.pdf"], shared: ["a.pdf"]).isEmpty)
    }
}
