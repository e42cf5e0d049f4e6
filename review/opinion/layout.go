package opinion

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
	"lawreview/corpus/docx"
	"lawreview/review"
)

// The opinion is laid out once as blocks and then written as WordprocessingML
// or HTML, so that the .docx and the print view cannot drift apart.
//
// The layout is GB/T 9704-2012's: the 版头 (发文机关标志 in red, 发文字号,
// red rule), title, 主送机关, the body under 一、(黑体) and （一）(楷体)
// headings, the 附件说明, the 发文机关署名 and 成文日期 centred over each
// other 4 characters from the right edge, and the annex on a page of its
// own. Each problem cites its articles by law and number; their texts are
// printed once, in the annex.

type spanKind int

const (
	spanPlain spanKind = iota
	spanLead           // 二级标题 run-in: 楷体, e.g. "（一）村规民约设定罚款。"
	spanBold           // a label: 仿宋 bold, e.g. "修改建议："
	spanHei            // 黑体 run: an article's number in the annex
)

type span struct {
	text string
	kind spanKind
}

// Paragraph styles; the ids are the styleIds in styles.xml and the classes
// in the HTML.
const (
	styleLetterhead = "Letterhead"
	styleTitle      = "Title"
	styleNumber     = "DocNumber"
	styleAddressee  = "Addressee"
	styleH1         = "Heading1"
	styleBody       = "BodyText"
	styleSignature  = "Signature"
	styleAnnexMark  = "AnnexMark"
)

type block struct {
	style string
	spans []span
	// before is the space above in twips: GB/T 9704's 空一行 and 空二行
	// are lines of the grid (line(n)).
	before int
	// keep holds the block on the page of the next one (Word's keepNext
	// and keepLines; break-after: avoid in HTML): the headings.
	keep bool
	// together holds the block, whole, on the page of the next one
	// (keepNext and keepLines; one break-inside: avoid group in HTML):
	// the closing lines from the conclusion to the date, so that the
	// signature never stands alone on a page.
	together bool
	// pageBreak starts a new page (the annex).
	pageBreak bool
	// rightEm is a signature line's distance from the right edge of the
	// text area, in characters.
	rightEm float64
}

func para(style string, spans ...span) block { return block{style: style, spans: spans} }
func plain(s string) span                    { return span{text: s} }
func lead(s string) span                     { return span{text: s, kind: spanLead} }
func bold(s string) span                     { return span{text: s, kind: spanBold} }
func hei(s string) span                      { return span{text: s, kind: spanHei} }

// DateCN writes a date the way GB/T 9704-2012 7.3.5.1 wants 成文日期:
// Arabic numerals, the year in full, no padding (2026年12月2日).
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

// sentence ends s with a full stop unless it already ends a sentence:
// closing quotes and brackets are looked through, so "改为“批评教育”" and
// "…（问题二）" get their full stop and "…”。" does not get a second.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	end := strings.TrimRight(s, "”’）)」』】")
	for _, p := range []string{"。", "；", "：", "！", "？", ".", ";", ":", "!", "?"} {
		if strings.HasSuffix(end, p) {
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

// emWidth is the width of s in characters of the body font: CJK and
// full-width forms one each, Latin letters and digits half.
func emWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 || r >= 0xFF61 && r <= 0xFFDC {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

// citations writes a finding's articles by law and number only, the
// articles of one law together: 《中华人民共和国妇女权益保障法》第五十五条、第五十六条.
// The part (第二款) is left to the annex, which quotes the whole article:
// with it the six-problem opinion no longer fits three pages.
func citations(bs []review.Basis) string {
	var parts []string
	for _, l := range review.ByLaw(bs) {
		var arts []string
		for _, a := range l.Articles {
			if t := strings.TrimSpace(a.Article); t != "" && !slices.Contains(arts, t) {
				arts = append(arts, t)
			}
		}
		parts = append(parts, bookTitle(l.Law)+strings.Join(arts, "、"))
	}
	return strings.Join(parts, "，")
}

// annexLaw is one law of the annex with the cited articles' texts, in the
// order the opinion first cites them.
type annexLaw struct {
	law      string
	articles []review.Basis
}

// annex collects every cited article with a text, once.
func (o *Opinion) annex() []annexLaw {
	var out []annexLaw
	at := map[string]int{}
	seen := map[string]bool{}
	for _, f := range o.Findings {
		for _, b := range f.Basis {
			law := strings.Trim(strings.TrimSpace(b.Law), "《》")
			art := strings.TrimSpace(b.Article)
			if law == "" || art == "" || strings.TrimSpace(b.Text) == "" || seen[law+"\x00"+art] {
				continue
			}
			seen[law+"\x00"+art] = true
			i, ok := at[law]
			if !ok {
				i = len(out)
				at[law] = i
				out = append(out, annexLaw{law: law})
			}
			out[i].articles = append(out[i].articles, b)
		}
	}
	// A law's articles in the law's order; a label that does not parse
	// (a basis outside the corpus) keeps its place after them.
	for _, l := range out {
		sort.SliceStable(l.articles, func(i, j int) bool {
			return articleOrder(l.articles[i].Article) < articleOrder(l.articles[j].Article)
		})
	}
	return out
}

func articleOrder(label string) int {
	n, sub, err := corpus.ParseArticleLabel(strings.TrimSpace(label))
	if err != nil {
		return math.MaxInt
	}
	return n*1000 + sub
}

// hasAnnex reports whether the opinion prints the annex of article texts.
func (o *Opinion) hasAnnex() bool { return !o.OmitAnnex && len(o.annex()) > 0 }

// itemNotes are the paragraphs of the checklist: what the reviewer wrote
// for an item, else its problems by title and number in this opinion, or
// the standard note. Items with nothing found share one line.
func (o *Opinion) itemNotes() []block {
	var out []block
	var clear []string
	clearAt := -1
	for _, it := range sortedItems(o.Items) {
		text := strings.TrimSpace(it.Text)
		refs := o.itemRefs(it)
		switch {
		case text != "":
		case len(refs) > 0:
			text = review.ProblemNote(refs, cnNum)
		case it.Status == review.StatusProblem:
			text = "存在问题"
		case it.Status == review.StatusManual:
			// Nothing decided it and the reviewer wrote nothing: the
			// signed opinion says nothing rather than a machine's
			// "needs checking".
			continue
		default:
			if clearAt < 0 {
				clearAt = len(out)
			}
			clear = append(clear, it.Item)
			continue
		}
		ls := lines(text)
		out = append(out, para(styleBody, bold(it.Item+"："), plain(sentence(ls[0]))))
		for _, l := range ls[1:] {
			out = append(out, para(styleBody, plain(sentence(l))))
		}
	}
	if len(clear) > 0 {
		b := para(styleBody, bold(strings.Join(clear, "、")+"："), plain(review.NoteOK+"。"))
		out = append(out[:clearAt], append([]block{b}, out[clearAt:]...)...)
	}
	return out
}

// itemRefs are the problems an item names: the findings of the item, and
// those into which a finding of one of the item's rules was merged (an
// item made a problem by a merged rule would otherwise read "存在问题"
// with nothing to point at).
func (o *Opinion) itemRefs(it OpinionItem) []review.ProblemRef {
	var refs []review.ProblemRef
	for i, f := range o.Findings {
		if f.Item == it.Item || slices.ContainsFunc(f.Rules, func(r string) bool { return slices.Contains(it.Rules, r) }) {
			refs = append(refs, review.ProblemRef{Title: f.Title, Number: i + 1})
		}
	}
	return refs
}

// sortedItems puts the items in the standard order, once each; items the
// standard order does not know keep their relative order at the end.
func sortedItems(items []OpinionItem) []OpinionItem {
	rank := func(s string) int {
		for i, x := range itemOrder {
			if x == s {
				return i
			}
		}
		return len(itemOrder)
	}
	var out []OpinionItem
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.Item] {
			seen[it.Item] = true
			out = append(out, it)
		}
	}
	for i := 1; i < len(out); i++ { // stable insertion sort: a handful of items
		for j := i; j > 0 && rank(out[j].Item) < rank(out[j-1].Item); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// line is n lines of the grid, in twips.
func line(n int) int { return n * docx.Page.LinePitch() }

// numberBefore puts the 发文字号's glyphs 7/8 of a 3号 character's height
// below the red double line (10.1), the line box being taller than the
// glyphs by the grid's leading.
func numberBefore() int {
	p := docx.Page
	size := int(p.BodyPt * 20)
	return size*7/8 - (p.LinePitch()-size)/2
}

// LetterheadText is the 发文机关标志 printed: the office's own text, else
// its name.
func (o *Opinion) LetterheadText() string {
	if t := strings.TrimSpace(o.Letterhead.Text); t != "" {
		return t
	}
	return strings.TrimSpace(o.Office)
}

func (o *Opinion) blocks() []block {
	title := bookTitle(strings.Trim(strings.TrimSpace(o.DocTitle), "《》"))
	number := DocNumber(o.Office, o.Number)
	var bs []block
	add := func(b ...block) { bs = append(bs, b...) }

	// The 信函格式 (GB/T 9704 10.1): an opinion is a letter to the unit
	// that submitted the draft (函告). Its 版头 is the 发文机关标志 over a
	// red double line (the .docx puts it in the first page's header); the
	// 发文字号 at the right edge under the line, the title two lines
	// below, the 主送机关 one line below the title.
	if !o.Letterhead.Off {
		add(para(styleLetterhead, plain(o.LetterheadText())))
	}
	n := para(styleNumber, plain(number))
	n.before = numberBefore()
	t := para(styleTitle, plain("合法性审查意见书"))
	t.before = line(2)
	to := para(styleAddressee, plain(strings.TrimSpace(o.Submitter)+"："))
	to.before = line(1)
	add(n, t, to)
	kind := ""
	if o.DocType != "" && !strings.Contains(title, o.DocType) {
		kind = "（" + o.DocType + "）"
	}
	add(para(styleBody, plain("你单位于"+DateCN(o.Received)+"报送的"+title+kind+"收悉。经合法性审查，现将审查意见函告如下：")))

	h := 0
	heading := func(s string) block {
		h++
		b := para(styleH1, plain(cnNum(h)+"、"+s))
		b.keep = true
		return b
	}

	add(heading("审查情况"))
	add(o.itemNotes()...)

	if len(o.Findings) > 0 {
		add(heading("存在的问题及修改建议"))
	}
	for i, f := range o.Findings {
		// The problem's title is in the checklist with its number; here
		// the number leads the clause.
		first := para(styleBody, lead("（"+cnNum(i+1)+"）"))
		if q := strings.TrimSpace(f.Quote); q != "" {
			first.spans = append(first.spans, plain("原文“"+q+"”。"))
		}
		first.spans = append(first.spans, plain(sentence(f.Problem)))
		if c := citations(f.Basis); c != "" {
			first.spans = append(first.spans, bold("依据："), plain(sentence(c)))
		}
		if s := strings.TrimSpace(f.Suggestion); s != "" {
			first.spans = append(first.spans, bold("建议："), plain(sentence(s)))
		}
		add(first)
	}

	// The closing lines stay together from the conclusion's heading to
	// the date.
	// The conclusion, then the reviewer's words in the same paragraph;
	// without them the standard sentence says what follows from it.
	ls := lines(o.OpinionText)
	c := para(styleBody, bold("审查结论："), plain(o.Conclusion+"。"))
	if len(ls) > 0 {
		c.spans = append(c.spans, plain(sentence(ls[0])))
		ls = ls[1:]
	} else {
		c.spans = append(c.spans, plain(conclusionSentence(o.Conclusion, title)))
	}
	closing := []block{c}
	for _, l := range ls {
		closing = append(closing, para(styleBody, plain(l)))
	}
	if o.hasAnnex() {
		// 附件说明 (7.3.4): a line below the body, 左空二字, no full stop.
		a := para(styleBody, plain("附件：相关法律条文"))
		a.before = line(1)
		closing = append(closing, a)
	}
	closing = append(closing, o.signature()...)
	for i := range closing {
		closing[i].together = true
	}
	add(closing...)

	if o.hasAnnex() {
		add(o.annexBlocks()...)
	}
	return bs
}

// signature is the 发文机关署名 and the 成文日期 (GB/T 9704 7.3.5.1,
// opinions being sealed): the date 4 characters from the right edge, the
// office centred on it, one line below the text. The reviewer who signed
// is in the record and the file's properties, not on the page: a 附注
// line with the name would cost the line that keeps six problems on
// three pages.
func (o *Opinion) signature() []block {
	ls := []string{strings.TrimSpace(o.Office), DateCN(o.Signed)}
	date := emWidth(ls[1])
	var out []block
	for i, l := range ls {
		b := para(styleSignature, plain(l))
		b.rightEm = 4 + (date-emWidth(l))/2
		if b.rightEm < 0 {
			b.rightEm = 0
		}
		if i == 0 {
			b.before = line(1)
		}
		out = append(out, b)
	}
	return out
}

// annexBlocks is the annex (GB/T 9704 8): "附件" in 黑体 at the top left of
// a new page, its title centred on the third line, then each cited article
// once, under its law.
func (o *Opinion) annexBlocks() []block {
	mark := para(styleAnnexMark, plain("附件"))
	mark.pageBreak = true
	t := para(styleTitle, plain("相关法律条文"))
	t.before = line(1)
	out := []block{mark, t}
	for i, l := range o.annex() {
		h := para(styleH1, plain(bookTitle(l.law)))
		h.keep = true
		if i == 0 {
			h.before = line(1)
		}
		out = append(out, h)
		for _, a := range l.articles {
			ps := lines(a.Text)
			out = append(out, para(styleBody, hei(strings.TrimSpace(a.Article)), plain("　"+ps[0])))
			for _, p := range ps[1:] {
				out = append(out, para(styleBody, plain(p)))
			}
		}
	}
	return out
}

// ConclusionSentence is the standard sentence that follows a conclusion
// on the opinion (title in 《》), which the opinion prints when the
// reviewer wrote nothing under it and the review page offers to insert.
func ConclusionSentence(c, title string) string {
	return conclusionSentence(c, bookTitle(strings.Trim(strings.TrimSpace(title), "《》")))
}

// conclusionSentence is what follows from the conclusion when the
// reviewer wrote nothing under it.
func conclusionSentence(c, title string) string {
	switch c {
	case ConclusionLegal:
		return title + "符合法律、法规、规章和国家政策的规定，可按程序发布实施。"
	case ConclusionLegalIfAmended:
		return title + "按上述意见修改后，可按程序发布实施。"
	case ConclusionIllegal:
		return title + "存在违反法律、法规规定的内容，不得发布实施。"
	default:
		return "送审材料不齐全，请补正后重新报送审查。"
	}
}
