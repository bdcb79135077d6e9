// GatewayMembersTests: the group's people as IRC shows them — presence (JOIN/QUIT/PART), NAMES, WHO, WHOIS,
// renames (NICK), away, roles (MODE ±o), the topic, kicks and bans, logging out with PART and in with JOIN, and the
// session's end.
import GroupIRC
import GroupWire
import Testing

@Suite("IRC gateway: members")
struct GatewayMembersTests {
    static func joined(caps: String = "") -> GatewayHarness {
        var irc = GatewayHarness()
        irc.register(caps: caps)
        irc.answerJoin(online: ["alice", "bob"])
        return irc
    }

    @Test func presenceIsJoinAndQuitAndLeavingTheGroupIsPart() {
        var irc = Self.joined()
        #expect(irc.group(.presence(name: "carol", online: true)) == [":carol!carol@groupchat JOIN #study-group"])
        #expect(irc.group(.presence(name: "carol", online: false)) == [":carol!carol@groupchat QUIT :went offline"])
        #expect(irc.group(.memberLeft(name: "bob")) == [":bob!bob@groupchat PART #study-group :left the group"])
        #expect(irc.group(.memberJoined(name: "dave")) == [":groupd NOTICE #study-group :dave joined the group"])
    }

    @Test func aModeratorComingOnlineIsOpped() {
        var irc = Self.joined()
        irc.group(.roleChanged(name: "carol", role: .moderator))
        #expect(irc.lines.isEmpty, "carol is not in the channel")
        #expect(irc.group(.presence(name: "carol", online: true)) == [
            ":carol!carol@groupchat JOIN #study-group", ":groupd MODE #study-group +o :carol",
        ])
        #expect(irc.group(.roleChanged(name: "bob", role: .moderator)) == [":olga!olga@groupchat MODE #study-group +o :bob"])
    }

    @Test func whoAndWhoisComeFromTheGroupsAnswers() {
        var irc = Self.joined()
        irc.client("WHO #study-group\r\n")
        #expect(irc.requests == [.who])
        irc.group(.awayStatus(name: "bob", reason: "lunch"))
        irc.group(.onlineList([OnlineMember(name: "olga", role: .owner), OnlineMember(name: "alice", role: .member),
            OnlineMember(name: "bob", role: .moderator)]))
        #expect(irc.group(.response(status: .ok, command: CommandCode.who.rawValue, text: "3 online")) == [
            ":groupd 352 alice #study-group olga groupchat groupd olga H@ :0 owner",
            ":groupd 352 alice #study-group alice groupchat groupd alice H :0 member",
            ":groupd 352 alice #study-group bob groupchat groupd bob G@ :0 moderator",
            ":groupd 315 alice #study-group :End of /WHO list.",
        ])
        irc.client("WHOIS bob\r\n")
        #expect(irc.requests == [.whois(name: "bob")])
        irc.group(.memberInfo(MemberInfo(name: "bob", role: .moderator, state: .away, joinedAt: 0, lastOnline: 5, awayReason: "lunch")))
        #expect(irc.group(.response(status: .ok, command: CommandCode.whois.rawValue, text: "bob")) == [
            ":groupd 311 alice bob bob groupchat * :moderator of Study group",
            ":groupd 319 alice bob :@#study-group",
            ":groupd 312 alice bob groupd :Study group",
            ":groupd 313 alice bob :is a moderator of the group",
            ":groupd 301 alice bob :lunch",
            ":groupd 318 alice bob :End of /WHOIS list.",
        ])
        irc.client("WHOIS zed\r\n")
        #expect(irc.group(.response(status: .notFound, command: CommandCode.whois.rawValue, text: "no member named zed")) == [
            ":groupd 401 alice zed :no member named zed", ":groupd 318 alice zed :End of /WHOIS list.",
        ])
    }

    @Test func nickRenamesAndTakenNamesAre433() {
        var irc = Self.joined()
        irc.client("NICK alicia\r\n")
        #expect(irc.requests == [.rename(newName: "alicia")])
        #expect(irc.group(.memberRenamed(old: "alice", new: "alicia")) == [":alice!alice@groupchat NICK alicia"])
        #expect(irc.group(.response(status: .ok, command: CommandCode.rename.rawValue, text: "alicia")).isEmpty)
        #expect(irc.group(.memberRenamed(old: "bob", new: "robert")) == [":bob!bob@groupchat NICK robert"])
        irc.client("NICK olga\r\n")
        #expect(irc.group(.response(status: .conflict, command: CommandCode.rename.rawValue, text: "the name olga is taken")) == [
            ":groupd 433 alicia olga :the name olga is taken",
        ])
        #expect(irc.client("NICK Alicia\r\n").isEmpty)
        #expect(irc.requests.isEmpty)
    }

    @Test func awayBothWaysAndTopicIsTheGroupsName() {
        var irc = Self.joined(caps: "away-notify")
        irc.client("AWAY :\u{02}lunch\u{02}\r\nAWAY\r\n")
        #expect(irc.requests == [.away(reason: "lunch"), .back])
        irc.group(.response(status: .ok, command: CommandCode.away.rawValue, text: "you are away: lunch"))
        #expect(irc.lines == [":groupd 306 alice :You have been marked as being away"])
        #expect(irc.group(.away(name: "bob", reason: "brb")) == [":bob!bob@groupchat AWAY brb"])
        #expect(irc.group(.back(name: "bob")) == [":bob!bob@groupchat AWAY"])
        #expect(irc.client("TOPIC #study-group\r\n") == [":groupd 332 alice #study-group :Study group"])
        #expect(irc.client("TOPIC #study-group :new\r\n").first?.hasPrefix(":groupd 482 alice #study-group :The topic is the group's name") == true)
        #expect(irc.group(.groupRenamed(by: "olga", name: "Exam prep")) == [":olga!olga@groupchat TOPIC #study-group :Exam prep"])
    }

    @Test func kicksAndBansByAModerator() {
        var irc = Self.joined()
        irc.client("KICK #study-group Bob :be nice\r\nMODE #study-group +b carol!*@*\r\n")
        #expect(irc.requests == [.moderate(.kick(name: "Bob", reason: "be nice")), .moderate(.ban(name: "carol", seconds: 0, reason: ""))])
        #expect(irc.group(.presence(name: "bob", online: false)) == [":alice!alice@groupchat KICK #study-group bob :be nice"])
        irc.group(.response(status: .ok, command: CommandCode.kick.rawValue, text: "kicked bob"))
        #expect(irc.group(.response(status: .ok, command: CommandCode.ban.rawValue, text: "banned carol")) == [
            ":alice!alice@groupchat MODE #study-group +b :carol!*@*",
        ])
        irc.client("KICK #study-group olga\r\n")
        #expect(irc.group(.response(status: .forbidden, command: CommandCode.kick.rawValue, text: "nobody can kick the owner (olga)")) == [
            ":groupd 482 alice #study-group :nobody can kick the owner (olga)",
        ])
    }

    @Test func aKickOrBanOfAnotherMemberIsShownToEveryoneAsAKick() {
        var irc = Self.joined()
        #expect(irc.group(.memberRemoved(kind: .kicked, name: "bob", by: "olga", reason: "spam"))
            == [":olga!olga@groupchat KICK #study-group bob :spam"])
        #expect(irc.group(.presence(name: "bob", online: false)).isEmpty)  // no QUIT after the KICK
        #expect(irc.group(.memberRemoved(kind: .banned, name: "nobody-here", by: "olga", reason: "")).isEmpty)
        #expect(irc.group(.sessions(name: "bob", count: 2)).isEmpty)
    }

    @Test func beingKickedShowsTheKickThenTheReasonAsTheConnectionCloses() {
        var irc = Self.joined()
        #expect(irc.group(.removed(kind: .kicked, by: "olga", reason: "spam")) == [":olga!olga@groupchat KICK #study-group alice :spam"])
        #expect(irc.finish() == ["ERROR :Closing Link: kicked by olga: spam"])
        #expect(irc.closed)
    }

    @Test func modesAreAnsweredSensibly() {
        var irc = Self.joined()
        #expect(irc.client("MODE #study-group\r\nMODE #study-group b\r\nMODE alice\r\nMODE alice +i\r\n") == [
            ":groupd 324 alice #study-group :+nt",
            ":groupd 368 alice #study-group :End of channel ban list (/quote MODE #study-group +b NAME bans)",
            ":groupd 221 alice :+",
        ])
        #expect(irc.client("MODE #study-group +o bob\r\n").first?.hasPrefix(":groupd 482 alice #study-group :Roles are the group's") == true)
        #expect(irc.client("MODE #study-group +m\r\n") == [":groupd 472 alice m :is not a mode of this channel"])
    }

    @Test func partLogsOutAndJoinLogsInAgain() {
        var irc = Self.joined()
        irc.client("PART #study-group :brb\r\n")
        #expect(irc.requests == [.logout])
        #expect(irc.group(.response(status: .ok, command: CommandCode.logout.rawValue, text: "logged out")) == [
            ":alice!alice@groupchat PART #study-group :brb",
            ":groupd NOTICE alice :you are logged out of Study group and still a member; /join #study-group logs you in again",
        ])
        #expect(irc.client("PRIVMSG #study-group :x\r\n").first?.contains("you are logged out") == true)
        #expect(irc.requests.isEmpty)
        irc.client("JOIN #study-group\r\n")
        #expect(irc.requests == [.login(username: "alice", password: "secret")])
        let back = irc.group(.response(status: .ok, command: CommandCode.login.rawValue, text: "alice"))
        #expect(back == [":alice!alice@groupchat JOIN #study-group", ":groupd 332 alice #study-group :Study group"])
        #expect(irc.requests == [.members, .catchUp(count: 100)])
        #expect(irc.client("JOIN #other\r\n") == [":groupd 403 alice #other :No such channel: this group is the one channel #study-group"])
    }

    @Test func theGroupsPingIsForwardedAndItsPongGoesBack() {
        var irc = Self.joined()
        #expect(irc.group(.ping(token: "1732")) == [":groupd PING 1732"])
        irc.client("PONG :1732\r\n")
        #expect(irc.requests == [.pong(token: "1732")])
        irc.client("PONG :1732\r\n")
        #expect(irc.requests.isEmpty)
    }

    @Test func shutdownAndQuitEndWithError() {
        var irc = Self.joined()
        irc.group(.shuttingDown(reason: "the owner closed the chat"))
        #expect(irc.finish() == ["ERROR :Closing Link: the owner closed the chat"])
        var quitting = Self.joined()
        #expect(quitting.client("PRIVMSG #study-group :bye\r\nQUIT :gone\r\n") == ["ERROR :Closing Link: Quit: gone"])
        #expect(quitting.requests == [.groupMessage(text: "bye")])
        #expect(quitting.closed)
    }

    @Test func queriesAnsweredFromWhatTheGatewayKnows() {
        var irc = Self.joined()
        #expect(irc.client("ISON bob zed OLGA\r\nLIST\r\n") == [
            ":groupd 303 alice :bob olga",
            ":groupd 321 alice Channel :Users  Name",
            ":groupd 322 alice #study-group 3 :Study group",
            ":groupd 323 alice :End of /LIST",
        ])
        #expect(irc.client("FROB\r\n") == [":groupd 421 alice FROB :Unknown command"])
    }

    @Test func tooManyWaitingRequestsAreAnswered263() {
        var irc = GatewayHarness(settings: IRCSettings(formatTime: { "t\($0)" }, limits: IRCLimits(lineBurst: 1000, maxWaiting: 4)))
        irc.register()
        // The join's two requests wait; two more may.
        #expect(irc.client("WHO #study-group\r\nWHOIS bob\r\nWHOIS carol\r\n") == [
            ":groupd 263 alice WHOIS :too many requests wait for the group; try again in a moment",
        ])
    }
}
