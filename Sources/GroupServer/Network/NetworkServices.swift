// NetworkServices: what groupd does on the network beside serving members — announcing the group on the local
// network (mDNS/DNS-SD), keeping a router port mapping (--map-port) and knowing where members can reach it
// (/address). Every engine polls it like the admin socket: its own UDP sockets and deadlines, never on the path
// of a member's bytes.
import GroupNetwork
import GroupPosix
import GroupWire

/// The announcer, the port mapping and the address report. The engine watches ``watched``, passes readiness to
/// ``handle(_:runtime:)``, and calls ``runDue(runtime:)`` every turn (a comparison with a stored deadline when
/// nothing is due) and ``stop(runtime:)`` once it has returned. Used by one thread (the engine thread, or the
/// threads engine's main thread); the calls that take the runtime read the group's name and record what
/// happened, so the threads engine makes them holding the runtime's lock.
public final class NetworkServices: @unchecked Sendable {
    // Owned by the engine's polling thread (see the type's comment).
    private var announcer: ServiceAnnouncer?
    private var mapping: RouterPortMapping?
    private var report: AddressReport
    private var interfaces: [InterfaceAddress]
    private var advert: GroupAdvert
    private var nextHousekeeping: Int64
    private var nextInterfaceRefresh: Int64
    private var closed = false
    /// The earliest moment anything is due: the only thing a turn with nothing to do looks at.
    private var deadline: Int64 = 0

    /// How often the group's name is compared with the announced one (a /rename), and the interfaces re-read.
    static let housekeepingMillis: Int64 = 2000
    static let interfaceRefreshMillis: Int64 = 10_000

    /// What the owner asked for.
    public struct Options: Sendable {
        /// Announce the group on the local network (off with `--no-announce`).
        public var announce: Bool
        /// Ask the router for a port mapping (`--map-port`).
        public var mapPort: Bool

        /// Creates options.
        public init(announce: Bool, mapPort: Bool) {
            self.announce = announce
            self.mapPort = mapPort
        }
    }

    /// Opens what `options` asks for on the listener's address and port. Nothing here fails the start: a group
    /// that cannot be announced or mapped runs anyway, and the report says why.
    /// - Parameters:
    ///   - host: The listener's bound address (`::`, `0.0.0.0` or a specific one).
    ///   - port: Its port.
    ///   - fingerprint: The TLS fingerprint, or nil with `--plaintext`.
    ///   - groupName: The group's name (followed through `/rename` later).
    ///   - owner: The owner's username.
    public init(host: String, port: UInt16, fingerprint: String?, groupName: String, owner: String, options: Options) {
        let now = MonotonicClock.millis()
        let listening = IPAddress(host) ?? .anyV6
        interfaces = InterfaceAddresses.all()
        report = AddressReport(listening: listening, port: port, trust: fingerprint.map { "--fingerprint \($0)" } ?? "--plaintext")
        advert = GroupAdvert(
            groupName: groupName, owner: owner, port: port, fingerprint: fingerprint,
            protocolVersion: WireLimits.protocolVersion,
            hostLabel: GroupAdvert.hostLabel(machine: InterfaceAddresses.hostName(), port: port))
        nextHousekeeping = now + Self.housekeepingMillis
        nextInterfaceRefresh = now + Self.interfaceRefreshMillis
        if options.announce {
            switch ServiceAnnouncer.start(listening: listening, advert: advert, interfaces: interfaces, now: now) {
            case .success(let started):
                announcer = started
                report.announcement = "local network: announced as \"\(groupName)\" on \(started.interfaceNames.joined(separator: ", ")) "
                    + "(mDNS, _groupchat._tcp; 'groupctl discover' lists it)"
            case .failure(let problem):
                report.announcement = "local network: not announced (\(problem.text))"
            }
        } else {
            report.announcement = "local network: not announced (--no-announce)"
        }
        if options.mapPort {
            switch RouterPortMapping.start(port: port, now: now) {
            case .success(let started):
                mapping = started
                report.mapping = "port mapping: asking the router at \(started.gateway) (PCP, then NAT-PMP)..."
            case .failure(let problem):
                report.mapping = "port mapping: \(problem.text); " + "forward TCP port \(port) to this machine in the "
                    + "router's settings instead, or let members join over IPv6"
            }
        }
        updateDeadline()
    }

    /// The report's lines: where members can join, best first, then the announcement and the port mapping.
    public var reportLines: [String] { report.lines(interfaces) }

    /// The descriptors to watch, all for input.
    public var watched: [(fd: Int32, events: PollEvents)] {
        ((announcer?.descriptors ?? []) + (mapping.map { [$0.descriptor] } ?? [])).map { ($0, PollEvents.readable) }
    }

    /// Whether `fd` is one of ``watched``.
    public func owns(_ fd: Int32) -> Bool { watched.contains { $0.fd == fd } }

    /// Serves a readiness event for one of ``watched``.
    public func handle(_ fd: Int32, runtime: GroupRuntime) {
        let now = MonotonicClock.millis()
        if let mapping, fd == mapping.descriptor {
            mapping.readable(now: now)
        } else {
            announcer?.readable(fd, now: now)
        }
        tell(runtime)
        updateDeadline()
    }

    /// Milliseconds until ``runDue(runtime:)`` has work (0 when it has now).
    public var millisUntilDue: Int32 { Int32(clamping: max(0, deadline - MonotonicClock.millis())) }

    /// Does what is due: probes, announcements, delayed answers, retries and renewals, noticing a new group
    /// name or changed interfaces.
    public func runDue(runtime: GroupRuntime) {
        let now = MonotonicClock.millis()
        guard now >= deadline else { return }
        if now >= nextHousekeeping {
            nextHousekeeping = now + Self.housekeepingMillis
            followRename(runtime.settings.name, now: now)
            if now >= nextInterfaceRefresh {
                nextInterfaceRefresh = now + Self.interfaceRefreshMillis
                interfaces = InterfaceAddresses.all()
                announcer?.refresh(interfaces, now: now)
                runtime.addressReport = reportText
            }
        }
        announcer?.responder.advance(now: now)
        announcer?.flush()
        mapping?.mapper.advance(now: now)
        mapping?.flush()
        tell(runtime)
        updateDeadline()
    }

    /// Says goodbye on the local network and deletes the port mapping (waiting about a second at most for the
    /// router); touches no runtime, so the threads engine calls it without the lock. Later calls do nothing.
    public func close() {
        guard !closed else { return }
        closed = true
        announcer?.stop(now: MonotonicClock.millis())
        mapping?.stop()
    }

    /// ``close()`` if that was not done yet, then records what happened (the mapping deleted). Each engine calls it
    /// once it has stopped serving, before its last save; later calls do nothing.
    public func stop(runtime: GroupRuntime) {
        close()
        tell(runtime)
        announcer = nil
        mapping = nil
    }

    /// The report as one text, for `/address`.
    public var reportText: String { reportLines.joined(separator: "\n") }

    // MARK: - Following the group and the router

    private func followRename(_ name: String, now: Int64) {
        guard name != advert.groupName, let announcer else { return }
        advert.groupName = name
        announcer.responder.update(advert: advert, now: now)
        announcer.flush()
        report.announcement = report.announcement.map { _ in "local network: announced as \"\(name)\"" }
    }

    /// Records what the responder and the mapper have to say, and keeps `/address` current.
    private func tell(_ runtime: GroupRuntime) {
        var changed = false
        if var responder = announcer?.responder {
            for note in responder.takeNotes() {
                switch note {
                case .renamed(let name):
                    runtime.record("local network: another group already uses the name; announced as \"\(name)\" instead")
                    report.announcement = "local network: announced as \"\(name)\" (the name was taken)"
                case .gaveUp:
                    runtime.record("local network: too many name conflicts; the group is no longer announced")
                    report.announcement = "local network: not announced (too many name conflicts)"
                }
                changed = true
            }
            announcer?.responder = responder
        }
        if let mapping {
            for event in mapping.mapper.takeEvents() {
                let text = mapping.sentences.describe(event)
                runtime.record(text)
                switch event {
                case .mapped(let granted):
                    report.mapped = granted.externalAddress.map { ($0, granted.externalPort) }
                    report.mapping = text
                    if let address = granted.externalAddress {
                        runtime.record("members across the internet join with: " + report.joinLine(address.withPort(granted.externalPort)))
                    }
                case .renewed: break
                case .refused, .noAnswer, .unreachable, .lost, .deleted:
                    report.mapped = nil
                    report.mapping = text
                }
                changed = true
            }
        }
        if changed { runtime.addressReport = reportText }
    }

    private func updateDeadline() {
        let candidates = [announcer?.responder.nextDeadline, mapping?.mapper.nextDeadline, nextHousekeeping]
        deadline = candidates.compactMap { $0 }.min() ?? nextHousekeeping
    }
}
