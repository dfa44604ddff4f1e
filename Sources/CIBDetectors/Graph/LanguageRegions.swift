/// Where each language is mainly spoken: the built-in prior of audience-mismatch's language → country affinity,
/// used when a dataset has few writers of a language (ISO 639-1 → ISO 3166-1 alpha-2; countries where the language
/// is official or spoken by a large share of the population, after the CIA World Factbook's language field).
enum LanguageRegions {
    static let homeCountries: [String: [String]] = [
        "en": ["US", "GB", "AU", "CA", "NZ", "IE", "SG", "IN", "PH", "ZA", "NG", "KE", "PK", "MY", "HK"],
        "zh": ["CN", "TW", "HK", "MO", "SG", "MY"],
        "ja": ["JP"],
        "ko": ["KR", "KP"],
        "vi": ["VN"],
        "th": ["TH"],
        "id": ["ID"],
        "ms": ["MY", "BN", "SG"],
        "tl": ["PH"],
        "hi": ["IN"],
        "bn": ["BD", "IN"],
        "ur": ["PK", "IN"],
        "ar": ["SA", "EG", "AE", "IQ", "JO", "MA", "DZ", "QA", "KW", "LB", "SY", "TN", "OM", "YE", "LY", "BH", "SD"],
        "fa": ["IR", "AF"],
        "tr": ["TR", "CY"],
        "ru": ["RU", "BY", "KZ", "KG", "UA"],
        "uk": ["UA"],
        "pl": ["PL"],
        "de": ["DE", "AT", "CH", "LI", "LU"],
        "fr": ["FR", "BE", "CH", "CA", "LU", "MC", "SN", "CI"],
        "es": ["ES", "MX", "AR", "CO", "PE", "VE", "CL", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "US"],
        "pt": ["BR", "PT", "AO", "MZ"],
        "it": ["IT", "CH", "SM"],
        "nl": ["NL", "BE", "SR"],
    ]

    /// `prior[c]` for each country of `countries`: uniform over the language's home countries present in the
    /// dataset, or over every country when the language is unknown or none of its home countries is present.
    static func prior(language: String, countries: [String]) -> [Double] {
        var prior = [Double](repeating: 0, count: countries.count)
        guard !countries.isEmpty else { return prior }
        let home = Set(homeCountries[language.lowercased()] ?? [])
        let present = countries.indices.filter { home.contains(countries[$0].uppercased()) }
        if present.isEmpty {
            for c in prior.indices { prior[c] = 1 / Double(countries.count) }
        } else {
            for c in present { prior[c] = 1 / Double(present.count) }
        }
        return prior
    }
}
