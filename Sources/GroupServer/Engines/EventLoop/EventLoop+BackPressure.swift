// EventLoop+BackPressure: the event loop's budget on what one connection may cost — reading stops while its output
// is over budget or its web layer holds requests back, held requests resume once their answers are written, and a
// connection that takes nothing for 5 s while output waits is cut off. No thread, no lock: registrations change.
import GroupCore
import GroupPosix

extension EventLoop {
    /// Tells the poller what `connection` waits for: readability unless reading is paused, writability while
    /// output waits (armed only after a partial write).
    func updateInterest(_ connection: Connection, poller: EpollPoller) {
        var events: PollEvents = connection.readPaused ? [] : .readable
        if connection.writeArmed { events.insert(.writable) }
        guard events != connection.watched else { return }
        connection.watched = events
        try? poller.modify(connection.socket.fd, tag: connection.session.raw, events: events)
    }

    /// Whether reading `connection` must wait for its output to drain: it is over budget, or its web layer holds
    /// requests back until their answers are written.
    func mustPauseReading(_ connection: Connection) -> Bool {
        guard transport.pausesReading else { return false }
        return unwrittenCount(connection) >= limits.readPauseBytes || (connection.layers?.holdsInput ?? false)
    }

    /// Handles the input `connection`'s web layer held back, now that its answers were written.
    func resume(_ connection: Connection, runtime: GroupRuntime) {
        guard connection.isAcceptingInput, let layers = connection.layers, layers.holdsInput, layers.canResume else { return }
        layers.resume(into: &frames)
        if layers.hasOutput { markDirty(connection) }
        let inputs = frames.withUnsafeBytes { transport.receive($0, on: connection) }
        switch inputs {
        case .success(let inputs):
            for input in inputs where connection.isAcceptingInput { runtime.handle(input) }
            // Closing only now, as after a read: what came before the layer's last word reached the core.
            if layers.wantsClose { closeAfterFlush(connection.session) }
        case .failure(let problem): kill(connection, reason: problem.text)
        }
        // Nothing more held (or no answer made): reading may go on once the output is small again.
        if !layers.holdsInput { markDirty(connection) }
    }

    /// Cuts off the connections that took no bytes for ``ServerLimits/stallMillis`` while output waited.
    func cutOffStalled() {
        let now = MonotonicClock.millis()
        for connection in connections.values {
            guard let since = connection.stalledSince, now - since >= ServerLimits.stallMillis else { continue }
            kill(connection, reason: "disconnected: not reading fast enough (no progress for \(ServerLimits.stallMillis / 1000) s)")
        }
    }
}
