package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseError reports a file that cannot be read as a law at all.
type ParseError struct {
	Name   string
	Reason string
}

func (e *ParseError) Error() string { return fmt.Sprintf("无法解析 %s：%s", e.Name, e.Reason) }

const infoEnd = "<!-- INFO END -->"

// ParseMarkdown parses one law in the Markdown format of the LawRefBook
// collection (see /work/shared/corpus/README.md): a "# " title, optional
// subtitle, history lines, <!-- INFO END -->, then headings and articles.
// name is the file name or path; a date in it, as in 立法法(2023-03-13).md,
// becomes the version date. A file without any 第X条 parses without error
// into a Law with no articles; the caller decides whether that is a law.
func ParseMarkdown(name string, data []byte) (*Law, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &ParseError{Name: name, Reason: "不是 UTF-8 编码的文本"}
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")

	law := &Law{Source: name}
	body := 0 // index of the first body line
	end := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == infoEnd {
			end = i
			break
		}
	}
	var header []string
	if end >= 0 {
		header, body = lines[:end], end+1
	} else {
		// Without the marker the header ends at the first heading below the
		// title or the first article.
		for body < len(lines) {
			l := cleanLine(lines[body])
			if (strings.HasPrefix(l, "##") || isArticleStart(l)) && body > 0 {
				break
			}
			body++
		}
		header = lines[:body]
	}
	h := headerParser{law: law}
	for _, l := range header {
		h.line(cleanLine(l))
	}

	p := bodyParser{law: law}
	for _, raw := range lines[body:] {
		l := cleanLine(raw)
		if l == "" {
			continue
		}
		if l[0] == '#' {
			depth := 0
			for depth < len(l) && l[depth] == '#' {
				depth++
			}
			p.heading(strings.TrimSpace(l[depth:]), depth, 0)
			continue
		}
		p.text(l)
	}
	finishLaw(law, name)
	return law, nil
}

// ParseText parses a law given as plain lines (from .txt or .docx): headings
// are recognised by their form (第一章 总则) instead of Markdown marks, and the
// header is whatever precedes the first heading or article. title may be ""
// when the first non-empty line is the title.
func ParseText(name, title string, lines []string) (*Law, error) {
	law := &Law{Source: name}
	h := headerParser{law: law}
	if title = cleanLine(title); title != "" {
		h.line("# " + title)
	}
	p := bodyParser{law: law}
	inBody := false
	for _, raw := range lines {
		l := cleanLine(raw)
		if l == "" {
			continue
		}
		if !inBody {
			if law.Name == "" {
				h.line("# " + l)
				continue
			}
			if l == law.Name || l == "目录" || strings.ReplaceAll(l, " ", "") == "目录" {
				continue
			}
			if rank := textHeadingRank(l); rank == 0 && !isArticleStart(l) {
				for _, part := range splitHistory(l) {
					h.line(part)
				}
				continue
			}
			inBody = true
		}
		if rank := textHeadingRank(l); rank > 0 {
			p.heading(l, 0, rank)
			continue
		}
		p.text(l)
	}
	if law.Name == "" {
		return nil, &ParseError{Name: name, Reason: "文件为空"}
	}
	finishLaw(law, name)
	return law, nil
}

// splitHistory splits a header line such as
// "（1998年11月4日第九届…通过　2010年10月28日…修订）" into one line per date.
func splitHistory(l string) []string {
	l = strings.TrimSpace(strings.Trim(l, "（）()"))
	var out []string
	start := 0
	for i := range l {
		if i > start && i > 0 {
			if _, _, ok := parseDatePrefix(l[i:]); ok && !isDigitRune(lastRune(l[:i])) {
				out = append(out, strings.TrimSpace(l[start:i]))
				start = i
			}
		}
	}
	return append(out, strings.TrimSpace(l[start:]))
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isDigitRune(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= '０' && r <= '９')
}

// cleanLine drops HTML comments and surrounding spaces (including the
// full-width space U+3000 used for indentation).
func cleanLine(l string) string {
	for {
		i := strings.Index(l, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(l[i:], "-->")
		if j < 0 {
			l = l[:i]
			break
		}
		l = l[:i] + l[i+j+len("-->"):]
	}
	return strings.TrimFunc(l, isSpace)
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\ufeff' }

// finishLaw fills what follows from the title, the history and the file name.
func finishLaw(law *Law, name string) {
	for i := range law.Articles {
		a := &law.Articles[i]
		a.Text = strings.Join(a.Paragraphs, "\n")
	}
	base, date := splitFileName(name)
	if law.Name == "" {
		law.Name = base
	}
	law.ShortName = shortName(law.Name)
	law.Published = date
	if law.Published.IsZero() {
		law.Published = historyVersionDate(law.History)
	}
	law.InForceFrom = historyInForce(law.History, law.Published)
	law.ID = lawID(law.ShortName, law.Published)
}

func lawID(short string, date time.Time) string {
	if date.IsZero() {
		return short
	}
	return short + "@" + date.Format(time.DateOnly)
}

// shortName drops the 中华人民共和国 prefix and any spaces: 中华人民共和国行政处罚法 → 行政处罚法.
func shortName(name string) string {
	name = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, name)
	return strings.TrimPrefix(name, "中华人民共和国")
}

// splitFileName splits "dir/立法法(2023-03-13).md" into 立法法 and the date.
func splitFileName(name string) (string, time.Time) {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if strings.HasSuffix(base, ")") {
		if i := strings.LastIndex(base, "("); i >= 0 {
			if d, err := time.Parse(time.DateOnly, base[i+1:len(base)-1]); err == nil {
				return strings.TrimSpace(base[:i]), d
			}
		}
	}
	return base, time.Time{}
}

// historyVersionDate is the date of the latest enactment, amendment or
// publication, which is what the collection uses as the version date.
func historyVersionDate(hs []History) time.Time {
	var best, any time.Time
	for _, h := range hs {
		if h.Date.After(any) {
			any = h.Date
		}
		if h.Action != "施行" && h.Date.After(best) {
			best = h.Date
		}
	}
	if best.IsZero() {
		return any
	}
	return best
}

func historyInForce(hs []History, published time.Time) time.Time {
	var t time.Time
	for _, h := range hs {
		if h.Action == "施行" && !h.Date.Before(published) && h.Date.After(t) {
			t = h.Date
		}
	}
	return t
}

// headerParser reads the lines before <!-- INFO END -->.
type headerParser struct {
	law  *Law
	last *History
}

var historyActions = []string{"通过", "修正", "修订", "公布", "发布", "批准", "施行", "废止"}

func (h *headerParser) line(l string) {
	if l == "" {
		return
	}
	if strings.HasPrefix(l, "#") {
		t := strings.TrimSpace(strings.TrimLeft(l, "#"))
		if t == "" {
			return
		}
		if h.law.Name == "" {
			h.law.Name = t
		} else if h.law.Subtitle == "" {
			h.law.Subtitle = t
		} else {
			h.law.Subtitle += " " + t
		}
		return
	}
	if d, _, ok := parseDatePrefix(l); ok {
		h.law.History = append(h.law.History, History{Date: d, Action: historyAction(l), Text: l})
		h.last = &h.law.History[len(h.law.History)-1]
		return
	}
	// A history line wrapped onto the next line, as in "…的决定》修正".
	if h.last != nil {
		h.last.Text += l
		h.last.Action = historyAction(h.last.Text)
	}
}

func historyAction(l string) string {
	l = strings.ReplaceAll(l, "修正案", "") // 通过的《宪法修正案》 is an adoption
	best, at := "", -1
	for _, a := range historyActions {
		if i := strings.LastIndex(l, a); i > at {
			best, at = a, i
		}
	}
	return best
}

// parseDatePrefix reads a date at the start of s: 2018年12月29日 (ASCII,
// full-width or Chinese digits) or 2018-12-29.
func parseDatePrefix(s string) (time.Time, string, bool) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t, s[10:], true
		}
	}
	y, rest, ok := numberBefore(s, "年", 4)
	if !ok || y < 1900 || y > 2200 {
		return time.Time{}, "", false
	}
	m, rest, ok := numberBefore(rest, "月", 2)
	if !ok || m < 1 || m > 12 {
		return time.Time{}, "", false
	}
	d, rest, ok := numberBefore(rest, "日", 3)
	if !ok || d < 1 || d > 31 {
		return time.Time{}, "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, "", false
	}
	return t, rest, true
}

// numberBefore parses the number that s starts with, up to sep, where the
// number has at most maxRunes characters.
func numberBefore(s, sep string, maxRunes int) (int, string, bool) {
	i := strings.Index(s, sep)
	if i <= 0 || utf8.RuneCountInString(s[:i]) > maxRunes {
		return 0, "", false
	}
	n, err := ParseNumber(s[:i])
	if err != nil {
		return 0, "", false
	}
	return n, s[i+len(sep):], true
}

// heading is one open 编/章/节 with its rank (编 1, 分编 2, 章 3, 节 4, deeper 5+).
type heading struct {
	rank int
	text string
}

// bodyParser turns body lines into articles. It is shared by the Markdown
// and the plain-text parsers, which differ only in how headings are marked.
type bodyParser struct {
	law   *Law
	stack []heading
	cur   *Article
}

// heading opens a heading; depth is the Markdown '#' count (0 in text) and
// rank, when not 0, the rank already known from the heading's form.
func (p *bodyParser) heading(text string, depth, rank int) {
	text = normalizeHeading(text)
	if text == "" {
		// An empty heading ("##" before 民法典's 附则) has lost its text; all
		// that is certain is that the open headings no longer apply.
		p.stack, p.cur = p.stack[:0], nil
		return
	}
	if rank == 0 {
		rank = headingRank(text, depth)
	}
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].rank >= rank {
		p.stack = p.stack[:len(p.stack)-1]
	}
	p.stack = append(p.stack, heading{rank: rank, text: text})
	p.cur = nil
}

// headingRank orders headings by their kind where the text names it, because
// the '#' depth is not consistent across files (some put 节 above 章).
func headingRank(text string, depth int) int {
	if r := labelRank(text); r > 0 {
		return r
	}
	switch {
	case depth <= 1:
		return 1
	default:
		return depth + 1 // ## 附则 sits with the chapters, ### with the sections
	}
}

// labelRank recognises 第X编, 第X分编, 第X章, 第X节 at the start of text.
func labelRank(text string) int {
	if !strings.HasPrefix(text, "第") {
		return 0
	}
	rest := text[len("第"):]
	n := numeralPrefix(rest)
	if n == 0 {
		return 0
	}
	rest = rest[n:]
	for _, k := range []struct {
		word string
		rank int
	}{{"分编", 2}, {"编", 1}, {"章", 3}, {"节", 4}} {
		if after, ok := strings.CutPrefix(rest, k.word); ok {
			if after == "" || strings.HasPrefix(after, " ") {
				return k.rank
			}
		}
	}
	return 0
}

// textHeadingRank recognises headings in plain text, where nothing marks
// them but their form: 第一章 总则, or a bare 附则 / 总则 / 序言.
func textHeadingRank(l string) int {
	if utf8.RuneCountInString(l) > 40 || strings.HasSuffix(l, "。") || strings.HasSuffix(l, "；") {
		return 0
	}
	if r := labelRank(normalizeHeading(l)); r > 0 {
		return r
	}
	switch normalizeHeading(l) {
	case "附则", "总则", "序言":
		return 3
	}
	return 0
}

// normalizeHeading turns "第一章　总　　则" into "第一章 总则": one space after
// the label, none inside the words.
func normalizeHeading(s string) string {
	f := strings.FieldsFunc(s, isSpace)
	if len(f) == 0 {
		return ""
	}
	if labelRank(f[0]) > 0 && len(f) > 1 {
		return f[0] + " " + strings.Join(f[1:], "")
	}
	if len(f) > 1 && isCJKRun(f) {
		return strings.Join(f, "")
	}
	return strings.Join(f, " ")
}

func isCJKRun(fields []string) bool {
	for _, f := range fields {
		for _, r := range f {
			if r < 0x2E80 {
				return false
			}
		}
	}
	return true
}

func (p *bodyParser) text(l string) {
	if num, sub, rest, ok := articleStart(l); ok {
		p.law.Articles = append(p.law.Articles, Article{
			Number:   num,
			Sub:      sub,
			Label:    ArticleLabel(num, sub),
			Chapters: p.chapters(),
		})
		p.cur = &p.law.Articles[len(p.law.Articles)-1]
		if rest != "" {
			p.cur.Paragraphs = append(p.cur.Paragraphs, rest)
		}
		return
	}
	if p.cur == nil {
		return // preamble, 序言, or free text of a case: not part of an article
	}
	ps := p.cur.Paragraphs
	if len(ps) > 0 && isItem(l) {
		ps[len(ps)-1] += "\n" + l
	} else {
		p.cur.Paragraphs = append(ps, l)
	}
}

func (p *bodyParser) chapters() []string {
	if len(p.stack) == 0 {
		return nil
	}
	out := make([]string, len(p.stack))
	for i, h := range p.stack {
		out[i] = h.text
	}
	return out
}

// isItem recognises the items of a paragraph: （一）, (一), （1）, 1．, 1.
// They stay inside the paragraph that introduces them so that paragraph
// numbers (第二款) count only real 款.
func isItem(l string) bool {
	for _, open := range []string{"（", "("} {
		if rest, ok := strings.CutPrefix(l, open); ok {
			n := numeralPrefix(rest)
			if n > 0 && (strings.HasPrefix(rest[n:], "）") || strings.HasPrefix(rest[n:], ")")) {
				return true
			}
			return false
		}
	}
	n := 0
	for n < len(l) && l[n] >= '0' && l[n] <= '9' {
		n++
	}
	if n > 0 {
		rest := l[n:]
		return strings.HasPrefix(rest, "．") || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "、")
	}
	return false
}

func isArticleStart(l string) bool {
	_, _, _, ok := articleStart(l)
	return ok
}

// articleStart recognises "第X条 text" and "第X条之Y text"; the label must be
// followed by a space or the end of the line, so that a sentence such as
// "第三十一条的决定》修正" is not taken for an article.
func articleStart(l string) (num, sub int, rest string, ok bool) {
	s, found := strings.CutPrefix(l, "第")
	if !found {
		return 0, 0, "", false
	}
	n := numeralPrefix(s)
	if n == 0 {
		return 0, 0, "", false
	}
	numText := s[:n]
	s, found = strings.CutPrefix(s[n:], "条")
	if !found {
		return 0, 0, "", false
	}
	if after, has := strings.CutPrefix(s, "之"); has {
		m := numeralPrefix(after)
		if m == 0 {
			return 0, 0, "", false
		}
		v, err := ParseNumber(after[:m])
		if err != nil || v == 0 {
			return 0, 0, "", false
		}
		sub, s = v, after[m:]
	}
	if s != "" {
		r, _ := utf8.DecodeRuneInString(s)
		if !isSpace(r) {
			return 0, 0, "", false
		}
	}
	v, err := ParseNumber(numText)
	if err != nil || v == 0 {
		return 0, 0, "", false
	}
	return v, sub, strings.TrimFunc(s, isSpace), true
}

// numeralPrefix is the byte length of the run of numeral characters
// (Chinese or Arabic) that s starts with.
func numeralPrefix(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		_, d := digitValue[r]
		_, u := unitValue[r]
		if !d && !u && !isDigitRune(r) {
			break
		}
		n += size
	}
	return n
}

// errNoArticles marks a parsed file that holds no 第X条: a case, a guide, an
// amendment written as 一、二、…
var errNoArticles = errors.New("不是法律条文（没有“第X条”形式的条文）")
