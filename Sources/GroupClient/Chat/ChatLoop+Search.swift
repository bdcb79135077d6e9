// ChatLoop+Search: `/search WORDS` and `/search` (older matches) in the chat; the answer arrives like any other.
import GroupCLI
import GroupWire

extension ChatLoop {
    /// Sends the search `/search TYPED` asks for, or says why there is none.
    func search(_ typed: String) {
        switch searching.request(for: typed) {
        case .success(let request): self.request(.search(request))
        case .failure(let problem): show("* \(MessageFormatter.one(problem.text))")
        }
    }

    /// Shows the hits of a search once its RESPONSE came (ignored members' hits included: the member asked).
    func showSearchResults(_ status: StatusCode, _ text: String) {
        let lines = searching.finish(status: status, text: text) { [self] hit in
            SearchResults.line(for: hit, me: entry.username, style: style)
        }
        for line in lines { show(line) }
    }
}
