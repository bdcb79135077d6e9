// GroupStateMachine+TranscriptReads: history older than the in-memory window, catch-up past it, and search —
// asked of the transcript file as effects, answered when the page comes back as an input.
import GroupWire

extension GroupStateMachine {
    /// `1016`: a page from the in-memory window when it holds the whole page (or the whole transcript), else a
    /// read of the file through its index.
    mutating func answerHistory(_ session: SessionID, before: UInt64, count: Int, as member: Member) {
        let page = recent.page(before: before, count: count, where: member.maySee)
        guard page.count < count && !recent.holdsBeginning else {
            for message in page { emit(.send(session, .historyEntry(message))) }
            return respond(session, .history, .ok, String(page.count))
        }
        startRead(session, .history, .history, TranscriptQuery(before: before, count: count, viewer: member))
    }

    /// `1053` past the window: counts and pages what `member` missed after `after`, up to `through`.
    mutating func catchUpFromFile(_ session: SessionID, after: UInt64, through: UInt64, count: Int, as member: Member) {
        let query = TranscriptQuery(
            after: after, before: through + 1, count: count, viewer: member, skipOwn: true, countAll: true)
        startRead(session, .catchUp, .catchUp(after: after), query)
    }

    /// `1061`: checks the search and hands it to the reader. Searches are not counted by the message rate (an
    /// export is many pages); one read per session at a time and ``GroupLimits/maxTranscriptReads`` in all bound them.
    mutating func search(_ session: SessionID, _ request: SearchRequest, as member: Member) {
        guard (1...limits.maxSearchPage).contains(request.count) else {
            return respond(session, .search, .badRequest, "a search page holds 1 to \(limits.maxSearchPage) messages")
        }
        guard request.text.utf8.count <= limits.maxSearchBytes else {
            return respond(session, .search, .badRequest, "search for at most \(limits.maxSearchBytes) bytes of text")
        }
        guard request.since >= 0, request.until >= 0, request.until == 0 || request.since < request.until else {
            return respond(session, .search, .badRequest, "the time range is empty (since must be before until)")
        }
        let words = Self.searchWords(request.text)
        guard words.count <= limits.maxSearchWords else {
            return respond(session, .search, .badRequest, "search for at most \(limits.maxSearchWords) words")
        }
        var sender: SenderFilter?
        if !request.sender.isEmpty {
            let name = NameRules.normalize(request.sender)
            sender = members[name].map { .member($0) } ?? .name(name)
        }
        let older = request.direction == .older
        let query = TranscriptQuery(
            direction: request.direction, after: older ? 0 : request.cursor, before: older ? request.cursor : 0,
            count: request.count, since: request.since == 0 ? nil : request.since,
            until: request.until == 0 ? nil : request.until, viewer: member, sender: sender, words: words,
            pageBytes: limits.searchPageBytes)
        startRead(session, .search, .search, query)
    }

    /// The words of a search: split on white space.
    static func searchWords(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    /// Asks for a read, unless too many are under way (503). A session has one at a time: what it sends meanwhile
    /// waits for the answer (GroupStateMachine+Ordering).
    private mutating func startRead(
        _ session: SessionID, _ command: CommandCode, _ purpose: TranscriptReads.Purpose, _ query: TranscriptQuery
    ) {
        guard reads.count < limits.maxTranscriptReads else {
            return respond(session, command, .unavailable, "the server is busy reading history; try again in a moment")
        }
        emit(.readTranscript(TranscriptRead(id: reads.start(for: session, purpose), query: query)))
    }

    /// A read came back: its session (still logged in) gets the entries, then the RESPONSE.
    mutating func finishRead(_ id: ReadID, _ page: TranscriptPage) {
        guard let read = reads.finish(id) else { return }
        let session = read.session
        // Whatever the session sent meanwhile is handled once this answer has gone out.
        defer { releaseHeld(session) }
        guard case .member? = sessions[session] else { return }
        let command: CommandCode
        switch read.purpose {
        case .history: command = .history
        case .catchUp: command = .catchUp
        case .search: command = .search
        }
        if let error = page.error {
            return respond(session, command, .serverError, "could not read the transcript: \(error)")
        }
        switch read.purpose {
        case .history:
            for message in page.messages.reversed() { emit(.send(session, .historyEntry(message))) }
            respond(session, command, .ok, String(page.messages.count))
        case .catchUp(let after):
            for message in page.messages.reversed() { emit(.send(session, .historyEntry(message))) }
            respond(session, command, .ok, "\(page.total)|\(after)")
        case .search:
            for message in page.messages { emit(.send(session, .searchHit(message))) }
            respond(session, command, .ok, "\(page.messages.count)|\(page.next.map(String.init) ?? "")")
        }
    }

    /// Forgets the reads of a session that ended and tells the runtime to stop them.
    mutating func cancelReads(of session: SessionID) {
        for id in reads.cancel(session) { emit(.cancelRead(id)) }
    }
}
