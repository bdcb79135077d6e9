// UnsyncedTranscript: a batch of messages written to the transcript whose sync has not finished yet.
import GroupWire

/// What ``GroupStore/writeTranscript(_:)`` wrote: the messages, each line's length, and where the file ended before
/// them (to cut it back there if the sync fails). Handed to ``GroupStore/transcriptSynced(_:)`` or
/// ``GroupStore/cutTranscript(backTo:)``.
public struct UnsyncedTranscript: Sendable {
    /// The messages, in order.
    public let messages: [ChatMessage]
    /// The length in bytes of each message's line, newline included.
    let lengths: [Int]
    /// The transcript's length before the batch.
    let lengthBefore: Int
    /// How many times the transcript had been cut back when the batch was written.
    let cuts: Int
}
