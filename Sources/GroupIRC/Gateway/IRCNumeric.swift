// IRCNumeric: the numeric replies the gateway sends, by their usual names (RFC 1459/2812, IRCv3 SASL).

/// Numeric reply codes.
enum IRCNumeric {
    static let welcome = "001", yourHost = "002", created = "003", myInfo = "004", iSupport = "005"
    static let userModeIs = "221", luserClient = "251", tryAgain = "263"
    static let away = "301", userHost = "302", isOn = "303", unaway = "305", nowAway = "306"
    static let whoisUser = "311", whoisServer = "312", whoisOperator = "313", endOfWho = "315"
    static let endOfWhois = "318", whoisChannels = "319"
    static let listStart = "321", list = "322", listEnd = "323", channelModeIs = "324", topic = "332"
    static let endOfInviteList = "347", endOfExceptList = "349"
    static let version = "351", whoReply = "352", namesReply = "353", endOfNames = "366"
    static let endOfBanList = "368", motd = "372", motdStart = "375", endOfMotd = "376"
    static let noSuchNick = "401", noSuchChannel = "403", cannotSendToChannel = "404", tooManyTargets = "407"
    static let noOrigin = "409", invalidCapCommand = "410"
    static let noRecipient = "411", noTextToSend = "412", inputTooLong = "417", unknownCommand = "421"
    static let noNicknameGiven = "431", erroneousNickname = "432", nicknameInUse = "433"
    static let userNotInChannel = "441", notOnChannel = "442", notRegistered = "451", needMoreParams = "461"
    static let alreadyRegistered = "462", passwordMismatch = "464", bannedFromServer = "465", unknownMode = "472"
    static let channelOperatorNeeded = "482", usersDontMatch = "502"
    static let loggedIn = "900", saslSuccess = "903", saslFail = "904", saslTooLong = "905", saslAborted = "906"
    static let saslAlready = "907", saslMechanisms = "908"
}
