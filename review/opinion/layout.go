package opinion

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"lawreview/review"
)

// The opinion is laid out once as blocks and then written as WordprocessingML
// or HTML, so that the .docx and the print view cannot drift apart.

type spanKind int

const (
	spanPlain spanKind = iota
	spanLead           // 二级标题 run-in: 楷体, e.g. "（一）制定主体。"
	spanBold           // 三级标题 / field label: 仿宋 bold
)

type span struct {
	text string
	kind spanKind
}

// Paragraph styles; the ids are the styleIds in styles.xml and the classes
// in the HTML.
const (
	styleTitle     = "Title"
	styleNumber    = "DocNumber"
	styleAddressee = "Addressee"
	styleH1        = "Heading1"
	styleBody      = "BodyText"
	styleSignature = "Signature"
)

type block struct {
	style string
	spans []span
}

func para(style string, spans ...span) block { return block{style: style, spans: spans} }
func plain(s string) span                    { return span{text: s} }
func lead(s string) span                     { return span{text: s, kind: spanLead} }
func bold(s string) span                     { return span{text: s, kind: spanBold} }

// DateCN writes a date the way GB/T 9704 wants 成文日期: Arabic numerals,
// no padding.
func DateCN(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cnNum writes 1..99 in Chinese numerals for heading numbers.
func cnNum(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return cnDigits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + cnDigits[n%10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	default:
		return cnDigits[n/10] + "十" + cnDigits[n%10]
	}
}

// bookTitle puts a document or law name in 《》 unless it already has them.
func bookTitle(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "《") {
		return s
	}
	return "《" + s + "》"
}

func statusSentence(status string) string {
	switch status {
	case review.StatusOK:
		return "经审查，符合规定。"
	case review.StatusProblem:
		return "经审查，存在问题，具体问题及修改建议见下文。"
	default:
		return "需结合送审材料进一步核实。"
	}
}

// sortedItems puts the items in the standard order; items the standard
// order does not know keep their relative order at the end.
func sortedItems(items []OpinionItem) []OpinionItem {
	rank := func(s string) int {
		for i, x := range itemOrder {
			if x == s {
				return i
			}
		}
		return len(itemOrder)
	}
	out := append([]OpinionItem(nil), items...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Item) < rank(out[j].Item) })
	return out
}

// sentence ends s with a full stop unless it already ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if strings.ContainsAny(s[len(s)-1:], ".;:!?") {
		return s
	}
	for _, p := range []string{"。", "；", "：", "！", "？", "”", "）"} {
		if strings.HasSuffix(s, p) {
			return s
		}
	}
	return s + "。"
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (o *Opinion) blocks() []block {
	title := bookTitle(strings.Trim(strings.TrimSpace(o.DocTitle), "《》"))
	var bs []block
	add := func(b ...block) { bs = append(bs, b...) }

	add(para(styleTitle, plain("合法性审查意见书")),
		para(styleNumber, plain(o.Number)),
		para(styleBody),
		para(styleAddressee, plain(strings.TrimSpace(o.Submitter)+"：")))
	intro := "你单位于" + DateCN(o.Received) + "报送的" + title + "收悉。本所依照有关法律、法规和规章的规定，对该文件进行了合法性审查，现将审查意见函告如下。"
	add(para(styleBody, plain(intro)))

	h := 0
	heading := func(s string) {
		h++
		add(para(styleH1, plain(cnNum(h)+"、"+s)))
	}

	heading("基本情况")
	field := func(label, val string) {
		add(para(styleBody, bold(label+"："), plain(val)))
	}
	field("送审单位", strings.TrimSpace(o.Submitter))
	field("文件名称", title)
	if o.DocType != "" {
		field("文件类型", o.DocType)
	}
	field("收文日期", DateCN(o.Received))
	if len(o.Bases) > 0 {
		var names []string
		for _, b := range o.Bases {
			if b = strings.TrimSpace(b); b != "" {
				names = append(names, bookTitle(b))
			}
		}
		field("审查依据", strings.Join(names, "、"))
	}

	heading("逐项审查意见")
	for i, it := range sortedItems(o.Items) {
		text := strings.TrimSpace(it.Text)
		if text == "" {
			text = statusSentence(it.Status)
		}
		ls := lines(text)
		add(para(styleBody, lead("（"+cnNum(i+1)+"）"+it.Item+"。"), plain(sentence(ls[0]))))
		for _, l := range ls[1:] {
			add(para(styleBody, plain(sentence(l))))
		}
	}

	heading("存在的问题及修改建议")
	if len(o.Findings) == 0 {
		add(para(styleBody, plain("经审查，未发现需要修改的问题。")))
	}
	for i, f := range o.Findings {
		label := "（" + cnNum(i+1) + "）"
		if f.Item != "" {
			label += f.Item + "方面。"
		}
		add(para(styleBody, lead(label), bold("原文："), plain("“"+strings.TrimSpace(f.Quote)+"”")))
		add(para(styleBody, bold("问题："), plain(sentence(f.Problem))))
		for _, b := range f.Basis {
			s := bookTitle(b.Law) + b.Article
			if t := strings.TrimSpace(b.Text); t != "" {
				s += "规定：“" + t + "”"
			}
			add(para(styleBody, bold("依据："), plain(sentence(s))))
		}
		if s := strings.TrimSpace(f.Suggestion); s != "" {
			add(para(styleBody, bold("修改建议："), plain(sentence(s))))
		}
	}

	heading("审查结论")
	add(para(styleBody, bold("审查结论："), plain(conclusionSentence(o.Conclusion, title))))
	for _, l := range lines(o.OpinionText) {
		add(para(styleBody, plain(l)))
	}

	add(para(styleBody), para(styleBody),
		para(styleSignature, plain("审查人："+strings.TrimSpace(o.Reviewer))),
		para(styleSignature, plain(strings.TrimSpace(o.Office))),
		para(styleSignature, plain(DateCN(o.Signed))))
	return bs
}

func conclusionSentence(c, title string) string {
	switch c {
	case ConclusionLegal:
		return c + "。" + title + "符合法律、法规、规章和国家政策的规定，可按程序发布实施。"
	case ConclusionLegalIfAmended:
		return c + "。" + title + "按上述意见修改后，可按程序发布实施。"
	case ConclusionIllegal:
		return c + "。" + title + "存在违反法律、法规规定的内容，不得发布实施。"
	default:
		return c + "。送审材料不齐全，请补正后重新报送审查。"
	}
}
