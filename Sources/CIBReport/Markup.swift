internal import Foundation

/// Escaping and number formatting shared by the HTML, SVG and Markdown writers.
public enum Markup {
    /// Escapes `&`, `<`, `>`, `"` and `'` for XML/HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// Escapes Markdown table-cell text: pipes, backslashes, and HTML-significant characters.
    static func markdownCell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// A coordinate with two decimals (deterministic, locale-independent).
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// A metric value with three decimals.
    static func value(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }
}
