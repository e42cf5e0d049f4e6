// Package opinion renders the 合法性审查意见书 that a township judicial office
// (司法所) sends back to the unit that submitted a draft: as .docx laid out
// after GB/T 9704-2012, as an HTML print view with the same layout, and as
// PDF where Chromium or LibreOffice is installed.
//
// # Numbering storage contract
//
// Numbering only formats a 文号; allocating the sequence number is the
// caller's (the web's) job, and it must keep these promises:
//
//   - Sequence numbers are per office and per calendar year (the year of
//     Opinion.Signed): the first opinion an office signs in a year is 1.
//   - A number is allocated when the 所长 signs, inside the same
//     transaction that stores the signed opinion, from a counter row keyed
//     by (office, year): increment-and-read, never max(existing)+1, so that
//     two concurrent sign-offs cannot get the same number.
//   - A number, once allocated, is never reused: not when the opinion is
//     withdrawn, re-issued or the review deleted. A re-issued opinion gets a
//     new number; the old one stays recorded (void) so the register has no
//     silent gaps.
//   - The formatted string is stored with the opinion; changing the
//     Pattern later does not renumber documents already issued.
package opinion

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lawreview/review"
)

// Conclusions an opinion can reach.
const (
	ConclusionLegal          = "合法"
	ConclusionLegalIfAmended = "修改后合法"
	ConclusionIllegal        = "不合法"
	ConclusionReturn         = "退回补正"
)

// Checklist items in the order the opinion discusses them.
const (
	ItemAuthor      = "制定主体"
	ItemPower       = "制定权限"
	ItemContent     = "内容合法性"
	ItemProcedure   = "程序合法性"
	ItemForm        = "形式规范"
	ItemCompetition = "公平竞争"
)

var itemOrder = []string{ItemAuthor, ItemPower, ItemContent, ItemProcedure, ItemForm, ItemCompetition}

// Opinion is everything printed on one 合法性审查意见书.
type Opinion struct {
	Number      string    // 文号 as Numbering.Format wrote it, e.g. 城关司法所〔2026〕3号
	Office      string    // the 司法所 issuing the opinion
	Submitter   string    // 送审单位, also the addressee
	DocTitle    string    // 文件名称, with or without 《》
	Received    time.Time // 收文日期
	DocType     string    // 村规民约, 规范性文件, 决定, 合同, ...
	Items       []OpinionItem
	Findings    []AcceptedFinding
	Conclusion  string // one of the Conclusion constants
	OpinionText string // the reviewer's own words under the conclusion; "\n" separates paragraphs
	Reviewer    string
	Signed      time.Time

	// Letterhead is the 版头; printed unless switched off. The web keeps
	// it per office.
	Letterhead Letterhead
	// OmitAnnex leaves out the annex with the full texts of the cited
	// articles (附件：相关法律条文); the body cites them by number either way.
	OmitAnnex bool
}

// Letterhead is the 版头 of GB/T 9704 7.2: the 发文机关标志 in red, the
// 发文字号 under it and a red rule. The zero value prints it with the
// office's name.
type Letterhead struct {
	Text string // 发文机关标志, e.g. 城关司法所 or a standard short form; empty: the office's name
	Off  bool   // no 版头: for paper with a printed one, or an office that does not use it
}

// OpinionItem is the opinion on one checklist item.
type OpinionItem struct {
	Item   string // 制定主体, 制定权限, 内容合法性, 程序合法性, 形式规范, 公平竞争
	Status review.CheckStatus
	Text   string // the reviewer's words; when empty the item's problems, or the standard note for Status
	// Rules are the rules whose problems made the item a problem (the
	// checklist's): a finding another rule's finding was merged into
	// names this item too.
	Rules []string
}

// AcceptedFinding is a finding the 所长 accepted, as printed.
type AcceptedFinding struct {
	Item       string // checklist item the finding belongs to
	Title      string // the problem in a few words (the rule's title), heads the problem
	Quote      string // the draft's words
	Problem    string
	Basis      []review.Basis
	Suggestion string
	// Rules are the finding's rule and the rules merged into it, so that
	// every checklist item they belong to names the problem.
	Rules []string
}

// FromFinding converts an accepted review finding. A reviewer's own
// finding has no rule title: its problem's first clause stands for one,
// so that the checklist names it as a reviewer would, not "存在问题".
func FromFinding(f review.Finding) AcceptedFinding {
	title := strings.TrimSpace(f.Title)
	if title == "" {
		title = firstClause(f.Message)
	}
	var rules []string
	if f.Rule != "" {
		rules = append(rules, f.Rule)
	}
	rules = append(rules, f.Merged...)
	return AcceptedFinding{Item: f.Item, Title: title, Quote: f.Quote, Problem: f.Message, Basis: f.Basis, Suggestion: f.Suggestion, Rules: rules}
}

// firstClause is a message up to its first full stop or semicolon, at
// most 24 characters.
func firstClause(msg string) string {
	m := strings.TrimSpace(msg)
	if i := strings.IndexAny(m, "。；;！？!?\n"); i >= 0 {
		m = m[:i]
	}
	if r := []rune(m); len(r) > 24 {
		m = string(r[:23]) + "…"
	}
	return strings.TrimSpace(m)
}

// ItemsFromChecklist turns the report's checklist into opinion items, one
// per item. The report's notes are not copied: they number the report's
// findings, not the opinion's problems, and a manual check's note is an
// instruction to the reviewer; the opinion writes each item's note from
// its own problems. The reviewer's own words go in Text.
func ItemsFromChecklist(cl []review.ChecklistItem) []OpinionItem {
	out := make([]OpinionItem, 0, len(cl))
	seen := map[string]bool{}
	for _, c := range cl {
		if c.Rule != "" || seen[c.Item] {
			continue
		}
		seen[c.Item] = true
		out = append(out, OpinionItem{Item: c.Item, Status: c.Status, Rules: c.Rules})
	}
	return out
}

// InputError reports an opinion that cannot be printed as it stands. Msg is
// Chinese, for the user.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Msg }

// ErrInput matches every *InputError with errors.Is.
var ErrInput = errors.New("意见书内容不完整")

func (e *InputError) Is(target error) bool { return target == ErrInput }

// Validate checks that every field the document prints is present.
func (o *Opinion) Validate() error {
	req := []struct{ field, label, val string }{
		{"Number", "文号", o.Number},
		{"Office", "司法所名称", o.Office},
		{"Submitter", "送审单位", o.Submitter},
		{"DocTitle", "文件名称", o.DocTitle},
		{"Reviewer", "审查人", o.Reviewer},
	}
	for _, r := range req {
		if strings.TrimSpace(r.val) == "" {
			return &InputError{Field: r.field, Msg: "意见书缺少" + r.label}
		}
	}
	if o.Received.IsZero() {
		return &InputError{Field: "Received", Msg: "意见书缺少收文日期"}
	}
	if o.Signed.IsZero() {
		return &InputError{Field: "Signed", Msg: "意见书缺少签发日期"}
	}
	switch o.Conclusion {
	case ConclusionLegal, ConclusionLegalIfAmended, ConclusionIllegal, ConclusionReturn:
	default:
		return &InputError{Field: "Conclusion", Msg: fmt.Sprintf("审查结论“%s”无效，应为：合法、修改后合法、不合法或退回补正", o.Conclusion)}
	}
	if len(o.Items) == 0 {
		return &InputError{Field: "Items", Msg: "意见书缺少逐项审查意见"}
	}
	for i, it := range o.Items {
		if strings.TrimSpace(it.Item) == "" {
			return &InputError{Field: "Items", Msg: fmt.Sprintf("第%d项审查意见缺少审查事项名称", i+1)}
		}
	}
	for i, f := range o.Findings {
		if strings.TrimSpace(f.Problem) == "" {
			return &InputError{Field: "Findings", Msg: fmt.Sprintf("第%d个问题缺少问题说明", i+1)}
		}
	}
	return nil
}

// Numbering formats 文号; it is the one place a 文号 is written (the web
// allocates the sequence number and stores what Format returns; DocNumber
// prints it). Pattern may use {office} (the 机关代字: the office's name or
// its short form), {year}, {n} and {n:W} (sequence zero-padded to W
// digits).
type Numbering struct {
	Pattern string
}

// DefaultPattern is GB/T 9704-2012 7.2.4: 发文机关代字, the year in full in
// 六角括号, the sequence number without 第 and without padding, then 号:
// 城关司法所〔2026〕1号.
const DefaultPattern = "{office}〔{year}〕{n}号"

// Validate reports a pattern without a sequence placeholder, which would
// give every opinion of a year the same number.
func (n Numbering) Validate() error {
	p := n.pattern()
	if !strings.Contains(p, "{n}") && !strings.Contains(p, "{n:") {
		return &InputError{Field: "Pattern", Msg: "文号格式必须包含序号占位符 {n}"}
	}
	return nil
}

func (n Numbering) pattern() string {
	if n.Pattern == "" {
		return DefaultPattern
	}
	return n.Pattern
}

// DocNumber is the 文号 as every output prints it. A number stored before
// the office was part of it ("〔2026〕第1号") is printed after the office's
// name, as the print view always showed it; any other number is printed as
// stored: issued numbers are never rewritten.
func DocNumber(office, number string) string {
	number = strings.TrimSpace(number)
	if strings.HasPrefix(number, "〔") {
		return strings.TrimSpace(office) + number
	}
	return number
}

// Format renders the number of an office for a year and sequence number.
func (n Numbering) Format(office string, year, seq int) string {
	p := n.pattern()
	var b strings.Builder
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			b.WriteString(p)
			break
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			break
		}
		b.WriteString(p[:i])
		key := p[i+1 : i+j]
		switch {
		case key == "office":
			b.WriteString(strings.TrimSpace(office))
		case key == "year":
			b.WriteString(strconv.Itoa(year))
		case key == "n":
			b.WriteString(strconv.Itoa(seq))
		case strings.HasPrefix(key, "n:"):
			w, err := strconv.Atoi(key[2:])
			if err != nil || w < 1 || w > 9 {
				b.WriteString(p[i : i+j+1])
			} else {
				fmt.Fprintf(&b, "%0*d", w, seq)
			}
		default:
			b.WriteString(p[i : i+j+1])
		}
		p = p[i+j+1:]
	}
	return b.String()
}
