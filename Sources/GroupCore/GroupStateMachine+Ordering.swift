// GroupStateMachine+Ordering: every connection is answered in the order it asked — a request that arrives while an
// earlier one of the same connection waits for password work, for the transcript or for a read of it waits its turn.
import GroupWire

extension GroupStateMachine {
    /// Handles `input` from `session` now, or holds it until the session's earlier requests are answered.
    ///
    /// Password work (login, register, a password change, an invitation's secret) answers later, on another
    /// thread; a message is acknowledged once the transcript has it. Anything that arrives meanwhile is held and
    /// handled when that answer has gone out, so answers leave in request order (docs/PROTOCOL.md §3). Messages
    /// may follow messages without waiting: their acknowledgements come back in the order they were saved.
    /// A `PONG` is answered by nothing and never waits.
    mutating func takeInOrder(_ input: HeldInput, from session: SessionID) {
        if case .request(.pong) = input, !held.isHolding(session) { return process(input, from: session) }
        guard held.isHolding(session) || mustWait(session, before: input) else { return process(input, from: session) }
        let kept = held.hold(input, size: input.size, for: session, maxCount: limits.maxHeldRequests, maxBytes: limits.maxHeldBytes)
        guard !kept else { return }
        emit(.send(session, .response(status: .tooManyRequests, command: 0,
            text: "closing: more than \(limits.maxHeldRequests) requests or \(limits.maxHeldBytes / 1024) KiB wait for an earlier answer")))
        emit(.log("closing connection \(session): too many requests waiting for an earlier answer"))
        endSession(session)
    }

    /// Whether `input` must wait for an earlier answer to `session`: password work or a read of the transcript file
    /// (GroupStateMachine+TranscriptReads) is under way for it, or its messages wait for the transcript and `input`
    /// is not one more message.
    func mustWait(_ session: SessionID, before input: HeldInput) -> Bool {
        if awaitsPasswordWork(session) || reads.isBusy(session) { return true }
        return (awaitingAcknowledgement[session] ?? 0) > 0 && !input.sendsMessage
    }

    /// Whether password work started by `session` has not finished.
    func awaitsPasswordWork(_ session: SessionID) -> Bool {
        if sessions[session] == .busy { return true }
        return !work.isEmpty && work.values.contains { $0.session == session }
    }

    /// Handles one request (or answers one frame that did not parse).
    mutating func process(_ input: HeldInput, from session: SessionID) {
        switch input {
        case .request(let request): handleRequest(request, from: session)
        case .invalid(let command, let reason):
            guard let phase = sessions[session] else { return }
            emit(.send(session, .response(status: .badRequest, command: command, text: reason)))
            if phase == .greeting { endSession(session) }
        }
    }

    /// Handles what `session` held back, oldest first, until one of them must wait again.
    mutating func releaseHeld(_ session: SessionID) {
        // Under persist first, each released request is handled as an input of its own (a change it cannot save is
        // refused alone, not with the input that released it).
        if deferredReleases != nil {
            if deferredReleases?.contains(session) == false { deferredReleases?.append(session) }
            return
        }
        while sessions[session] != nil, let next = held.peek(session), !mustWait(session, before: next) {
            _ = held.take(session)
            process(next, from: session)
        }
    }

    /// Notes that a message from `session` waits for the transcript before its acknowledgement.
    mutating func expectAcknowledgement(_ session: SessionID) {
        awaitingAcknowledgement[session, default: 0] += 1
    }

    /// Notes that one of `session`'s messages was answered; returns whether none waits any more.
    mutating func acknowledged(_ session: SessionID) -> Bool {
        guard let count = awaitingAcknowledgement[session] else { return false }
        awaitingAcknowledgement[session] = count > 1 ? count - 1 : nil
        return count <= 1
    }
}
