// LineFilter: a TranscriptQuery's rules — range, time, who may see what, whose messages — judged on a line's
// bytes, so a scan decodes only the lines it keeps.
import GroupCore
import GroupWire

/// The byte-level twin of ``TranscriptQuery/admits(_:)`` (the words aside): the same answer for every valid line,
/// without allocating. Names are compared with the viewer's and the sender's names, current and former.
struct LineFilter: Sendable {
    /// What a line is to a scan.
    enum Verdict {
        /// The line passes.
        case admit
        /// The line does not pass.
        case skip
        /// The line is beyond the query's range in the scan's direction: so is every line after it.
        case pastTheEnd
    }

    private let after: UInt64
    private let before: UInt64
    private let since: [UInt8]?
    private let until: [UInt8]?
    /// Times beyond which a scan stops: the bounds widened by the clock slack.
    private let stopBelow: [UInt8]?
    private let stopFrom: [UInt8]?
    private let viewer: Member?
    private let viewerNames: [[UInt8]]
    private let skipOwn: Bool
    private let sender: SenderFilter?
    private let senderNames: [[UInt8]]

    init(_ query: TranscriptQuery) {
        after = query.after
        before = query.before
        since = query.since.map { Array(UTCTime.format($0).utf8) }
        until = query.until.map { Array(UTCTime.format($0).utf8) }
        stopBelow = query.since.map { Array(UTCTime.format($0 - TranscriptIndex.clockSlackMillis).utf8) }
        stopFrom = query.until.map { Array(UTCTime.format($0 + TranscriptIndex.clockSlackMillis).utf8) }
        viewer = query.viewer
        viewerNames = query.viewer.map(Self.names) ?? []
        skipOwn = query.skipOwn
        sender = query.sender
        switch query.sender {
        case .member(let member)?: senderNames = Self.names(member)
        case .name(let name)?: senderNames = [Array(name.utf8)]
        case nil: senderNames = []
        }
    }

    /// Judges a line by its sequence number alone: `.admit` means "look further".
    func judge(sequence: UInt64, direction: SearchRequest.Direction) -> Verdict {
        let older = direction == .older
        if after != 0 && sequence <= after { return older ? .pastTheEnd : .skip }
        if before != 0 && sequence >= before { return older ? .skip : .pastTheEnd }
        return .admit
    }

    /// Judges one line whose fields lie in `base`.
    func judge(_ line: LineFields, _ base: UnsafeRawPointer, direction: SearchRequest.Direction) -> Verdict {
        let older = direction == .older
        let range = judge(sequence: line.sequence, direction: direction)
        if range != .admit { return range }
        if let since, LineFields.compare(base, line.time, since) < 0 {
            if older, let stopBelow, LineFields.compare(base, line.time, stopBelow) < 0 { return .pastTheEnd }
            return .skip
        }
        if let until, LineFields.compare(base, line.time, until) >= 0 {
            if !older, let stopFrom, LineFields.compare(base, line.time, stopFrom) >= 0 { return .pastTheEnd }
            return .skip
        }
        if let viewer {
            if line.kind == .direct
                && !held(viewer, viewerNames, base, line.sender, line.sequence)
                && !held(viewer, viewerNames, base, line.recipient, line.sequence)
            {
                return .skip
            }
            if skipOwn && held(viewer, viewerNames, base, line.sender, line.sequence) { return .skip }
        }
        switch sender {
        case .member(let member)?:
            if !held(member, senderNames, base, line.sender, line.sequence) { return .skip }
        case .name?:
            if !LineFields.equal(base, line.sender, senderNames[0]) { return .skip }
        case nil: break
        }
        return .admit
    }

    /// Whether `member` held the name at `range` when message `sequence` was sent.
    private func held(_ member: Member, _ names: [[UInt8]], _ base: UnsafeRawPointer, _ range: Range<Int>, _ sequence: UInt64) -> Bool {
        guard let name = names.first(where: { LineFields.equal(base, range, $0) }) else { return false }
        return member.held(String(decoding: name, as: UTF8.self), at: sequence)
    }

    /// A member's current and former names.
    private static func names(_ member: Member) -> [[UInt8]] {
        [Array(member.name.utf8)] + member.formerNames.map { Array($0.name.utf8) }
    }
}
