package workflow

import (
	"context"
	"path/filepath"
	"strings"

	"lawreview/corpus/extract"
	"lawreview/web/storage"
)

// Cell is one cell of a table row of a draft, in rune offsets into the
// review's text.
type Cell struct{ Start, End int }

// TableRow is one row of a table of a draft: Start and End cover its
// cells and the line breaks that join them to each other and to the text
// around the table, which the review's text holds one cell per line.
type TableRow struct {
	Start, End int
	Cells      []Cell
}

// TableRows gives the table rows of the file of the review's version, so
// that the review page shows a 奖惩 table as rows — the misconduct beside
// its sanction — and not as a column of lines. The file is extracted again
// (the database keeps the text only), once per version: a .docx, .md or
// .txt takes milliseconds, while a .doc or .wps would need LibreOffice and
// a PDF has no tables the extractor knows, so those get none. None either
// when the text extracted now is not the review's (the extractor changed
// since the upload) or when the rows do not follow one another (a table
// nested in a cell): the page then shows the text as it always did.
func (s *Service) TableRows(ctx context.Context, r *storage.Review) []TableRow {
	if rows, ok := s.tables.Get(r.VersionID); ok {
		return rows
	}
	v, err := s.Store.Version(ctx, r.VersionID)
	if err != nil {
		return nil
	}
	var rows []TableRow
	switch strings.ToLower(filepath.Ext(v.FileName)) {
	case ".docx", ".md", ".txt":
		// Extraction shares the slots of uploads and reviews, and a page
		// view takes one only if it is free at once: under load the page
		// shows the text one cell per line rather than wait, and the rows
		// come with a later view.
		ps, ok := s.paragraphsIfFree(v, r.Text)
		if !ok {
			return nil
		}
		if ps != nil {
			rows = TableRowsOf(ps, r.Text)
		}
	}
	s.tables.Put(r.VersionID, rows)
	return rows
}

// paragraphsIfFree is paragraphsOf in a slot of the extraction work if
// one is free at once; ok is false when none is.
func (s *Service) paragraphsIfFree(v *storage.Version, text string) (ps []extract.Paragraph, ok bool) {
	release, ok := s.heavyIfFree()
	if !ok {
		return nil, false
	}
	defer release()
	return s.paragraphsOf(v, text), true
}

// TableRowsOf groups the table-cell paragraphs of text into rows; nil unless every
// row's paragraphs are consecutive with cells in order. A row takes in
// the line breaks just before and after it, which the page does not show.
func TableRowsOf(ps []extract.Paragraph, s string) []TableRow {
	text := []rune(s)
	var rows []TableRow
	seen := map[int]bool{}
	cur, col := 0, 0 // the row and cell being filled; cur is 0 outside a table
	for _, p := range ps {
		if p.Kind != extract.KindTableCell || p.Row == 0 {
			cur = 0
			continue
		}
		if p.Start < 0 || p.End > len(text) || p.Start > p.End || p.Col < 1 {
			return nil
		}
		if p.Row != cur {
			if seen[p.Row] {
				return nil // a row resumed after another: nested tables
			}
			seen[p.Row] = true
			cur, col = p.Row, 0
			rows = append(rows, TableRow{Start: p.Start})
		}
		row := &rows[len(rows)-1]
		switch {
		case p.Col == col:
			row.Cells[len(row.Cells)-1].End = p.End // a cell of several lines
		case p.Col > col:
			row.Cells = append(row.Cells, Cell{Start: p.Start, End: p.End})
			col = p.Col
		default:
			return nil
		}
		row.End = p.End
	}
	for i := range rows {
		r := &rows[i]
		if r.Start > 0 && text[r.Start-1] == '\n' && (i == 0 || rows[i-1].End < r.Start) {
			r.Start--
		}
		if r.End < len(text) && text[r.End] == '\n' {
			r.End++
		}
	}
	return rows
}

// tableRowsMax bounds the versions whose rows are remembered.
const tableRowsMax = 1024
