package review

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/extract"
	"lawreview/corpus/segment"
)

// Table rows. A 奖惩 table puts the misconduct in one cell and its sanction
// in the next (乱倒垃圾… | 罚款200元), a contract table the term's label and
// its dates (租赁期限 | 2025年7月1日起至2050年6月30日止); the text has one
// cell per line, so each cell would be a sentence and a rule that needs
// both halves would miss. When the caller passes the extracted paragraphs,
// every table row of two or more cells becomes one sentence for matching.
// Quotes stay inside one cell (see clipToCell): a reviewer's quote is a
// stretch of the draft as written, and the cells of a row are not one.

// maxRowRunes bounds a row read as one sentence: a table used for layout
// (the whole body in one cell beside a seal) is not a 奖惩 row, and joining
// it would let a rule pair words a page apart.
const maxRowRunes = 240

// tableRows returns the spans of the table rows of two or more cells in
// paras, ignoring paragraphs that do not lie in text as given (a caller
// passing the paragraphs of another text loses the rows, nothing else).
func tableRows(runes []rune, paras []extract.Paragraph) []span {
	var rows []span
	cur, cells, lastCol := span{-1, -1}, 0, 0
	row := 0
	flush := func() {
		if cells >= 2 && cur.end-cur.start <= maxRowRunes {
			rows = append(rows, cur)
		}
		cur, cells, lastCol = span{-1, -1}, 0, 0
	}
	for _, p := range paras {
		if p.Kind != extract.KindTableCell || p.Row <= 0 ||
			p.Start < 0 || p.End > len(runes) || p.Start >= p.End || string(runes[p.Start:p.End]) != p.Text {
			flush()
			row = 0
			continue
		}
		if p.Row != row || p.Start < cur.end {
			flush()
			row = p.Row
		}
		if cur.start < 0 {
			cur.start = p.Start
		}
		cur.end = p.End
		if p.Col != lastCol {
			cells++
			lastCol = p.Col
		}
	}
	flush()
	return rows
}

// joinRows makes each table row one sentence: the sentences lying inside
// a row are replaced by the row's span.
func joinRows(runes []rune, sents []segment.Span, rows []span) []segment.Span {
	if len(rows) == 0 {
		return sents
	}
	out := make([]segment.Span, 0, len(sents))
	r := 0
	for i := 0; i < len(sents); {
		for r < len(rows) && rows[r].end <= sents[i].Start {
			r++
		}
		if r < len(rows) && sents[i].Start >= rows[r].start && sents[i].End <= rows[r].end {
			j := i
			for j < len(sents) && sents[j].End <= rows[r].end {
				j++
			}
			st, en := sents[i].Start, sents[j-1].End
			out = append(out, segment.Span{Start: st, End: en, Text: string(runes[st:en])})
			i = j
			r++
			continue
		}
		out = append(out, sents[i])
		i++
	}
	return out
}

// setRows reads the table rows of the extracted paragraphs into the
// document's sentences. It must run before any unit is built.
func (d *doc) setRows(paras []extract.Paragraph) {
	d.rows = tableRows(d.runes, paras)
	d.sents = joinRows(d.runes, d.sents, d.rows)
	d.byScope = nil
}

// clipToCell keeps a quote that crosses cells of a table row to the line
// (cell) holding the end of the match: in a 奖惩 row the sanction comes
// after the misconduct, and in a contract row the value after its label,
// so the last cell the match touches is the offending one.
func (d *doc) clipToCell(q, match span) span {
	i := sort.Search(len(d.rows), func(i int) bool { return d.rows[i].end > q.start })
	if i == len(d.rows) || d.rows[i].start > q.start || q.end > d.rows[i].end {
		return q
	}
	at := max(match.start, match.end-1)
	lo, hi := at, at
	for lo > q.start && d.runes[lo-1] != '\n' {
		lo--
	}
	for hi < q.end && d.runes[hi] != '\n' {
		hi++
	}
	return span{lo, hi}
}

// tableHeader is the first row of the table whose row r is, and whether r
// lies below it: rows separated by line breaks only are one table.
func (d *doc) tableHeader(u unit) (header span, ok bool) {
	i := sort.Search(len(d.rows), func(i int) bool { return d.rows[i].end > u.start })
	if i == len(d.rows) || d.rows[i].start > u.start || u.end > d.rows[i].end {
		return span{}, false
	}
	j := i
	for j > 0 && strings.TrimSpace(string(d.runes[d.rows[j-1].end:d.rows[j].start])) == "" {
		j--
	}
	return d.rows[j], j != i
}

// alignedRow splits a table row below the table's first row, and that
// first row, into their cells; false when u is no such row or its cells
// do not line up with the header's.
func (d *doc) alignedRow(u unit) (hcells, cells []string, ok bool) {
	h, ok := d.tableHeader(u)
	if !ok {
		return nil, nil, false
	}
	hcells = strings.Split(string(d.runes[h.start:h.end]), "\n")
	cells = strings.Split(u.text, "\n")
	return hcells, cells, len(cells) == len(hcells)
}

// headerRow is a table row read with its header (rowWithHeader): each
// cell after its column's header cell, one line a cell.
type headerRow struct {
	u     unit      // the joined text, at offset 0, with no tokens
	cells []rowCell // per column
}

// rowCell places one column of a headerRow: the joined text's runes
// [at, end) are "header：cell", the cell's own text starting at cellAt,
// and the cell lies at [lo, hi) in the document.
type rowCell struct{ at, cellAt, end, lo, hi int }

// rowWithHeader joins a table row below the first row with the header
// cells (奖励对象：纳税超过五百万元的企业\n奖励标准：五十万元). A row is one
// sentence (setRows), yet a 奖惩 or a 证照 table often leaves the kind of
// the thing to the header — the row says 务工证 | 镇人民政府 under 所需证照
// | 发证单位, or 五十万元 under 奖励标准 — so a rule whose elements are the
// kind and the value finds them only with the header. A row whose cells do
// not line up with the header's is not read.
func (d *doc) rowWithHeader(u unit) (headerRow, bool) {
	hcells, cells, ok := d.alignedRow(u)
	if !ok || len(cells) < 2 {
		return headerRow{}, false
	}
	var b strings.Builder
	var hr headerRow
	at, lo := 0, u.start
	for c, cell := range cells {
		if c > 0 {
			b.WriteString("\n")
			at++
		}
		head := strings.TrimSpace(hcells[c])
		b.WriteString(head + "：" + cell)
		n, hn := utf8.RuneCountInString(cell), utf8.RuneCountInString(head)+1
		hr.cells = append(hr.cells, rowCell{at, at + hn, at + hn + n, lo, lo + n})
		at += hn + n
		lo += n + 1
	}
	text := b.String()
	hr.u = unit{start: 0, end: at, text: text}
	return hr, true
}

// toDoc maps a span of the joined text to the document: a position in a
// header part falls at its cell's start. An empty result (the span lies in
// header parts only) is the header's own, not the row's.
func (hr headerRow) toDoc(s span) (span, bool) {
	pos := func(p int, end bool) int {
		for _, c := range hr.cells {
			if p < c.at || p > c.end || end && p == c.at {
				continue
			}
			return c.lo + max(0, p-c.cellAt)
		}
		return -1
	}
	lo, hi := pos(s.start, false), pos(s.end, true)
	if lo < 0 || hi <= lo {
		return span{}, false
	}
	return span{lo, hi}, true
}

// inHeaderRow reports r's first place in a table row read with its header
// (rowWithHeader), when the row alone has none. The place found is mapped
// back to the row's cells, and the rule's negation, neighbours and
// exceptions read the row as it stands.
func (c *reviewCtx) inHeaderRow(r *Rule, u unit) []raw {
	d := c.d
	hr, ok := d.rowWithHeader(u)
	var on []bool
	if !ok {
		// (Round 44f.) A list item is read with its list's heading, by
		// the rules that ask for it and only where the heading completes
		// what the item lacks.
		if hr, on, ok = c.withHeading(r, u); !ok {
			return nil
		}
	}
	v, ok := r.match.findOn(d, hr.u, on)
	if !ok {
		return nil
	}
	s, ok := hr.toDoc(v)
	if !ok || r.Negatable && (d.negatedAt(s.start) || d.deniedAfter(s)) {
		return nil
	}
	jm := unit{start: 0, end: v.end - v.start, text: string([]rune(hr.u.text)[v.start:v.end])}
	c.joined = &jm
	cancelled := c.cancelled(r, u, s)
	c.joined = nil
	if len(r.Near) > 0 && !c.anyAround(r.Near, u, s) || cancelled || d.reported(s) {
		return nil
	}
	q := d.expand(s, r.Quote)
	if q.end <= q.start {
		return nil
	}
	return []raw{{rule: r, s: q, m: s}}
}

// headerCell finds, for a sentence that is a table row below the table's
// first row, the row's cell in the column whose header cell matches label,
// when the header row also holds topic (a lease table's 租赁期限 column: a
// row's 三十年 says nothing of a lease without it). It returns the cell's
// byte offsets in u.text. A row whose cells do not line up with the
// header's is not read.
func (d *doc) headerCell(u unit, label *lazyRegexp, topic string) (lo, hi int, ok bool) {
	hcells, cells, ok := d.alignedRow(u)
	if !ok || !slices.ContainsFunc(hcells, func(h string) bool { return strings.Contains(h, topic) }) {
		return 0, 0, false
	}
	for c, h := range hcells {
		if label.MatchString(h) {
			for _, prev := range cells[:c] {
				lo += len(prev) + 1
			}
			return lo, lo + len(cells[c]), true
		}
	}
	return 0, 0, false
}
