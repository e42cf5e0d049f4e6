package workflow

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"lawreview/corpus/docx"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// The annual report (issue 16): "XX司法所（司法局）XXXX年度合法性审查工作
// 情况", the statistics of one year written as a 公文 in the house style
// (corpus/docx, GB/T 9704 like the opinion) with its tables and a short
// summary of the main kinds of problems generated from the figures; and
// the same tables as a workbook, one sheet each.

// ReportQuery chooses the year and, optionally, one office.
type ReportQuery struct {
	Year   string `form:"year"`
	Office string `form:"office"`
}

// Report is the annual report's content: its title, the paragraphs of
// each section and its tables.
type Report struct {
	Title    string
	Unit     string
	Year     int
	Sections []ReportSection
	Stats    *Stats
}

// ReportSection is one 一、… section: paragraphs, then tables.
type ReportSection struct {
	Heading    string
	Paragraphs []string
	Tables     []ReportTable
}

// ReportTable is one numbered table.
type ReportTable struct {
	Caption string
	Sheet   string // the workbook's sheet name (31 characters at most)
	Header  []string
	Rows    [][]any
}

// AnnualReport computes the report of a year for the user's offices.
func (s *Service) AnnualReport(ctx context.Context, u *storage.User, q ReportQuery) (*Report, error) {
	year := q.Year
	if year == "" {
		year = fmt.Sprint(s.Today().Year())
	}
	st, err := s.Statistics(ctx, u, StatsQuery{Year: year, Office: q.Office})
	if err != nil {
		return nil, err
	}
	r := &Report{Unit: st.Unit, Year: st.Filter.From.Year(), Stats: st}
	r.Title = fmt.Sprintf("%s%d年度合法性审查工作情况", r.Unit, r.Year)
	r.Sections = reportSections(st)
	return r, nil
}

func pct(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(a)*100/float64(b))
}

func reportSections(st *Stats) []ReportSection {
	var out []ReportSection
	conc := map[decision.Conclusion]int{}
	for _, c := range st.Conclusions {
		conc[c.Conclusion] = c.Opinions.N
	}
	overall := fmt.Sprintf("%s，%s共收到各镇（街道）报送审查的草案%d件，完成审查%d件，出具合法性审查意见书%d份。其中，结论为合法的%d份、修改后合法的%d份、不合法的%d份、退回补正的%d份；草案修改后重新报送的%d件。",
		st.Filter.PeriodLabel(), st.Unit, st.Received.N, st.Reviewed.N, st.Opinions.N,
		conc[decision.ConclusionLawful], conc[decision.ConclusionAmended], conc[decision.ConclusionUnlawful], conc[decision.ConclusionReturned], st.Revised.N)
	covered := 0
	for _, row := range st.Matrix {
		if row.Total.Received.N > 0 {
			covered++
		}
	}
	cover := fmt.Sprintf("辖区%d个镇（街道）中，%d个本年度报送了草案。", len(st.Matrix), covered)
	out = append(out, ReportSection{Heading: "总体情况", Paragraphs: []string{overall, cover}})

	// By township and type.
	head := []string{"镇（街道）"}
	head = append(head, st.Types...)
	head = append(head, "收文合计", "完成审查", "意见书")
	var rows [][]any
	for _, row := range append(append([]MatrixRow{}, st.Matrix...), st.Totals) {
		cells := []any{row.Township}
		for _, c := range row.Cells {
			cells = append(cells, c.Received.N)
		}
		cells = append(cells, row.Total.Received.N, row.Total.Reviewed.N, row.Total.Opinions.N)
		rows = append(rows, cells)
	}
	var months [][]any
	for _, m := range st.Months {
		months = append(months, []any{m.Label, m.Received.N, m.Opinions.N})
	}
	out = append(out, ReportSection{Heading: "分镇（街道）、分类型和分月份情况",
		Paragraphs: []string{"各镇（街道）报送草案的数量按文件类型列于表1（单位：件；“意见书”为出具的审查意见书份数，同一草案修改后再次审查的分别计算），各月收文和出具意见书的数量列于表2。"},
		Tables: []ReportTable{
			{Caption: "表1 各镇（街道）报送草案情况", Sheet: "镇街与类型", Header: head, Rows: rows},
			{Caption: "表2 各月收文和出具意见书情况", Sheet: "按月", Header: []string{"月份", "收到草案（件）", "出具意见书（份）"}, Rows: months},
		}})

	var concRows [][]any
	for _, c := range st.Conclusions {
		concRows = append(concRows, []any{c.Conclusion.Label(), c.Opinions.N, pct(c.Opinions.N, st.Opinions.N)})
	}
	concRows = append(concRows, []any{"合计", st.Opinions.N, pct(st.Opinions.N, st.Opinions.N)})
	out = append(out, ReportSection{Heading: "审查结论",
		Paragraphs: []string{fmt.Sprintf("出具的%d份审查意见书中，认为草案须修改或不予通过（修改后合法、不合法、退回补正）的%d份，占%s。",
			st.Opinions.N, conc[decision.ConclusionAmended]+conc[decision.ConclusionUnlawful]+conc[decision.ConclusionReturned],
			pct(conc[decision.ConclusionAmended]+conc[decision.ConclusionUnlawful]+conc[decision.ConclusionReturned], st.Opinions.N))},
		Tables: []ReportTable{{Caption: "表3 审查结论", Sheet: "审查结论", Header: []string{"审查结论", "意见书（份）", "占比"}, Rows: concRows}}})

	tl := st.Timeliness
	var timing []string
	if tl.HasMedian {
		timing = append(timing, fmt.Sprintf("从收到送审稿到签发审查意见书，用时中位数为%.1f天。", tl.MedianDays))
	}
	timing = append(timing, fmt.Sprintf("注明审议会议日期的%d份意见书中，%d份在会议召开前签发，占%s。", tl.WithMeeting.N, tl.BeforeMeeting.N, pct(tl.BeforeMeeting.N, tl.WithMeeting.N)))
	late := fmt.Sprintf("报送时注明审议会议日期的草案%d件，其中%d件距会议不足%d个工作日才报送，占%s", tl.ReceivedWithMeeting.N, tl.Late.N, tl.LateDays, pct(tl.Late.N, tl.ReceivedWithMeeting.N))
	var lateTowns []string
	for _, t := range st.ByTownship {
		if t.Late.N > 0 {
			lateTowns = append(lateTowns, fmt.Sprintf("%s%d件", t.Township, t.Late.N))
		}
	}
	if len(lateTowns) > 0 {
		late += "，分别为" + strings.Join(lateTowns, "、")
	}
	timing = append(timing, late+"。"+holidayNote(st))
	var tlRows [][]any
	for _, t := range st.ByTownship {
		med := "—"
		if t.HasMedian {
			med = fmt.Sprintf("%.1f", t.MedianDays)
		}
		tlRows = append(tlRows, []any{t.Township, t.Signed.N, med, t.BeforeMeeting.N, t.WithMeeting.N, t.Late.N, t.ReceivedWithMeeting.N})
	}
	out = append(out, ReportSection{Heading: "审查时效", Paragraphs: timing,
		Tables: []ReportTable{{Caption: "表4 各镇（街道）审查时效", Sheet: "审查时效",
			Header: []string{"镇（街道）", "意见书（份）", "用时中位数（天）", "会前签发（份）", "注明会议日期的意见书（份）", fmt.Sprintf("不足%d个工作日报送（件）", tl.LateDays), "注明会议日期的草案（件）"},
			Rows:   tlRows}}})

	var ruleRows [][]any
	for i, r := range st.Rules {
		if i == reportRules {
			break
		}
		ruleRows = append(ruleRows, []any{r.Title, r.Item, r.Accepted.N, r.Dismissed.N})
	}
	var itemRows [][]any
	for _, it := range st.Items {
		itemRows = append(itemRows, []any{it.Item, it.Accepted.N, it.Dismissed.N, it.Open.N, it.Manual.N})
	}
	var recRows [][]any
	for _, t := range st.Recurring {
		var ps []string
		for _, p := range t.Problems {
			ps = append(ps, fmt.Sprintf("%s（%d次）", p.Title, p.Accepted.N))
		}
		recRows = append(recRows, []any{t.Township, strings.Join(ps, "；")})
	}
	out = append(out, ReportSection{Heading: "发现的主要问题", Paragraphs: problemSummary(st),
		Tables: []ReportTable{
			{Caption: "表5 各审查事项发现的问题", Sheet: "审查事项", Header: []string{"审查事项", "采纳（项）", "不采纳（项）", "签发时未处理（项）", "审查人添加（项）"}, Rows: itemRows},
			{Caption: fmt.Sprintf("表6 采纳较多的问题（前%d类）", reportRules), Sheet: "主要问题", Header: []string{"问题", "审查事项", "采纳（项）", "不采纳（项）"}, Rows: ruleRows},
			{Caption: "表7 各镇（街道）反复出现的问题", Sheet: "反复出现的问题", Header: []string{"镇（街道）", "采纳次数最多的问题"}, Rows: recRows},
		}})
	return out
}

// reportRules is how many problems table 6 lists.
const reportRules = 10

func holidayNote(st *Stats) string {
	var years []string
	for _, y := range st.HolidayYears {
		years = append(years, fmt.Sprint(y))
	}
	note := "工作日按国务院办公厅公布的" + strings.Join(years, "年、") + "年节假日安排计算"
	if len(st.UncoveredYears) > 0 {
		var un []string
		for _, y := range st.UncoveredYears {
			un = append(un, fmt.Sprint(y))
		}
		note += "；" + strings.Join(un, "年、") + "年的法定节假日尚未收录，只扣除了周末"
	}
	return note + "。"
}

var cnOrdinals = []string{"一", "二", "三", "四", "五"}

// problemSummary is the short summary of the main kinds of problems: the
// checklist items with the most accepted findings, the problems most
// accepted under each, and what reviewers found that the rules did not.
func problemSummary(st *Stats) []string {
	accepted := st.Accepted.N + st.Manual.N
	if st.Findings.N+st.Manual.N == 0 {
		return []string{"本期已签发的审查中没有记录问题。"}
	}
	first := fmt.Sprintf("本期已签发的审查共提示问题%d项，审查人采纳%d项、不采纳%d项，另自行提出%d项。", st.Findings.N, st.Accepted.N, st.Dismissed.N, st.Manual.N)
	var kinds []string
	for _, it := range st.Items {
		n := it.Accepted.N + it.Manual.N
		if n == 0 || len(kinds) == len(cnOrdinals) || len(kinds) == 3 {
			break
		}
		k := fmt.Sprintf("%s是%s方面的问题，共%d项，占采纳问题的%s", cnOrdinals[len(kinds)], it.Item, n, pct(n, accepted))
		var titles []string
		for _, r := range st.Rules {
			if r.Item == it.Item && r.Accepted.N > 0 && len(titles) < 2 {
				titles = append(titles, fmt.Sprintf("%s（%d项）", r.Title, r.Accepted.N))
			}
		}
		if len(titles) > 0 {
			k += "，主要是" + strings.Join(titles, "、")
		}
		kinds = append(kinds, k)
	}
	out := []string{first}
	if len(kinds) > 0 {
		out = append(out, "采纳的问题主要集中在以下方面："+strings.Join(kinds, "；")+"。")
	}
	if st.Manual.N > 0 {
		var items []string
		for _, it := range st.Items {
			if it.Manual.N > 0 && len(items) < 3 {
				items = append(items, fmt.Sprintf("%s（%d项）", it.Item, it.Manual.N))
			}
		}
		out = append(out, "审查人在系统提示之外另行提出的问题，涉及"+strings.Join(items, "、")+"，可作为完善审查规则的参考。")
	}
	return out
}

// ReportFile is the annual report as .docx or .xlsx.
func (s *Service) ReportFile(ctx context.Context, u *storage.User, q ReportQuery, format string) (*File, error) {
	r, err := s.AnnualReport(ctx, u, q)
	if err != nil {
		return nil, err
	}
	var f *File
	switch format {
	case "docx":
		data, err := r.DOCX(s.now())
		if err != nil {
			return nil, err
		}
		f = &File{Name: r.Title + ".docx", ASCIIName: fmt.Sprintf("report-%d.docx", r.Year), ContentType: DocxContentType, Data: data}
	case "xlsx":
		data, err := r.XLSX()
		if err != nil {
			return nil, err
		}
		f = &File{Name: r.Title + ".xlsx", ASCIIName: fmt.Sprintf("report-%d.xlsx", r.Year), ContentType: XLSXContentType, Data: data}
	default:
		return nil, fail(Invalid, "年度报告的格式应为 docx 或 xlsx")
	}
	s.audit(ctx, u, storage.AuditReportDownload, fmt.Sprintf("report:%d", r.Year), format)
	return f, nil
}

// XLSX is the report's tables, one sheet each, after a sheet of the
// overall figures.
func (r *Report) XLSX() ([]byte, error) {
	wb := newWorkbook()
	st := r.Stats
	overall := [][]any{
		{"收到草案（件）", st.Received.N}, {"完成审查（件）", st.Reviewed.N}, {"出具意见书（份）", st.Opinions.N},
		{"修改后重新报送（件）", st.Revised.N}, {"审查发现问题（项）", st.Findings.N}, {"其中采纳（项）", st.Accepted.N},
		{"其中不采纳（项）", st.Dismissed.N}, {"审查人添加的问题（项）", st.Manual.N},
	}
	if st.Timeliness.HasMedian {
		// One decimal, as the page and the report's text give it.
		overall = append(overall, []any{"签发用时中位数（天）", math.Round(st.Timeliness.MedianDays*10) / 10})
	}
	wb.sheet("总体情况", r.Title, []string{"项目", "数量"}, overall)
	for _, sec := range r.Sections {
		for _, t := range sec.Tables {
			wb.sheet(t.Sheet, t.Caption, t.Header, t.Rows)
		}
	}
	return wb.bytes()
}

// DOCX writes the report as a Word document in the house style: title,
// sections under 一、 headings, tables with their captions, and the
// unit and the date at the end.
func (r *Report) DOCX(date time.Time) ([]byte, error) {
	var b strings.Builder
	para := func(style, text string) {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>` + docx.RunXML("", text) + `</w:p>`)
	}
	para("Title", r.Title)
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr></w:p>`)
	for i, sec := range r.Sections {
		para("Heading1", r.Heading(i))
		for _, p := range sec.Paragraphs {
			para("BodyText", p)
		}
		for _, t := range sec.Tables {
			b.WriteString(tableXML(t))
		}
	}
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr></w:p>`)
	para("Signature", r.Unit)
	para("Signature", opinion.DateCN(date))
	data, err := docx.Assemble(docx.Doc{Title: r.Title, Creator: r.Unit, Time: date, Body: b.String()})
	if err != nil {
		return nil, fmt.Errorf("write annual report: %w", err)
	}
	return data, nil
}

// Heading is the i-th section's (from 0) heading as the report prints it:
// 一、收文和审查情况.
func (r *Report) Heading(i int) string { return cnNumeral(i+1) + "、" + r.Sections[i].Heading }

// cnNumeral writes 1..10 for section headings.
func cnNumeral(n int) string {
	ns := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n <= len(ns) {
		return ns[n-1]
	}
	return fmt.Sprint(n)
}

// Table cells are 仿宋 小四 (12 pt) without the body's condensing, on
// single lines of exact height, so that a table of a dozen townships
// keeps to one page; the caption is 黑体, centred, above the table.
const (
	cellRPr  = `<w:spacing w:val="0"/><w:sz w:val="24"/><w:szCs w:val="24"/>`
	cellPPr  = `<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="320" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`
	headRPr  = `<w:rFonts w:eastAsia="` + docx.FontHeading1 + `"/>` + cellRPr
	tblPr    = `<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>` + tblEdges + `</w:tblBorders><w:tblLayout w:type="autofit"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr>`
	tblEdges = `<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
)

func tableXML(t ReportTable) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:keepNext/><w:spacing w:before="160"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
		docx.RunXML(`<w:rFonts w:eastAsia="`+docx.FontHeading1+`"/><w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>`, t.Caption) + `</w:p>`)
	b.WriteString(`<w:tbl>` + tblPr + `<w:tblGrid>`)
	w := docx.Page.TextWidth() / max(1, len(t.Header))
	for range t.Header {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []any, rpr string, header bool) {
		b.WriteString(`<w:tr>`)
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for _, c := range cells {
			b.WriteString(`<w:tc><w:tcPr><w:vAlign w:val="center"/></w:tcPr><w:p>` + cellPPr + docx.RunXML(rpr, fmt.Sprint(c)) + `</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = h
	}
	row(head, headRPr, true)
	if len(t.Rows) == 0 {
		empty := make([]any, len(t.Header))
		for i := range empty {
			empty[i] = "—"
		}
		row(empty, cellRPr, false)
	}
	for _, r := range t.Rows {
		row(r, cellRPr, false)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}
