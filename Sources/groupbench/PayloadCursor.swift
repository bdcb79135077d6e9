// PayloadCursor: reading '|'-separated decimal fields straight from payload bytes, without Strings.

/// A forward-only reader over a payload's bytes. Every method stops at the end of the payload.
struct PayloadCursor {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0

    /// Starts at the first byte of `payload`.
    @inline(__always)
    init(_ payload: UnsafeRawBufferPointer) {
        base = (payload.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: UInt8.self)
        end = payload.count
    }

    /// Reads a decimal field and its '|' (or the end). nil when the field is empty or not all digits.
    @inline(__always)
    mutating func number() -> UInt64? {
        var value: UInt64 = 0
        let start = position
        while position < end {
            let byte = base[position]
            position += 1
            if byte == 0x7C { return position - 1 > start ? value : nil }
            let digit = byte &- 0x30
            guard digit < 10, value < 1_000_000_000_000_000_000 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return position > start ? value : nil
    }

    /// Skips a field and its '|'; false when there is no '|' left.
    @inline(__always)
    mutating func skipField() -> Bool {
        while position < end {
            let byte = base[position]
            position += 1
            if byte == 0x7C { return true }
        }
        return false
    }

    /// Consumes `first` and `second` when the next two bytes are exactly those.
    @inline(__always)
    mutating func expect(_ first: UInt8, _ second: UInt8) -> Bool {
        guard end - position >= 2, base[position] == first, base[position + 1] == second else { return false }
        position += 2
        return true
    }

    /// The bytes not read yet, as text (for the rare, non-hot cases such as refusal reasons).
    var rest: String {
        String(decoding: UnsafeBufferPointer(start: base + position, count: end - position), as: UTF8.self)
    }
}

/// Appends decimal digits to a byte array without making a String.
@inline(__always)
func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
    if value < 10 {
        bytes.append(0x30 &+ UInt8(value))
        return
    }
    var divisor: UInt64 = 1
    while value / divisor >= 10 { divisor &*= 10 }
    var rest = value
    while divisor > 0 {
        bytes.append(0x30 &+ UInt8(rest / divisor))
        rest %= divisor
        divisor /= 10
    }
}
