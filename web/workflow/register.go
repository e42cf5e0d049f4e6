package workflow

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// The 文号 register (issue 16): every opinion issued, with its number,
// date, document, township, conclusion and signer; searchable; exported
// as .xlsx and CSV; with the gaps and duplicates of each office's yearly
// sequence shown. A number once issued is never reused (review/opinion's
// numbering contract): an opinion withdrawn when its review was reopened
// stays in the register, marked void.

// RegisterQuery filters the register.
type RegisterQuery struct {
	Year       string `form:"year"` // YYYY; default the current year
	Office     string `form:"office"`
	Township   string `form:"township"`
	Conclusion string `form:"conclusion"`
	Q          string `form:"q"` // words of the number, title, township or signer
}

// EntryStatus is where an issued opinion stands now.
type EntryStatus string

const (
	EntryCurrent    EntryStatus = "current"    // the document's opinion
	EntrySuperseded EntryStatus = "superseded" // a later version of the document was reviewed since
	EntryVoid       EntryStatus = "void"       // its review was reopened and signed anew
)

var entryLabels = map[EntryStatus]string{EntryCurrent: "有效", EntrySuperseded: "已有新版本", EntryVoid: "已作废（重新审查）"}

// Label is the status's name in the register.
func (e EntryStatus) Label() string { return entryLabels[e] }

// RegisterEntry is one issued opinion.
type RegisterEntry struct {
	storage.StatsSignoff
	DocNumber string      `json:"doc_number"` // as printed (opinion.DocNumber)
	Year      int         `json:"year"`       // of the number
	Seq       int         `json:"seq"`        // 0 when the number cannot be read
	Status    EntryStatus `json:"status"`
	Href      string      `json:"href,omitempty"` // the opinion, for those who may read it
}

// NumberGap is a run of numbers of an office's year that no opinion has.
type NumberGap struct {
	Office   string `json:"office"`
	Year     int    `json:"year"`
	From, To int    // inclusive
}

// Label writes the gap: 城关司法所〔2026〕5号, or 5号至7号.
func (g NumberGap) Label() string {
	if g.From == g.To {
		return fmt.Sprintf("%s〔%d〕%d号", g.Office, g.Year, g.From)
	}
	return fmt.Sprintf("%s〔%d〕%d号至%d号", g.Office, g.Year, g.From, g.To)
}

// NumberDuplicate is a number issued more than once.
type NumberDuplicate struct {
	Number  string          `json:"number"`
	Entries []RegisterEntry `json:"entries"`
}

// Register is the register page.
type Register struct {
	Year       int                 `json:"year"`
	Office     int64               `json:"office_id,omitempty"`
	Township   int64               `json:"township_id,omitempty"`
	Conclusion decision.Conclusion `json:"conclusion,omitempty"`
	Q          string              `json:"q,omitempty"`
	Unit       string              `json:"unit"`
	Offices    []storage.Office    `json:"-"`
	Townships  []storage.Township  `json:"-"`
	Entries    []RegisterEntry     `json:"entries"` // the search's
	Total      int                 `json:"total"`   // opinions of the year, before the search
	Gaps       []NumberGap         `json:"gaps"`
	Duplicates []NumberDuplicate   `json:"duplicates"`
	Unread     []RegisterEntry     `json:"unread"` // numbers whose sequence cannot be read
	Counts     map[EntryStatus]int `json:"-"`
}

// numberSeq reads the year and sequence of a 文号 as opinion.Numbering's
// default pattern writes it (城关司法所〔2026〕3号; "〔2026〕第3号" before
// the office was part of it).
var numberSeq = regexp.MustCompile(`〔(\d{4})〕第?(\d+)号\s*$`)

func readNumber(n string) (year, seq int, ok bool) {
	m := numberSeq.FindStringSubmatch(n)
	if m == nil {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(m[1])
	seq, err := strconv.Atoi(m[2])
	return year, seq, err == nil && seq > 0
}

// RegisterOf lists the opinions issued in a year by the user's offices.
func (s *Service) RegisterOf(ctx context.Context, u *storage.User, q RegisterQuery) (*Register, error) {
	scope, err := s.statsOffices(ctx, u)
	if err != nil {
		return nil, err
	}
	year := s.Today().Year()
	if q.Year != "" {
		y, err := strconv.Atoi(q.Year)
		if err != nil || y < 2000 || y > 2100 {
			return nil, fail(Invalid, "年份应为 2000 至 2100 之间的四位数字")
		}
		year = y
	}
	reg := &Register{Year: year, Q: strings.TrimSpace(q.Q), Counts: map[EntryStatus]int{}}
	if utf8.RuneCountInString(reg.Q) > 100 {
		return nil, fail(Invalid, "检索词不超过 100 字")
	}
	if q.Conclusion != "" {
		c := decision.Conclusion(q.Conclusion)
		if !c.Valid() {
			return nil, fail(Invalid, "审查结论无效，可选："+strings.Join(decision.ConclusionLabels(), "、"))
		}
		reg.Conclusion = c
	}
	offices, err := s.Store.ListOffices(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range offices {
		if inScope(scope, o.ID) {
			reg.Offices = append(reg.Offices, o)
		}
	}
	if q.Office != "" && q.Office != "0" {
		id, err := strconv.ParseInt(q.Office, 10, 64)
		if err != nil || !slices.ContainsFunc(reg.Offices, func(o storage.Office) bool { return o.ID == id }) {
			return nil, fail(Invalid, "所选司法所不在您可查看的范围内")
		}
		reg.Office = id
	}
	towns, err := s.Store.ListTownships(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range towns {
		if inScope(scope, t.OfficeID) && (reg.Office == 0 || t.OfficeID == reg.Office) {
			reg.Townships = append(reg.Townships, t)
		}
	}
	if q.Township != "" && q.Township != "0" {
		id, err := strconv.ParseInt(q.Township, 10, 64)
		if err != nil || id <= 0 {
			return nil, fail(Invalid, "镇（街道）参数有误")
		}
		reg.Township = id
	}
	reg.Unit = statsUnit(u, reg.Offices, reg.Office)
	sc := storage.StatsScope{OfficeIDs: scope, From: time.Date(year, 1, 1, 0, 0, 0, 0, time.Local), To: time.Date(year+1, 1, 1, 0, 0, 0, 0, time.Local)}
	if reg.Office != 0 {
		sc.OfficeIDs = []int64{reg.Office}
	}
	sos, err := s.Store.Register(ctx, sc)
	if err != nil {
		return nil, err
	}
	all := make([]RegisterEntry, 0, len(sos))
	for _, so := range sos {
		e := RegisterEntry{StatsSignoff: so, DocNumber: opinion.DocNumber(so.Office, so.Number)}
		e.Year, e.Seq, _ = readNumber(e.DocNumber)
		switch {
		case !so.Current:
			e.Status = EntryVoid
		case !so.Latest:
			e.Status = EntrySuperseded
		default:
			e.Status = EntryCurrent
		}
		if so.Current && u.Role != storage.RoleAdmin {
			e.Href = fmt.Sprintf("/register/%d/opinion", so.ID)
		}
		all = append(all, e)
	}
	reg.Total = len(all)
	reg.Gaps, reg.Duplicates, reg.Unread = numberCheck(all)
	words := strings.Fields(strings.ToLower(reg.Q))
	for _, e := range all {
		if reg.Township != 0 && e.TownshipID != reg.Township || reg.Conclusion != "" && e.Conclusion != reg.Conclusion {
			continue
		}
		hay := strings.ToLower(strings.Join([]string{e.DocNumber, e.Title, e.Type, e.Township, e.Signer, e.Office, e.Conclusion.Label()}, " "))
		if !allIn(hay, words) {
			continue
		}
		reg.Entries = append(reg.Entries, e)
		reg.Counts[e.Status]++
	}
	return reg, nil
}

func allIn(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// numberCheck finds, per office and year, the numbers no opinion has
// between 1 and the highest issued, and the numbers issued twice.
func numberCheck(es []RegisterEntry) (gaps []NumberGap, dups []NumberDuplicate, unread []RegisterEntry) {
	type key struct {
		office string
		year   int
	}
	seqs := map[key]map[int]bool{}
	byNumber := map[string][]RegisterEntry{}
	var order []string
	for _, e := range es {
		if e.Seq == 0 {
			unread = append(unread, e)
			continue
		}
		k := key{e.Office, e.Year}
		if seqs[k] == nil {
			seqs[k] = map[int]bool{}
		}
		seqs[k][e.Seq] = true
		n := fmt.Sprintf("%s〔%d〕%d号", e.Office, e.Year, e.Seq)
		if byNumber[n] == nil {
			order = append(order, n)
		}
		byNumber[n] = append(byNumber[n], e)
	}
	keys := make([]key, 0, len(seqs))
	for k := range seqs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].office != keys[j].office {
			return keys[i].office < keys[j].office
		}
		return keys[i].year < keys[j].year
	})
	for _, k := range keys {
		last := 0
		for n := range seqs[k] {
			last = max(last, n)
		}
		for n := 1; n <= last; n++ {
			if seqs[k][n] {
				continue
			}
			if g := len(gaps); g > 0 && gaps[g-1].Office == k.office && gaps[g-1].Year == k.year && gaps[g-1].To == n-1 {
				gaps[g-1].To = n
				continue
			}
			gaps = append(gaps, NumberGap{Office: k.office, Year: k.year, From: n, To: n})
		}
	}
	for _, n := range order {
		if len(byNumber[n]) > 1 {
			dups = append(dups, NumberDuplicate{Number: n, Entries: byNumber[n]})
		}
	}
	return gaps, dups, unread
}

// registerColumns are the columns of the exports.
var registerColumns = []string{"文号", "签发日期", "文件名称", "文件类型", "镇（街道）", "审查结论", "签发人", "司法所", "状态"}

func (e RegisterEntry) cells() []any {
	return []any{e.DocNumber, e.SignedAt.Local().Format(time.DateOnly), e.Title, e.Type, e.Township, e.Conclusion.Label(), e.Signer, e.Office, e.Status.Label()}
}

// RegisterExport is the register (as searched) as a file: "csv" or
// "xlsx".
func (s *Service) RegisterExport(ctx context.Context, u *storage.User, q RegisterQuery, format string) (*File, error) {
	reg, err := s.RegisterOf(ctx, u, q)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s%d年审查意见书文号登记", reg.Unit, reg.Year)
	var f *File
	switch format {
	case "csv":
		var buf bytes.Buffer
		buf.WriteString("\uFEFF") // Excel reads UTF-8 only after a byte order mark
		w := csv.NewWriter(&buf)
		w.Write(registerColumns)
		for _, e := range reg.Entries {
			w.Write(textCells(e.cells()))
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("write register csv: %w", err)
		}
		f = &File{Name: name + ".csv", ASCIIName: fmt.Sprintf("register-%d.csv", reg.Year), ContentType: "text/csv; charset=utf-8", Data: buf.Bytes()}
	case "xlsx":
		wb := newWorkbook()
		rows := [][]any{}
		for _, e := range reg.Entries {
			rows = append(rows, e.cells())
		}
		wb.sheet("文号登记", name, registerColumns, rows)
		var check [][]any
		for _, g := range reg.Gaps {
			check = append(check, []any{"缺号", g.Label(), ""})
		}
		for _, d := range reg.Duplicates {
			var docs []string
			for _, e := range d.Entries {
				docs = append(docs, e.Title)
			}
			check = append(check, []any{"重号", d.Number, strings.Join(docs, "；")})
		}
		for _, e := range reg.Unread {
			check = append(check, []any{"文号格式无法识别", e.DocNumber, e.Title})
		}
		if len(check) == 0 {
			check = append(check, []any{"无", "文号连续，没有缺号或重号", ""})
		}
		wb.sheet("缺号与重号", name+"：缺号与重号", []string{"情况", "文号", "涉及文件"}, check)
		data, err := wb.bytes()
		if err != nil {
			return nil, err
		}
		f = &File{Name: name + ".xlsx", ASCIIName: fmt.Sprintf("register-%d.xlsx", reg.Year), ContentType: XLSXContentType, Data: data}
	default:
		return nil, fail(Invalid, "导出格式应为 csv 或 xlsx")
	}
	s.audit(ctx, u, storage.AuditRegisterExport, fmt.Sprintf("register:%d", reg.Year), fmt.Sprintf("%s，%d 条", format, len(reg.Entries)))
	return f, nil
}

// XLSXContentType is the type of .xlsx files.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// registerEntry loads one issued opinion the user may read: of an office
// of theirs (not the administrator, who reads no opinions), still valid.
func (s *Service) registerEntry(ctx context.Context, u *storage.User, id int64) (*storage.StatsSignoff, *storage.Document, error) {
	if u.Role == storage.RoleAdmin {
		return nil, nil, ErrForbidden
	}
	scope, err := s.statsOffices(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	so, err := s.Store.RegisterEntry(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !inScope(scope, so.OfficeID) {
		return nil, nil, ErrNotFound
	}
	if !so.Current {
		return nil, nil, fail(NotFound, "该意见书所属审查已重新打开并重新签发，原意见书已作废")
	}
	d, err := s.Store.Document(ctx, so.DocumentID)
	if err != nil {
		return nil, nil, err
	}
	return so, d, nil
}

// registerRound is the signed round a register entry numbers: the review
// and revision this number signed, also when a later version's review has
// been signed since.
func (s *Service) registerRound(ctx context.Context, u *storage.User, id int64) (*Round, error) {
	so, d, err := s.registerEntry(ctx, u, id)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.Review(ctx, so.ReviewID)
	if err != nil {
		return nil, err
	}
	return s.round(ctx, d, r, so.Revision)
}

// RegisterOpinionView is an issued opinion's print view, as kept for its
// round.
func (s *Service) RegisterOpinionView(ctx context.Context, u *storage.User, id int64) ([]byte, *Round, error) {
	rd, err := s.registerRound(ctx, u, id)
	if err != nil {
		return nil, nil, err
	}
	b, _, err := s.output(ctx, rd, storage.OutputOpinionHTML)
	if err != nil {
		return nil, nil, err
	}
	s.audit(ctx, u, storage.AuditOpinionView, rd.auditTarget(), fmt.Sprintf("signoff:%d", id))
	return b, rd, nil
}

// RegisterOpinionFile is an issued opinion as a Word file, the one kept
// for its round.
func (s *Service) RegisterOpinionFile(ctx context.Context, u *storage.User, id int64) (*File, error) {
	rd, err := s.registerRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return s.signedFile(ctx, u, rd, storage.OutputOpinionDocx)
}
