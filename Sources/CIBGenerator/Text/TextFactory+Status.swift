internal import CIBModel
internal import CIBStatistics

/// Outlets' status messages: when a newsroom's social desk posts a story it often writes a message of its own
/// rather than the bare headline — a teaser on the story, a question to readers, a quote, a call to action, with
/// emoji — and the headline stays on the link card (K. Welbers, M. Opgenhaffen, "Presenting News on Social Media:
/// Media logic in the communication style of newspapers on Facebook", Digital Journalism 7(1), 2019; K. Lamot,
/// T. Kreutz, M. Opgenhaffen, "'We Rewrote This Title': How News Headlines Are Remediated on Facebook and How This
/// Affects Engagement", Social Media + Society, 2022, doi:10.1177/20563051221114827; M. Haim et al., "You Should Read This Study! It
/// Investigates Scandinavian Social Media Logics", Digital Journalism 9(4), 2021; K. Park, H. Kwak, J. An, S. Chawla,
/// "How-to Present News on Social Media", ICWSM 2021, arXiv:2009.08100). How often an outlet does so is the
/// scenario's `hardNegatives.newsrooms.statusMessageShare` (docs/scenario.md, docs/text-model.md).
///
/// The wording is each language's grammar (`t.<topic>.status`, made by scripts/text-model/build.py from the
/// language's `[status]` templates and the topic's `t.<topic>.about`; `status.lead` and `status.after`, calls to
/// action). Only newsroom posts use it: the campaign's texts do not change.
extension TextFactory {
    /// How a status message sits with the story's headline (shares of the status posts; a judgement — the papers
    /// above describe the forms, not their mix).
    enum StatusLayout {
        /// The message alone (teaser, question or quote; the headline is on the link card).
        static let alone = 0.5
        /// A call to action before the headline ("Watch:", "Read more:", "👉").
        static let leadAndHeadline = 0.25
        // The rest: the message, then the headline.
        /// A call to action after a message that stands alone ("Read more 👇").
        static let callToActionAfter = 0.4
    }

    /// Whether the language of `l` has outlets' status messages (every topic falls back to a call to action before
    /// the headline where it has no message of its own).
    @inline(__always)
    static func hasStatusMessages(_ l: Lexicon) -> Bool { l.global(.statusLead) >= 0 }

    /// Appends an outlet's post of a story on `topic` whose headline is `headline` (UTF-8, in the alternate script
    /// of the language when `alternate`): a status message in the outlet's voice alone, a call to action before the
    /// headline, or the message then the headline (``StatusLayout``). Returns nil where the language has no status
    /// messages (the outlet then posts the headline). One draw of `rng`.
    @inline(__always)
    static func newsStatus(_ l: Lexicon, topic: Int, headline: UnsafeBufferPointer<UInt8>, alternate: Bool,
                           _ rng: RandomStream, into table: inout StringTable) -> Int32? {
        let lead = l.global(.statusLead), after = l.global(.statusAfter)
        guard lead >= 0 else { return nil }
        var bits = TextGrammar.Bits()
        let g = alternate ? l.alternate : l.grammar
        let message = l.rule(.status, topic)
        let u = bits.below(65_536, rng)
        var layout = u < Int(StatusLayout.alone * 65_536) ? 0 : u < Int((StatusLayout.alone + StatusLayout.leadAndHeadline) * 65_536) ? 1 : 2
        if message < 0 { layout = 1 }
        let room = g.room(message) + 1 + g.room(after) + g.room(lead) + 1 + headline.count + 2
        return table.append(maxBytes: TextGrammar.copyWidth + room) { buffer in
            let out = buffer.baseAddress!
            var k = 0
            @inline(__always) func writeHeadline() {
                if let base = headline.baseAddress { (out + k).update(from: base, count: headline.count) }
                k += headline.count
            }
            switch layout {
            case 0:
                k = g.expand(message, &bits, rng, to: out)
                if after >= 0 && bits.chance(StatusLayout.callToActionAfter, rng) {
                    if l.spaced { out[k] = 0x20; k += 1 }
                    k += g.expand(after, &bits, rng, to: out + k)
                }
            case 1:
                k = g.expand(lead, &bits, rng, to: out)
                if l.spaced { out[k] = 0x20; k += 1 }
                writeHeadline()
            default:
                k = g.expand(message, &bits, rng, to: out)
                out[k] = 0x20; k += 1
                writeHeadline()
            }
            return k
        }
    }
}
