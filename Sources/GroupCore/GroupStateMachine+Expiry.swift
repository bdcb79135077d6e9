// GroupStateMachine+Expiry: timed bans, mutes and invitations end by themselves — on every tick, and before any
// rule that looks at them (a login, a message, a moderation command).
import GroupWire

extension GroupStateMachine {
    /// Lifts every ban and mute whose time is up and drops expired invitations, saying so in the event log.
    mutating func liftExpired() {
        let endedBans = bans.values.filter { hasEnded($0.until) }.map(\.name).sorted()
        for name in endedBans {
            bans[name] = nil
            emit(.log("the ban on \(name) expired"))
        }
        if !endedBans.isEmpty { saveBans() }

        let endedMutes = mutes.values.filter { hasEnded($0.until) }.map(\.name).sorted()
        for name in endedMutes {
            mutes[name] = nil
            for session in online.sessions(of: name) { emit(.send(session, .unmuted(by: ""))) }
            emit(.log("the mute on \(name) expired"))
        }
        if !endedMutes.isEmpty { saveMutes() }

        let endedInvitations = invitations.values.filter { hasEnded($0.expiresAt) }.map(\.id).sorted()
        for id in endedInvitations {
            invitations[id] = nil
            emit(.log("invitation \(id) expired"))
        }
        if !endedInvitations.isEmpty { saveInvitations() }
        expireTokens()
    }

    /// Whether a ban, mute or invitation ending at `until` (nil: only when lifted by hand) has ended.
    func hasEnded(_ until: Int64?) -> Bool { until.map { $0 <= now } ?? false }

    /// When a ban or mute of `seconds` from now ends; nil for 0, which lasts until lifted by hand.
    func end(afterSeconds seconds: UInt64) -> Int64? { seconds == 0 ? nil : now + Int64(seconds) * 1000 }

    /// The time left until `until`, for people: `1h 30m`.
    func timeLeft(until: Int64) -> String { DurationText.describe(untilMillis: until, nowMillis: now) }

    /// One of the moderation lists as text, as the owner's prompt shows it and a moderator receives it.
    func listing(_ list: ModerationList) -> String {
        func left(_ until: Int64?, otherwise: String) -> String {
            until.map { "\(timeLeft(until: $0)) left" } ?? otherwise
        }
        func lines(_ title: String, _ items: [String], empty: String) -> String {
            items.isEmpty ? empty : "\(title):\n  " + items.joined(separator: "\n  ")
        }
        switch list {
        case .pending:
            let names = pending.values.sorted { $0.requestedAt < $1.requestedAt }
                .map { $0.note.isEmpty ? $0.name : "\($0.name) (note: \"\($0.note)\")" }
            return names.isEmpty ? "no pending requests" : "pending: " + names.joined(separator: ", ")
        case .bans:
            return lines("bans", bans.values.sorted { $0.name < $1.name }.map { ban in
                "\(ban.name) by \(ban.by), \(left(ban.until, otherwise: "until unbanned"))" + (ban.reason.isEmpty ? "" : ": \(ban.reason)")
            }, empty: "no bans")
        case .mutes:
            return lines("muted", mutes.values.sorted { $0.name < $1.name }.map { mute in
                "\(mute.name) by \(mute.by), \(left(mute.until, otherwise: "until unmuted"))"
            }, empty: "nobody is muted")
        case .invites:
            return lines("invitations", invitations.values.sorted { $0.createdAt < $1.createdAt }.map { invitation in
                "\(invitation.id) for \(invitation.name.isEmpty ? "anyone" : invitation.name) by \(invitation.by), "
                    + left(invitation.expiresAt, otherwise: "")
            }, empty: "no open invitations")
        }
    }
}
