// PasswordJob+Perform: running a password job with crypt(3) and turning the result into a core input.
import GroupCore
import GroupStore

extension PasswordJob {
    /// Does the (slow) work and returns the input that reports it. Call off the event path.
    public func perform() -> GroupInput {
        switch self {
        case .hash(let token, _, let password):
            return .passwordHashed(token, hash: PasswordHasher.hash(password))
        case .check(let token, _, let password, let hash):
            return .passwordChecked(token, matches: PasswordHasher.verify(password, against: hash))
        }
    }
}
