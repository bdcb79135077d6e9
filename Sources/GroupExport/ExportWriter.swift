// ExportWriter: writes an export as the messages arrive — heading, one piece per message, end — so an export of
// any size needs no more memory than one message.
import GroupCLI
import GroupWire

/// Streams messages in an ``ExportFormat``. Every piece goes to `sink` as soon as it is made.
public struct ExportWriter {
    private let format: ExportFormat
    private let heading: ExportHeading
    private let sink: ([UInt8]) -> Void
    /// Messages written so far.
    public private(set) var count = 0

    /// Creates a writer.
    public init(format: ExportFormat, heading: ExportHeading, sink: @escaping ([UInt8]) -> Void) {
        self.format = format
        self.heading = heading
        self.sink = sink
    }

    /// Writes the heading.
    public func begin() {
        let when = ExportTime.plain(heading.exportedAt) + " UTC"
        switch format {
        case .text:
            emit("# groupchat export of \"\(TerminalSanitizer.neutralize(heading.group))\": \(heading.scope), "
                + "exported by \(heading.exportedBy) on \(when). Times are UTC.\n")
        case .json:
            emit("{\"group\":\(json(heading.group)),\"scope\":\(json(heading.scope)),\"exportedBy\":\(json(heading.exportedBy)),"
                + "\"exportedAt\":\(json(ExportTime.iso(heading.exportedAt))),\"messages\":[\n")
        case .html:
            let title = html(heading.group)
            emit("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>\(title) — groupchat export</title>
                <style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
                ol{list-style:none;padding:0}li{padding:.2rem 0;border-bottom:1px solid #eee;white-space:pre-wrap}
                time{color:#777;font-size:.85em;margin-right:.5rem}.seq{color:#aaa;font-size:.8em;margin-right:.5rem}
                .sender{font-weight:600}.direct{background:#f4f7ff}.action{font-style:italic}</style></head>
                <body><h1>\(title)</h1><p>\(html(heading.scope)), exported by \(html(heading.exportedBy)) on \(html(when)).
                Times are UTC.</p>
                <ol>

                """)
        }
    }

    /// Writes one message.
    public mutating func write(_ message: ChatMessage) {
        switch format {
        case .text: emit(textLine(message))
        case .json:
            let recipient = message.recipient.map(json) ?? "null"
            emit((count > 0 ? ",\n" : "") + "{\"seq\":\(message.sequence),\"time\":\(json(ExportTime.iso(message.time))),"
                + "\"kind\":\(json(message.kind)),\"sender\":\(json(message.sender)),\"recipient\":\(recipient),"
                + "\"text\":\(json(message.text))}")
        case .html:
            let time = "<time datetime=\"\(ExportTime.iso(message.time))\">\(ExportTime.plain(message.time))</time>"
            let who: String
            if message.isAction {
                who = "* <span class=\"sender\">\(html(message.sender))</span> "
            } else if let recipient = message.recipient {
                who = "<span class=\"sender\">\(html(message.sender))</span> → \(html(recipient)): "
            } else {
                who = "<span class=\"sender\">\(html(message.sender))</span>: "
            }
            emit("<li id=\"m\(message.sequence)\" class=\"\(message.kind)\">\(time)<span class=\"seq\">#\(message.sequence)</span>"
                + "\(who)\(html(message.text))</li>\n")
        }
        count += 1
    }

    /// Writes the end.
    public func finish() {
        switch format {
        case .text: emit("# \(count) message\(count == 1 ? "" : "s")\n")
        case .json: emit((count > 0 ? "\n" : "") + "]}\n")
        case .html: emit("</ol><p>\(count) message\(count == 1 ? "" : "s").</p></body></html>\n")
        }
    }

    /// `[2026-11-22 17:32:47] #42 alice: hello`; further lines of the text indented by four spaces. Control
    /// characters are shown as text, so printing an export cannot drive a terminal.
    private func textLine(_ message: ChatMessage) -> String {
        let text = message.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalSanitizer.neutralize(String(String.UnicodeScalarView($0))) }.joined(separator: "\n    ")
        let sender = TerminalSanitizer.neutralize(message.sender)
        let prefix = "[\(ExportTime.plain(message.time))] #\(message.sequence) "
        if message.isAction { return prefix + "* \(sender) \(text)\n" }
        if let recipient = message.recipient { return prefix + "\(sender) -> \(TerminalSanitizer.neutralize(recipient)): \(text)\n" }
        return prefix + "\(sender): \(text)\n"
    }

    private func emit(_ text: String) { sink(Array(text.utf8)) }

    /// A JSON string literal.
    func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
    func html(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
