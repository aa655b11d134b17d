/// Small pieces many pages hand to their templates.

/// One choice of a `<select>` or a set of radio buttons.
struct ChoiceOption: Encodable, Equatable {
    var value: String
    var label: String
    var selected: Bool
}

/// A link: its text and where it goes.
struct PageLink: Encodable, Equatable {
    var text: String
    var href: String
}
