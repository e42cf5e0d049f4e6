package review

import (
	"sort"
	"strings"

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

// headerCell finds, for a sentence that is a table row below the table's
// first row, the row's cell in the column whose header cell matches label,
// when the header row also holds topic (a lease table's 租赁期限 column: a
// row's 三十年 says nothing of a lease without it). It returns the cell's
// byte offsets in u.text. A row whose cells do not line up with the
// header's is not read.
func (d *doc) headerCell(u unit, label *lazyRegexp, topic string) (lo, hi int, ok bool) {
	i := sort.Search(len(d.rows), func(i int) bool { return d.rows[i].end > u.start })
	if i == len(d.rows) || d.rows[i].start > u.start || u.end > d.rows[i].end {
		return 0, 0, false
	}
	// The table's first row: walk back over rows separated by line breaks only.
	j := i
	for j > 0 && strings.TrimSpace(string(d.runes[d.rows[j-1].end:d.rows[j].start])) == "" {
		j--
	}
	if j == i {
		return 0, 0, false
	}
	header := string(d.runes[d.rows[j].start:d.rows[j].end])
	if !strings.Contains(header, topic) {
		return 0, 0, false
	}
	hcells := strings.Split(header, "\n")
	cells := strings.Split(u.text, "\n")
	if len(cells) != len(hcells) {
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
