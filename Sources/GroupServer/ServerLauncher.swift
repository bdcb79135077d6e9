// ServerLauncher: open the data folder, load the group, bind, announce, and hand over to the engine.
import GroupCore
import GroupNetwork
import GroupPosix
import GroupStore
import GroupTLS
import GroupWebPage

/// Everything `groupd` was asked for on its command line.
public struct ServerConfiguration: Sendable {
    /// `--name`, when given.
    public var name: String?
    /// `--data`.
    public var dataPath: String
    /// `--host`; `::` (the default) takes IPv6 and IPv4, and falls back to `0.0.0.0` where the kernel has no IPv6.
    public var host: String
    /// `--port` (0 picks a free port).
    public var port: UInt16
    /// `--owner`, when given.
    public var owner: String?
    /// The owner to use for a new group when `--owner` is not given (from `$USER`).
    public var defaultOwner: String
    /// `--mode`.
    public var mode: ServerMode
    /// `--admission`, when given.
    public var admission: AdmissionPolicy?
    /// Resource limits the engines apply.
    public var limits: ServerLimits
    /// Protective limits the group core applies.
    public var groupLimits: GroupLimits
    /// `--plaintext`: serve without TLS.
    public var plaintext = false
    /// `--web-port`: serve the browser client on this port too (0 picks a free port); nil: no web port.
    public var webPort: UInt16?
    /// `--web-root`: serve the page's files from this folder instead of the built-in ones.
    public var webRoot: String?
    /// `--web-cert`: a PEM certificate (its chain after it) the web port presents instead of the group's own.
    public var webCertificate: String?
    /// `--web-key`: the private key of ``webCertificate``, PEM.
    public var webKey: String?
    /// `--events-log-max`, `--events-log-keep`: when `events.log` rotates and how many old ones are kept.
    public var eventLog = LogRotation()
    /// `--web-host`: names the web port may be reached by besides the addresses it listens on (DNS rebinding).
    public var webHosts: [String] = []
    /// `--irc-port`: speak the IRC client protocol on this port too (0 picks a free port); nil: no IRC port.
    public var ircPort: UInt16?
    /// Announce the group on the local network with mDNS/DNS-SD (off with `--no-announce`).
    public var announce = true
    /// `--map-port`: ask the router for a port mapping with PCP/NAT-PMP.
    public var mapPort = false

    /// Creates a configuration with the product's defaults.
    public init(
        name: String? = nil, dataPath: String = "./groupd-data", host: String = "::", port: UInt16 = 7070,
        owner: String? = nil, defaultOwner: String = "owner", mode: ServerMode = .nonblocking,
        admission: AdmissionPolicy? = nil, limits: ServerLimits = ServerLimits(), groupLimits: GroupLimits = GroupLimits()
    ) {
        self.name = name
        self.dataPath = dataPath
        self.host = host
        self.port = port
        self.owner = owner
        self.defaultOwner = defaultOwner
        self.mode = mode
        self.admission = admission
        self.limits = limits
        self.groupLimits = groupLimits
    }
}

/// Why `groupd` could not start, as one sentence.
public struct LaunchError: Error, Sendable {
    /// The sentence.
    public let message: String
}

/// How session tokens are stored: the SHA-256 of the token's text (UTF-8), in lowercase hex.
public enum TokenHash {
    /// The digest the server gives the core (docs/STORAGE.md, tokens.txt).
    public static let sha256Hex: TokenDigest = { text in
        let digits = Array("0123456789abcdef")
        return String(Digest.sha256(Array(text.utf8)).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }
}

/// Starts a group server.
public enum ServerLauncher {
    /// Runs the server until it stops. Prints `listening on HOST:PORT` on standard output first.
    /// - Throws: ``LaunchError`` when the folder, the files or the address cannot be used.
    public static func run(_ config: ServerConfiguration) throws(LaunchError) {
        let descriptors = ResourceLimits.raiseDescriptorLimit()
        var limits = config.limits
        // Every connection needs a descriptor; keep 64 for files, pipes and the listener.
        let fit = max(1, Int(min(descriptors, UInt64(Int.max))) - 64)
        if limits.maxConnections == 0 || limits.maxConnections > fit { limits.maxConnections = fit }
        // Before the folder is touched: a second server on a folder in use stops here.
        if let problem = AdminSocket.inUseProblem(folder: config.dataPath) { throw LaunchError(message: problem) }
        // The ports next, before the data folder is created: a port in use stops groupd with nothing left behind.
        let (listener, host) = try bindProtocolPort(config)
        let webListener = try config.webPort.map { port throws(LaunchError) in try listen(host: host, port: port, flag: "--web-port") }
        let ircListener = try config.ircPort.map { port throws(LaunchError) in try listen(host: host, port: port, flag: "--irc-port") }
        let (store, snapshot, isNew, notes) = try openGroup(config)
        var adminSocket: AdminSocket?
        var adminSocketProblem: String?
        do {
            adminSocket = try AdminSocket(folder: store.folder.path)
        } catch {
            switch error {
            case .inUse(let sentence): throw LaunchError(message: sentence)
            case .failed(let sentence): adminSocketProblem = sentence
            }
        }
        defer { adminSocket?.close() }
        let (tls, fingerprint, identityText) = try openIdentity(config, store: store, groupName: snapshot.settings.name)
        // The page is read before any engine thread or child exists; serving never reads the disk.
        let page: WebPage?
        do throws(WebPageError) {
            page = config.webPort == nil ? nil : try WebPage.load(from: config.webRoot)
        } catch {
            throw LaunchError(message: "--web-port: \(error)")
        }
        let certificate = try config.webCertificate.map { path throws(LaunchError) in
            try WebCertificate.load(certificatePath: path, keyPath: config.webKey ?? "")
        }
        // What the browser sees on the web port: the owner's certificate, or the group's own.
        let webFingerprint = certificate?.fingerprint ?? fingerprint
        var site: WebSite?
        if let webListener, let page {
            site = WebSite(page: page, port: webListener.port, tls: tls != nil, fingerprint: webFingerprint,
                hosts: webHostNames(bound: webListener.host, given: config.webHosts + (certificate?.summary.names ?? [])),
                certificate: certificate?.context)
        }
        let irc = ircListener.map { _ in IRCService(fingerprint: fingerprint?.description) }
        let engine = config.mode.makeEngine(limits: limits, tls: tls, web: site, irc: irc)
        // The transcript's syncs run off the engine's thread: on threads, or in helper processes in fork mode, whose
        // parent must stay single-threaded. Started before the first line, so the server is whole once it is printed.
        let syncer: TranscriptSyncer
        do {
            syncer = try TranscriptSyncer(file: store.transcriptFile, placement: config.mode == .fork ? .process : .thread)
        } catch {
            throw LaunchError(message: "cannot start the transcript's sync workers: \(error.reason)")
        }
        let window = OwnerWindow()
        window.identity = fingerprint?.description ?? "TLS off"
        window.show("listening on \(shown(listener.host, listener.port))")
        window.show(identityText)
        if let webListener {
            window.show(webLine(address: reachableAddress(host: webListener.host, port: webListener.port),
                fingerprint: webFingerprint))
            if let certificate { window.show(certificate.description(now: UTCTime.now())) }
        }
        if let ircListener {
            window.show(ircLine(address: reachableAddress(host: ircListener.host, port: ircListener.port), fingerprint: fingerprint))
        }
        let network = NetworkServices(
            host: listener.host, port: listener.port, fingerprint: fingerprint?.description, groupName: snapshot.settings.name,
            owner: snapshot.settings.owner, options: .init(announce: config.announce, mapPort: config.mapPort))
        for line in network.reportLines { window.show(line) }
        window.flush()

        var core = GroupStateMachine(
            snapshot: snapshot, now: UTCTime.now(), limits: config.groupLimits,
            joinTarget: joinTarget(host: listener.host, port: listener.port, fingerprint: fingerprint),
            random: SystemRandomNumberGenerator(), tokenDigest: TokenHash.sha256Hex)
        core.serverIdentity = identityText + (fingerprint.map { "\n" + browserForms($0, of: "certificate") } ?? "")
            + (certificate.map { "\n" + browserForms($0.fingerprint, of: "web page certificate (--web-cert)") } ?? "")
        if let webListener {
            core.webInvitation = (webFingerprint == nil ? "http://" : "https://")
                + reachableAddress(host: webListener.host, port: webListener.port)
                + (webFingerprint.map { " (certificate SHA-256 \($0.hex))" } ?? "")
        }
        core.addressReport = network.reportText
        let runtime = GroupRuntime(core: core, store: store, window: window, clock: UTCTime.now)
        runtime.attach(syncer: syncer)
        do {
            // Fork mode's parent may not start threads: it reads in slices between turns of its loop.
            runtime.attach(reads: config.mode == .fork
                ? try SlicedReads(reader: store.transcriptReader) : try ReaderThreads(reader: store.transcriptReader))
        } catch {
            throw LaunchError(message: "cannot start the transcript readers: \(error.reason)")
        }
        runtime.perform(core.startupEffects(loadedMembers: snapshot.members))
        if isNew { runtime.perform([.save(.settings(snapshot.settings))]) }
        let settings = snapshot.settings
        window.show("groupchat: \"\(settings.name)\" owned by \(settings.owner), admission \(settings.admission.rawValue), "
            + "mode \(config.mode.rawValue), data in \(store.folder.path), up to \(descriptors) open descriptors")
        window.show("Type /help for the admin commands; any other line is a message to the group.")
        // The owner's window takes over the terminal only when both the keyboard and the screen are one; a pipe
        // or /dev/null keeps the plain line-by-line prompt (a service has none: see 'groupd admin').
        let interactive = Terminal.isTerminal(0) && Terminal.isTerminal(1)
        if !Terminal.isTerminal(0) {
            window.show("No terminal on standard input: admin lines are read from it until it ends; "
                + "'groupd admin --data \(store.folder.path) COMMAND' types one into this server at any time.")
        }
        var restoreTerminal: (() -> Void)?
        if interactive {
            restoreTerminal = Terminal.enterEditorMode(0)
            window.enterTerminalMode()
        }
        // Every way out of here (a signal's or /close's orderly stop, /delete, an engine error) gives the
        // terminal back as it was.
        defer {
            window.leaveTerminalMode()
            restoreTerminal?()
        }
        runtime.record(isNew ? "group created" : "server started")
        for note in notes { runtime.record(note) }
        if let adminSocketProblem { window.show(adminSocketProblem) }
        do {
            let prompt = AdminInput(fd: 0, window: interactive ? window : nil)
            try engine.run(
                listeners: ServerListeners(main: listener, web: webListener, irc: ircListener), runtime: runtime,
                adminInput: prompt, adminSocket: adminSocket, network: network)
        } catch {
            network.stop(runtime: runtime)
            throw LaunchError(message: "the server stopped: \(error)")
        }
        adminSocket?.close()
        if runtime.deleteRequested {
            window.show(runtime.removeDeletedGroup())
        }
        window.drain(timeoutMillis: 1000)
    }

    /// Binds `host:port`; a port in use gets a sentence that says what to do.
    private static func listen(host: String, port: UInt16, flag: String) throws(LaunchError) -> ListeningSocket {
        do {
            return try ListeningSocket(host: host, port: port)
        } catch {
            throw bindFailure(error, host: host, port: port, flag: flag)
        }
    }

    /// Binds the protocol port: `--host` as given; the default `::` (IPv6 and IPv4) falls back to `0.0.0.0` on a
    /// kernel without IPv6.
    /// - Returns: The listener, and the host the web and IRC ports bind too (`0.0.0.0` after a fallback).
    private static func bindProtocolPort(_ config: ServerConfiguration) throws(LaunchError) -> (ListeningSocket, String) {
        guard config.host == "::" else { return (try listen(host: config.host, port: config.port, flag: "--port"), config.host) }
        do {
            let (listener, ipv4Only) = try ListeningSocket.anyAddress(port: config.port)
            return (listener, ipv4Only ? "0.0.0.0" : "::")
        } catch {
            throw bindFailure(error, host: config.host, port: config.port, flag: "--port")
        }
    }

    /// The sentence for a port that cannot be bound; a port in use says what to do.
    private static func bindFailure(_ error: SystemError, host: String, port: UInt16, flag: String) -> LaunchError {
        if error.isAddressInUse {
            return LaunchError(message: "port \(port) on \(host) is already in use (another groupd, or another "
                + "program, listens there): choose another with \(flag) N, or \(flag) 0 to pick a free one")
        }
        return LaunchError(message: "cannot listen on \(shown(host, port))\(flag == "--port" ? "" : " (\(flag))"): \(error.reason)")
    }

    /// `irc on HOST:PORT (TLS, certificate SHA-256 AB:CD:…)`: where IRC clients connect, and the certificate's
    /// SHA-256 in the hexadecimal form IRC clients pin (weechat's `tls_fingerprint`, irssi's `tls_pinned_cert`).
    static func ircLine(address: String, fingerprint: Fingerprint?) -> String {
        guard let fingerprint else { return "irc on \(address) (plaintext: turn TLS off in your IRC client)" }
        return "irc on \(address) (TLS, certificate SHA-256 \(fingerprint.hex))"
    }

    /// What `/fingerprint` adds for browser users: the certificate's SHA-256 as Firefox and as Chromium show it.
    static func browserForms(_ fingerprint: Fingerprint, of what: String) -> String {
        "\(what) SHA-256 \(fingerprint.hex) (as Firefox shows it; Chromium: \(fingerprint.plainHex))"
    }

    /// `web on https://HOST:PORT (certificate SHA-256 AB:CD:…)`: where browsers open the page, and the SHA-256 of the
    /// certificate the web port presents in the hexadecimal form browsers' certificate viewers show, to compare there
    /// before proceeding past the warning. `http://` and no certificate with `--plaintext` (and no `--web-cert`).
    static func webLine(address: String, fingerprint: Fingerprint?) -> String {
        guard let fingerprint else { return "web on http://\(address)" }
        return "web on https://\(address) (certificate SHA-256 \(fingerprint.hex))"
    }

    /// Loads (or on the first start creates) the server's TLS key and certificate, unless `--plaintext`.
    /// - Returns: The server's TLS context, its fingerprint and the line that shows it (nil, nil and a
    ///   warning with `--plaintext`).
    private static func openIdentity(_ config: ServerConfiguration, store: GroupStore, groupName: String)
        throws(LaunchError) -> (TLSContext?, Fingerprint?, String)
    {
        guard !config.plaintext else {
            return (nil, nil, "TLS is off (--plaintext): passwords and messages cross the network unencrypted")
        }
        do {
            let (identity, _) = try IdentityFiles.loadOrCreate(in: store.folder, commonName: groupName)
            let context = try TLSContext.server(identity)
            return (context, identity.fingerprint, "fingerprint \(identity.fingerprint) (TLS; members compare it when they join)")
        } catch let problem as IdentityFiles.Problem {
            throw LaunchError(message: problem.description)
        } catch {
            throw LaunchError(message: "cannot use the server's TLS identity: \(error)")
        }
    }

    /// What invitation lines give `groupctl join`: where members connect — the bound address, or the best of this
    /// machine's addresses when bound to every interface (`::`, `0.0.0.0`), an IPv6 literal in brackets — followed
    /// by `--fingerprint FP` with TLS or `--plaintext` without, so the invitee needs nothing else.
    static func joinTarget(host: String, port: UInt16, fingerprint: Fingerprint?) -> String {
        reachableAddress(host: host, port: port) + (fingerprint.map { " --fingerprint \($0)" } ?? " --plaintext")
    }

    /// The hosts the web port answers to: the address it is bound to — every interface's when bound to all of
    /// them — and the `--web-host` names.
    static func webHostNames(bound: String, given: [String]) -> [String] {
        let wildcard = bound == "0.0.0.0" || bound == "::"
        let every = InterfaceAddresses.all().filter(\.isUp).map { $0.address.description }
        return (wildcard ? every : [bound]) + given
    }

    /// Where others reach a port of this server (the protocol port, the web port in a browser): the bound address,
    /// or the best of this machine's addresses when bound to every interface, an IPv6 literal in brackets.
    static func reachableAddress(host: String, port: UInt16) -> String { AddressReport.best(listening: host, port: port) }

    /// `HOST:PORT`, or `[HOST]:PORT` for IPv6 (`listening on [::]:7070`).
    static func shown(_ host: String, _ port: UInt16) -> String { IPAddress(host)?.withPort(port) ?? "\(host):\(port)" }

    /// Opens the store and reconciles the command line with the stored settings: `--name` and
    /// `--admission` update them; `--owner` must match the group's owner.
    private static func openGroup(_ config: ServerConfiguration) throws(LaunchError)
        -> (GroupStore, GroupSnapshot, Bool, [String])
    {
        let store: GroupStore
        let loaded: (snapshot: GroupSnapshot, isNew: Bool, notes: [String])
        let defaults = GroupSettings(
            name: config.name ?? "groupchat", owner: config.owner ?? config.defaultOwner,
            admission: config.admission ?? .approve)
        if let owner = config.owner, let problem = NameRules.usernameProblem(owner) {
            throw LaunchError(message: "--owner '\(owner)': \(problem)")
        }
        if let problem = NameRules.groupNameProblem(defaults.name) { throw LaunchError(message: "--name: \(problem)") }
        do {
            store = try GroupStore(folder: try DataFolder(path: config.dataPath), eventLog: config.eventLog)
            loaded = try store.load(defaults: defaults)
        } catch let error as SystemError {
            throw LaunchError(message: "cannot use the data folder \(config.dataPath): \(error)")
        } catch {
            throw LaunchError(message: "cannot load the group in \(config.dataPath): \(error)")
        }
        var snapshot = loaded.snapshot
        if loaded.isNew, let problem = NameRules.usernameProblem(snapshot.settings.owner) {
            throw LaunchError(message: "owner name '\(snapshot.settings.owner)' (from $USER): \(problem); choose one with --owner")
        }
        if let owner = config.owner, owner != snapshot.settings.owner {
            throw LaunchError(message: "the group in \(config.dataPath) is owned by \(snapshot.settings.owner), not \(owner)")
        }
        var changed = false
        if let name = config.name, name != snapshot.settings.name { snapshot.settings.name = name; changed = true }
        if let admission = config.admission, admission != snapshot.settings.admission {
            snapshot.settings.admission = admission
            changed = true
        }
        if changed && !loaded.isNew {
            do { try store.save(.settings(snapshot.settings)) } catch {
                throw LaunchError(message: "cannot save the settings: \(error)")
            }
        }
        return (store, snapshot, loaded.isNew, loaded.notes)
    }
}
