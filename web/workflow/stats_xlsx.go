package workflow

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Workbooks (.xlsx) of the register and the annual report: one sheet per
// table, a title row, a bold header row, numbers as numbers. Written with
// excelize, which gives the styles, widths and the frozen header that
// Excel, WPS and LibreOffice all show alike.

type workbook struct {
	f      *excelize.File
	err    error
	sheets int
	title  int // style ids
	head   int
}

func newWorkbook() *workbook {
	wb := &workbook{f: excelize.NewFile()}
	wb.title, wb.err = wb.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "宋体"}})
	if wb.err == nil {
		wb.head, wb.err = wb.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体"},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}},
			Border: []excelize.Border{{Type: "bottom", Color: "7A8A99", Style: 1}}})
	}
	return wb
}

// sheet adds a sheet: the title in A1, the header in row 2, the rows
// below. Cells are strings, ints or float64s.
func (wb *workbook) sheet(name, title string, header []string, rows [][]any) {
	if wb.err != nil {
		return
	}
	f := wb.f
	if wb.sheets == 0 {
		wb.err = f.SetSheetName("Sheet1", name)
	} else {
		_, wb.err = f.NewSheet(name)
	}
	wb.sheets++
	if wb.err != nil {
		return
	}
	set := func(col, row int, v any) {
		if wb.err != nil {
			return
		}
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			wb.err = err
			return
		}
		wb.err = f.SetCellValue(name, cell, v)
	}
	set(1, 1, title)
	wb.style(name, 1, 1, 1, wb.title)
	for i, h := range header {
		set(i+1, 2, h)
	}
	wb.style(name, 2, 1, len(header), wb.head)
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = displayWidth(h)
	}
	for r, row := range rows {
		for c, v := range row {
			set(c+1, r+3, v)
			if c < len(widths) {
				widths[c] = max(widths[c], displayWidth(fmt.Sprint(v)))
			}
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if wb.err == nil {
			wb.err = f.SetColWidth(name, col, col, float64(min(w, 60)+2))
		}
	}
	if wb.err == nil {
		wb.err = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	}
}

func (wb *workbook) style(sheet string, row, c1, c2, style int) {
	if wb.err != nil {
		return
	}
	a, _ := excelize.CoordinatesToCellName(c1, row)
	b, _ := excelize.CoordinatesToCellName(c2, row)
	wb.err = wb.f.SetCellStyle(sheet, a, b, style)
}

func (wb *workbook) bytes() ([]byte, error) {
	if wb.err != nil {
		return nil, fmt.Errorf("write workbook: %w", wb.err)
	}
	var buf bytes.Buffer
	if err := wb.f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// displayWidth counts a Chinese character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r > 0x2E80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// textCells is a row for CSV.
func textCells(row []any) []string {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = fmt.Sprint(v)
	}
	return out
}
