// LoadGenerator: the load phase — senders send, every member receives, then a bounded drain.
import GroupPosix
import GroupWire
import Glibc

/// What the load phase measured.
struct LoadResult {
    /// Messages sent, acknowledged 200, and refused (any other status).
    var sent = 0, acked = 0, rejected = 0
    /// The first refusal, for people.
    var firstRejection: String?
    /// Seconds the senders sent.
    var sendSeconds = 0.0
    /// Seconds from the first send to the last acknowledgement or delivery (at least `sendSeconds`).
    var elapsedSeconds = 0.0
    /// Whether every acknowledged message reached every other member before the drain deadline.
    var drained = false
    /// Connections the server closed (or that failed) during the load, and the first reason; members disconnected
    /// for flooding are counted in `kicked` instead.
    var closedConnections = 0
    var closeReason: String?
    /// Acknowledgements that did not follow the sender's own copy of that message (a protocol violation).
    var unmatchedAcks = 0
    /// Members the server disconnected for flooding (`2012 kicked|…|flooding`).
    var kicked = 0
    /// For each member that left the group during the load: the sequence number of the last message delivered to the
    /// group before it left (what it is owed ends there).
    var cutoffs: [Int: UInt64] = [:]
    /// Server CPU seconds during the load (send + drain), and the largest resident total seen.
    var serverCPUSeconds: Double?
    var serverPeakKiB: Int?
    /// groupbench's own CPU seconds during the load.
    var benchCPUSeconds = 0.0
}

/// Drives the load phase over logged-in connections with one epoll loop on one thread. Senders are
/// members 0..<S; each keeps at most K messages unacknowledged, and either sends the next one as soon as
/// one is acknowledged or follows a fixed schedule of R/S messages per second. Every frame of every
/// member is scanned in place; group messages go to the ``DeliveryLedger``.
final class LoadGenerator {
    /// How long to wait after the senders stop for the last acknowledgements and deliveries.
    static let drainNanos: Int64 = 10_000_000_000
    /// How often the server's usage is sampled.
    static let sampleNanos: Int64 = 200_000_000

    private let options: BenchOptions
    private let members: [MemberConnection]
    private let poller: EpollPoller
    private let scratch: ScratchBuffer
    private let usage: ServerUsage?
    /// Deliveries, order and latency.
    let ledger: DeliveryLedger
    private let senders: Int
    private let limit: Int
    private var inFlight: [Int]
    private var nextDue: [Int64]
    private var earliestDue: Int64 = .max
    private let interval: Int64
    private var totalInFlight = 0
    private var sending = true
    private var endNanos: Int64 = 0
    private var lastAckNanos: Int64 = 0
    private var dirty: [MemberConnection] = []
    private var result = LoadResult()
    /// Members disconnected for flooding, and where what each is owed ends.
    private var departures = Departures()

    /// Prepares the load over `members` (all logged in); `usage` samples the server when given.
    init(options: BenchOptions, members: [MemberConnection], poller: EpollPoller, scratch: ScratchBuffer, usage: ServerUsage?) {
        self.options = options
        self.members = members
        self.poller = poller
        self.scratch = scratch
        self.usage = usage
        senders = options.senders
        limit = options.inFlight
        ledger = DeliveryLedger(clients: options.clients, senders: options.senders)
        inFlight = Array(repeating: 0, count: senders)
        nextDue = Array(repeating: 0, count: senders)
        interval = options.rate.map { Int64(Double(options.senders) / $0 * 1e9) } ?? 0
        dirty.reserveCapacity(members.count)
    }

    /// Runs the load and the drain; `peakKiB` is the largest server resident total seen so far.
    func run(peakKiB: Int?) -> LoadResult {
        var peak = peakKiB
        let start = MonotonicClock.nanos()
        let serverStart = usage?.sample()
        let benchStart = ServerUsage.selfCPUSeconds()
        endNanos = start + Int64(options.duration * 1e9)
        var nextSample = start + Self.sampleNanos
        var drainDeadline = Int64.max
        if options.rate == nil {
            for sender in 0..<senders { for _ in 0..<limit { send(sender, now: start) } }
        } else {
            for sender in 0..<senders { nextDue[sender] = start + interval * Int64(sender) / Int64(senders) }
            earliestDue = start
        }
        var events: ArraySlice<PollEvent> = []
        while true {
            var now = MonotonicClock.nanos()
            for event in events {
                let member = members[Int(event.tag)]
                if event.events.contains(.writable) { markDirty(member) }
                if !event.events.intersection([.readable, .failed]).isEmpty {
                    now = MonotonicClock.nanos()
                    service(member, now: now)
                }
            }
            if sending && now >= endNanos {
                sending = false
                result.sendSeconds = Double(now - start) / 1e9
                drainDeadline = now + Self.drainNanos
            }
            if sending && options.rate != nil && now >= earliestDue { schedule(now) }
            flushDirty()
            if let usage, now >= nextSample, let sample = usage.sample() {
                peak = max(peak ?? 0, sample.residentKiB)
                nextSample = now + Self.sampleNanos
            }
            if !sending {
                let owedAll = departures.isEmpty && ledger.delivered >= result.acked * (options.clients - 1)
                if totalInFlight == 0 && (owedAll || departures.allDelivered(ledger.book, clients: options.clients, now: now)) {
                    result.drained = true
                    break
                }
                if now >= drainDeadline || result.closedConnections + result.kicked == members.count { break }
            }
            var wake = sending ? min(endNanos, earliestDue) : drainDeadline
            if !sending && !departures.isEmpty { wake = min(wake, departures.nextCount) }
            if usage != nil { wake = min(wake, nextSample) }
            let timeout = Int32(clamping: max(0, (wake - now + 999_999) / 1_000_000))
            do {
                events = try poller.wait(timeoutMillis: min(timeout, 1000))
            } catch {
                result.closeReason = result.closeReason ?? "epoll_wait failed: \(error.reason)"
                break
            }
        }
        let last = max(lastAckNanos, ledger.lastDeliveryNanos)
        result.elapsedSeconds = max(result.sendSeconds, Double(last - start) / 1e9)
        result.benchCPUSeconds = ServerUsage.selfCPUSeconds() - benchStart
        if let usage, let serverStart, let serverEnd = usage.sample() {
            result.serverCPUSeconds = max(0, serverEnd.cpuSeconds - serverStart.cpuSeconds)
            peak = max(peak ?? 0, serverEnd.residentKiB)
        }
        result.serverPeakKiB = peak
        result.cutoffs = departures.cutoffs
        return result
    }

    // MARK: - Sending

    /// Queues sender `sender`'s next message: `b|SENDER|COUNTER|SEND_NANOS|` padded with 'x' to the size.
    private func send(_ sender: Int, now: Int64) {
        let member = members[sender]
        guard !member.isClosed else { return }
        let count = ledger.book.send(sender)
        let size = options.size
        member.queue { out in
            let start = out.count
            out.append(contentsOf: [0x03, 0xEC, 0, 0, 0, 0, 0x62, 0x7C])  // 1004, length, "b|"
            appendDecimal(UInt64(sender), to: &out)
            out.append(0x7C)
            appendDecimal(count, to: &out)
            out.append(0x7C)
            appendDecimal(UInt64(bitPattern: MonotonicClock.nanos()), to: &out)
            out.append(0x7C)
            let text = out.count - start - 6
            if text < size { out.append(contentsOf: repeatElement(0x78, count: size - text)) }
            let length = out.count - start - 6
            out[start + 2] = UInt8(truncatingIfNeeded: length >> 24)
            out[start + 3] = UInt8(truncatingIfNeeded: length >> 16)
            out[start + 4] = UInt8(truncatingIfNeeded: length >> 8)
            out[start + 5] = UInt8(truncatingIfNeeded: length)
        }
        inFlight[sender] += 1
        totalInFlight += 1
        result.sent += 1
        markDirty(member)
    }

    /// Sends every scheduled message now due, within each sender's in-flight limit.
    private func schedule(_ now: Int64) {
        var earliest = Int64.max
        for sender in 0..<senders where !members[sender].isClosed {
            while nextDue[sender] <= now && nextDue[sender] < endNanos && inFlight[sender] < limit {
                send(sender, now: now)
                nextDue[sender] += interval
            }
            // A sender at its limit resumes when an acknowledgement arrives (see `acknowledge`).
            if nextDue[sender] > now { earliest = min(earliest, nextDue[sender]) }
        }
        earliestDue = earliest
    }

    private func markDirty(_ member: MemberConnection) {
        if !member.isDirty {
            member.isDirty = true
            dirty.append(member)
        }
    }

    private func flushDirty() {
        for member in dirty {
            member.isDirty = false
            guard !member.isClosed else { continue }
            if let reason = member.flush() {
                lost(member, "write failed: \(reason)")
                continue
            }
            let wanted = member.hasOutput
            if wanted != member.writeArmed {
                member.writeArmed = wanted
                try? poller.modify(member.fd, tag: UInt64(member.index), events: wanted ? [.readable, .writable] : .readable)
            }
        }
        dirty.removeAll(keepingCapacity: true)
    }

    // MARK: - Receiving

    private func service(_ member: MemberConnection, now: Int64) {
        guard !member.isClosed else { return }
        switch member.read(into: scratch) {
        case .wouldBlock: return
        case .closed(let reason): lost(member, reason)
        case .bytes(let bytes):
            let receiver = member.index
            let consumed = FrameScanner.scan(bytes, maxPayload: WireLimits.maxServerPayload) { type, payload in
                if type == EventCode.groupMessage.rawValue {
                    ledger.record(receiver: receiver, payload: payload, now: now)
                } else if type == EventCode.response.rawValue {
                    acknowledge(member, payload: payload, now: now)
                } else if type == EventCode.ping.rawValue {
                    // Keep-alive: answer with the same token so a long run is not cut off as idle.
                    member.queue(FrameEncoder.encode(type: CommandCode.pong.rawValue, payload: Array(payload)))
                    markDirty(member)
                } else if type == EventCode.removed.rawValue || type == EventCode.shuttingDown.rawValue {
                    removed(member, type: type, payload: PayloadCursor(payload).rest)
                } else if type == EventCode.memberRemoved.rawValue {
                    sawRemoval(by: member, payload: PayloadCursor(payload).rest)
                }
            }
            guard let consumed else { return lost(member, "the server sent a frame larger than 1 MiB") }
            member.keep(bytes, from: consumed)
        }
    }

    /// Handles a RESPONSE; only `STATUS|1004|…` on a sender's connection matters here.
    @inline(__always)
    private func acknowledge(_ member: MemberConnection, payload: UnsafeRawBufferPointer, now: Int64) {
        var cursor = PayloadCursor(payload)
        let sender = member.index
        guard let status = cursor.number(), cursor.number() == UInt64(CommandCode.groupMessage.rawValue),
            sender < senders, inFlight[sender] > 0
        else { return }
        inFlight[sender] -= 1
        totalInFlight -= 1
        if status == 200 {
            result.acked += 1
            lastAckNanos = now
            let matched = cursor.number().map { ledger.book.acknowledge(sender, sequence: $0) } ?? false
            if !matched { result.unmatchedAcks += 1 }
        } else {
            result.rejected += 1
            if result.firstRejection == nil { result.firstRejection = "\(status) \(cursor.rest)" }
        }
        guard sending, now < endNanos else { return }
        if options.rate == nil {
            send(sender, now: now)
        } else if nextDue[sender] <= now {
            earliestDue = min(earliestDue, nextDue[sender])
        }
    }

    // MARK: - Members leaving

    /// A `2012 REMOVED` (`kind|by|reason`) or `2014 SHUTTING DOWN` to `member`. Disconnected for flooding, it is owed
    /// nothing after the last message it received; anything else ends the run as a lost connection.
    private func removed(_ member: MemberConnection, type: UInt16, payload: String) {
        let flooding = type == EventCode.removed.rawValue
            && departures.removed(member.index, payload: payload, lastSequence: ledger.lastSequence(of: member.index))
        if !flooding && result.closeReason == nil { result.closeReason = "\(member.name) was told: \(payload)" }
    }

    /// A `2063 MEMBER REMOVED` (`kicked|NAME|by|reason`) seen by `observer`, who stayed: the last message it received
    /// is the last one the removed member was owed.
    private func sawRemoval(by observer: MemberConnection, payload: String) {
        departures.seen(payload: payload, lastSequence: ledger.lastSequence(of: observer.index), prefix: options.prefix,
            count: members.count)
    }

    /// Stops using a connection that ended; its unacknowledged messages are written off.
    private func lost(_ member: MemberConnection, _ reason: String) {
        guard !member.isClosed else { return }
        member.markClosed()
        poller.unregister(member.fd)
        if departures.contains(member.index) {
            result.kicked += 1
        } else {
            result.closedConnections += 1
            if result.closeReason == nil { result.closeReason = "\(member.name): \(reason)" }
        }
        if member.index < senders {
            totalInFlight -= inFlight[member.index]
            inFlight[member.index] = 0
        }
    }
}
