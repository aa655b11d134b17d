/// A table as its container holds it — a Word `w:tbl`, an HTML `<table>`, an xlsx sheet — laid
/// out on one grid with its merged cells resolved, then written as the lines the parser reads.
///
/// Every container feeds this one model, so merged cells mean the same thing whatever the file:
/// a cell merged downwards (`vMerge`, `rowspan`, an xlsx range over several rows) repeats its
/// text in each row it covers, so a row under a merged 牵头领导 or 序号 cell carries that value
/// (and rows repeating a project's 序号 are read as sub-rows of one project); a cell merged
/// across (`gridSpan`, `colspan`) fills its first column and leaves the others empty, so every
/// row keeps the header's column positions. ``TableLayout`` then reads the lines by their header
/// row, the same way it reads a table flattened into text (`|`, tabs, runs of spaces).
struct TableGrid {
    /// One cell as the container states it.
    struct Cell {
        var text: String
        /// Columns the cell covers (`gridSpan`, `colspan`), at least 1.
        var columns: Int = 1
        /// Rows the cell covers (`rowspan`), at least 1; 0 in HTML means "to the end of the table".
        var rows: Int = 1
        /// Word's `<w:vMerge/>` without `restart`: the cell continues the one above.
        var continuesAbove = false
    }

    /// Grid text, row by row; nil where no cell was placed.
    private(set) var grid: [[String?]] = []
    /// Cells still covered by a `rowspan` from above, by column: (rows left, text).
    private var pendingDown: [Int: (rows: Int, text: String)] = [:]

    /// Spans are clamped so that a damaged or hostile file cannot make the grid huge.
    static let maximumColumns = 256
    static let maximumSpan = 1000

    /// Adds a row of cells, placing each after the columns taken by spans from above.
    mutating func addRow(_ cells: [Cell]) {
        let r = grid.count
        var row: [String?] = []
        func fillPendingDown() {
            while let pending = pendingDown[row.count], row.count < Self.maximumColumns {
                row.append(pending.text)
                pendingDown[row.count - 1] = pending.rows > 1 ? (pending.rows - 1, pending.text) : nil
            }
        }
        for cell in cells {
            fillPendingDown()
            guard row.count < Self.maximumColumns else { break }
            let span = max(1, min(cell.columns, Self.maximumColumns - row.count))
            var text = cell.text
            if cell.continuesAbove, r > 0, grid[r - 1].indices.contains(row.count) {
                text = grid[r - 1][row.count] ?? ""
            }
            let start = row.count
            row.append(text)
            if span > 1 { row += Array(repeating: "", count: span - 1) }
            let down = cell.rows == 0 ? Self.maximumSpan : min(cell.rows, Self.maximumSpan)
            if down > 1 {
                for k in 0..<span { pendingDown[start + k] = (down - 1, k == 0 ? text : "") }
            }
        }
        fillPendingDown()
        grid.append(row)
    }

    /// Repeats the text of the top-left cell of a merged range over its rows (first column) and
    /// empties the rest of the range: the xlsx form, where merges are listed apart from the cells.
    /// Rows and columns are 0-based; the range is clamped to the grid.
    mutating func merge(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        guard rows.lowerBound < grid.count, rows.lowerBound >= 0, columns.lowerBound >= 0,
              columns.lowerBound < Self.maximumColumns else { return }
        let lastRow = min(rows.upperBound, grid.count - 1, rows.lowerBound + Self.maximumSpan)
        let lastColumn = min(columns.upperBound, Self.maximumColumns - 1)
        let top = grid[rows.lowerBound]
        let text = top.indices.contains(columns.lowerBound) ? top[columns.lowerBound] ?? "" : ""
        for r in rows.lowerBound...lastRow {
            for c in columns.lowerBound...lastColumn {
                while grid[r].count <= c { grid[r].append(nil) }
                if c == columns.lowerBound {
                    if r > rows.lowerBound { grid[r][c] = text }
                } else {
                    grid[r][c] = ""
                }
            }
        }
    }

    /// Sets one cell (xlsx cells come with their own positions).
    mutating func set(row: Int, column: Int, text: String) {
        guard row >= 0, column >= 0, column < Self.maximumColumns else { return }
        while grid.count <= row { grid.append([]) }
        while grid[row].count <= column { grid[row].append(nil) }
        grid[row][column] = text
    }

    /// The rows as text lines: cells joined by ` | `; a row with a single filled cell (a title, a
    /// category heading 一、教育(5件) merged across the table, a note) as that text alone; empty
    /// rows left out. Line breaks inside a cell become spaces.
    ///
    /// With `padded`, rows are as wide as the widest: a sheet leaves out a row's trailing empty
    /// cells, which must still count for the columns to line up with the header.
    func lines(padded: Bool = false) -> [String] {
        var out: [String] = []
        let width = padded ? grid.map(\.count).max() ?? 0 : 0
        for row in grid {
            var cells = row.map { Self.clean($0 ?? "") }
            if cells.count < width { cells += Array(repeating: "", count: width - cells.count) }
            let filled = cells.filter { !$0.isEmpty }
            if filled.isEmpty { continue }
            if filled.count == 1 {
                out.append(filled[0])
                continue
            }
            out.append(cells.joined(separator: " | "))
        }
        return out
    }

    /// A cell's text on one line; a `|` inside a cell would split it, so it becomes `/`.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for s in text.unicodeScalars {
            switch s {
            case "\n", "\r", "\t", " ", "\u{A0}", "\u{3000}":
                space = !out.isEmpty
            default:
                if space { out.append(" "); space = false }
                out.append(s == "|" ? "/" : s)
            }
        }
        return String(out)
    }
}
