package workflow

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"lawreview/corpus/extract"
)

func TestTableRowsOf(t *testing.T) {
	md := "# 红星村村规民约\n\n违反本村规民约的，按下表执行：\n\n| 违规行为 | 处理方式 |\n|---|---|\n| 乱倒垃圾 | 批评教育 |\n| 焚烧秸秆 | 报镇政府依法处理 |\n\n本村规民约自通过之日起施行。\n"
	xd, err := ExtractDraft("a.md", []byte(md), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	rows := TableRowsOf(xd.Paragraphs, xd.Text)
	text := []rune(xd.Text)
	var cells [][]string
	for i, r := range rows {
		follows := i > 0 && r.Start == rows[i-1].End
		if r.Start > 0 && !follows && text[r.Start] != '\n' || r.End < len(text) && text[r.End-1] != '\n' {
			t.Errorf("row %q does not take in the line breaks around it", string(text[r.Start:r.End]))
		}
		var row []string
		for _, c := range r.Cells {
			row = append(row, string(text[c.Start:c.End]))
		}
		cells = append(cells, row)
	}
	want := [][]string{{"违规行为", "处理方式"}, {"乱倒垃圾", "批评教育"}, {"焚烧秸秆", "报镇政府依法处理"}}
	if !reflect.DeepEqual(cells, want) {
		t.Errorf("cells %q, want %q", cells, want)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Start < rows[i-1].End {
			t.Errorf("row %d starts at %d, inside row %d (ends %d)", i, rows[i].Start, i-1, rows[i-1].End)
		}
	}

	// Rows that do not follow one another (a table nested in a cell) or
	// cells out of order: the page shows the text as it is.
	cell := func(row, col, start, end int) extract.Paragraph {
		return extract.Paragraph{Kind: extract.KindTableCell, Row: row, Col: col, Start: start, End: end}
	}
	s := "甲\n乙\n丙\n丁"
	for name, ps := range map[string][]extract.Paragraph{
		"row resumed":             {cell(1, 1, 0, 1), cell(2, 1, 2, 3), cell(1, 2, 4, 5)},
		"cells out of order":      {cell(1, 2, 0, 1), cell(1, 1, 2, 3)},
		"offsets off the text":    {cell(1, 1, 0, 99)},
		"a cell without a column": {cell(1, 0, 0, 1)},
	} {
		if rows := TableRowsOf(ps, s); rows != nil {
			t.Errorf("%s: rows %v, want none", name, rows)
		}
	}
	// A cell of several lines is one cell.
	if rows := TableRowsOf([]extract.Paragraph{cell(1, 1, 0, 1), cell(1, 1, 2, 3), cell(1, 2, 4, 5)}, s); len(rows) != 1 || len(rows[0].Cells) != 2 || rows[0].Cells[0] != (Cell{0, 3}) {
		t.Errorf("multi-line cell: rows %v", rows)
	}
}

// TestTableRowsOfUpload: the review page's rows come from the stored file,
// once per version; a view finding every extraction slot taken shows the
// text as it is and does not remember that, so a later view has the rows.
func TestTableRowsOfUpload(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	md := "# 红星村村规民约\n\n违反本村规民约的，按下表执行：\n\n| 违规行为 | 处理方式 |\n|---|---|\n| 乱倒垃圾 | 罚款200元 |\n"
	up, err := env.s.Upload(ctx, env.clerk, UploadInput{Type: "村规民约", MeetingDate: "2030-01-01", FileName: "规约.md", File: strings.NewReader(md)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := env.st.Review(ctx, up.ReviewID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < cap(env.s.heavySlots); i++ {
		env.s.heavySlots <- struct{}{}
	}
	if rows := env.s.TableRows(ctx, r); rows != nil {
		t.Errorf("every slot taken: rows %v, want none", rows)
	}
	for i := 0; i < cap(env.s.heavySlots); i++ {
		<-env.s.heavySlots
	}
	rows := env.s.TableRows(ctx, r)
	if len(rows) != 2 || len(rows[1].Cells) != 2 {
		t.Fatalf("rows %v, want the header and one row of two cells", rows)
	}
	text := []rune(r.Text)
	if c := rows[1].Cells[1]; string(text[c.Start:c.End]) != "罚款200元" {
		t.Errorf("second row's sanction cell %q", string(text[c.Start:c.End]))
	}
	if len(env.s.heavySlots) != 0 {
		t.Errorf("%d extraction slots left taken", len(env.s.heavySlots))
	}
}
