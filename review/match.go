package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/segment"
)

// doc is one document prepared once for every rule: sentence and clause
// spans and jieba tokens are computed a single time, so the cost of a
// review grows with rules × length, never with length².
type doc struct {
	text    string
	runes   []rune
	sents   []segment.Span
	clauses []segment.Span
	tokens  []segment.Token // precise mode, whitespace dropped
	lines   []int           // rune offset where each line starts
	title   span            // the title line, where document findings point by default
	whole   unit
	byScope map[string][]unit // sentence and clause units, built once
	rows    []span            // table rows read as one sentence (table.go)
	// powerList: the document publishes the powers laws give its office,
	// each with its legal basis (reported.go); all it says is reported.
	powerList bool
	// headings caches itemWithHeadingFor per sentence (nil: no list item).
	headings map[span]*headingJoin
}

type span struct{ start, end int }

// unit is a stretch of the document a rule is matched against.
type unit struct {
	start, end int
	text       string
	tokLo      int // tokens[tokLo:tokHi] lie inside the unit
	tokHi      int
}

func newDoc(seg *segment.Segmenter, title, text string) *doc {
	d := &doc{text: text, runes: []rune(text)}
	d.sents = joinVerse(d.runes, segment.Sentences(text))
	d.clauses = segment.Clauses(text)
	if seg != nil {
		for _, t := range seg.Cut(text) {
			if strings.TrimSpace(t.Text) != "" {
				d.tokens = append(d.tokens, t)
			}
		}
	}
	d.lines = []int{0}
	for i, r := range d.runes {
		if r == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	d.whole = d.unitOf(0, len(d.runes), text)
	d.title = d.findTitle(title)
	d.powerList = isPowerList(string(d.runes[d.title.start:d.title.end]), text)
	return d
}

// joinVerse makes each verse line one sentence. 公约 and 村规民约 are often
// written in three-character verse (外嫁女，户虽在；分红款，不再给), where a
// semicolon ends a half-line, not a thought: the act and its sanction sit
// on either side of it. A line counts as verse when it holds at least three
// pieces between punctuation marks, none longer than seven characters.
func joinVerse(runes []rune, sents []segment.Span) []segment.Span {
	out := make([]segment.Span, 0, len(sents))
	for i := 0; i < len(sents); {
		j := i + 1
		for j < len(sents) && !hasNewline(runes[sents[j-1].End:sents[j].Start]) {
			j++
		}
		if j-i > 1 && isVerse(runes[sents[i].Start:sents[j-1].End]) {
			st, en := sents[i].Start, sents[j-1].End
			out = append(out, segment.Span{Start: st, End: en, Text: string(runes[st:en])})
		} else {
			out = append(out, sents[i:j]...)
		}
		i = j
	}
	return out
}

func hasNewline(rs []rune) bool {
	for _, r := range rs {
		if r == '\n' {
			return true
		}
	}
	return false
}

func isVerse(line []rune) bool {
	pieces, n := 0, 0
	for _, r := range line {
		if strings.ContainsRune("，,；;。、！!？?：:", r) {
			if n > 0 {
				pieces++
			}
			n = 0
			continue
		}
		if n++; n > 7 {
			return false
		}
	}
	if n > 0 {
		pieces++
	}
	return pieces >= 3
}

func (d *doc) unitOf(start, end int, text string) unit {
	lo := sort.Search(len(d.tokens), func(i int) bool { return d.tokens[i].Start >= start })
	hi := sort.Search(len(d.tokens), func(i int) bool { return d.tokens[i].End > end })
	if hi < lo {
		hi = lo
	}
	return unit{start: start, end: end, text: text, tokLo: lo, tokHi: hi}
}

func (d *doc) units(scope string) []unit {
	if us, ok := d.byScope[scope]; ok {
		return us
	}
	spans := d.sents
	if scope == "clause" {
		spans = d.clauses
	}
	out := make([]unit, len(spans))
	for i, s := range spans {
		out[i] = d.unitOf(s.Start, s.End, s.Text)
	}
	if d.byScope == nil {
		d.byScope = map[string][]unit{}
	}
	d.byScope[scope] = out
	return out
}

// findTitle locates the title: the given title where the text repeats it,
// else the first non-empty line. Document-level findings quote it, so it
// must never be empty while the text has any content.
func (d *doc) findTitle(title string) span {
	title = strings.TrimSpace(title)
	if title != "" {
		if i := strings.Index(d.text, title); i >= 0 {
			s := utf8.RuneCountInString(d.text[:i])
			return span{s, s + utf8.RuneCountInString(title)}
		}
	}
	for li, start := range d.lines {
		end := len(d.runes)
		if li+1 < len(d.lines) {
			end = d.lines[li+1] - 1
		}
		s, e := trimSpaceSpan(d.runes, start, end)
		if e > s {
			if e-s > 60 { // a document without a title line: quote its first sentence
				for _, st := range d.sents {
					if st.Start >= s {
						return span{st.Start, min(st.End, e)}
					}
				}
			}
			return span{s, e}
		}
	}
	return span{}
}

// head is the first lines of the document, where the issuer and the title
// are written.
func (d *doc) head() unit {
	end := len(d.runes)
	n := 0
	for _, start := range d.lines[1:] {
		if strings.TrimSpace(string(d.runes[d.lines[n]:start])) != "" {
			n++
		}
		if n >= 4 {
			end = start
			break
		}
	}
	if end > 240 {
		end = 240
	}
	if end > len(d.runes) {
		end = len(d.runes)
	}
	return d.unitOf(0, end, string(d.runes[:end]))
}

// foot is the signature block: the last three non-empty lines, or the
// last 120 characters when the lines are longer. A line that only names a
// body there is the one who issued the document (落款).
func (d *doc) foot() unit {
	start := len(d.runes)
	n := 0
	for i := len(d.lines) - 1; i >= 0; i-- {
		s := d.lines[i]
		e := len(d.runes)
		if i+1 < len(d.lines) {
			e = d.lines[i+1]
		}
		if strings.TrimSpace(string(d.runes[s:e])) != "" {
			n++
		}
		start = s
		if n >= 3 {
			break
		}
	}
	if len(d.runes)-start > 120 {
		start = len(d.runes) - 120
	}
	return d.unitOf(start, len(d.runes), string(d.runes[start:]))
}

func trimSpaceSpan(r []rune, s, e int) (int, int) {
	for s < e && isSpaceRune(r[s]) {
		s++
	}
	for e > s && isSpaceRune(r[e-1]) {
		e--
	}
	return s, e
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', '\u3000', '\u00a0':
		return true
	}
	return false
}

// line is the 1-based line of rune offset pos.
func (d *doc) line(pos int) int {
	return sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > pos })
}

// sentenceIndex is the index of the sentence containing pos (or the last
// one starting before it).
func (d *doc) sentenceIndex(pos int) int {
	i := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].Start > pos })
	return i - 1
}

func spanIndex(spans []segment.Span, pos int) int {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].Start > pos }) - 1
	if i >= 0 && pos < spans[i].End {
		return i
	}
	return -1
}

// expand widens s to the clauses (or sentence) it touches, then trims
// closing punctuation so the quote reads as the offending phrase.
func (d *doc) expand(s span, how string) span {
	spans := d.clauses
	if how == "sentence" {
		spans = d.sents
	}
	m := s
	if how != "match" {
		if i := spanIndex(spans, s.start); i >= 0 {
			s.start = spans[i].Start
		}
		if j := spanIndex(spans, s.end-1); j >= 0 && spans[j].End > s.end {
			s.end = spans[j].End
		}
	}
	if len(d.rows) > 0 {
		s = d.clipToCell(s, m)
	}
	for s.end > s.start && isTrailingPunct(d.runes[s.end-1]) {
		s.end--
	}
	for s.end > s.start && isSpaceRune(d.runes[s.start]) {
		s.start++
	}
	// A clause quote starts after its list marker (第五条, （三）, 3．):
	// the reviewer quotes the words, not the numbering.
	if how != "match" {
		head := string(d.runes[s.start:min(s.end, s.start+16)])
		if loc := enumerator.FindStringIndex(head); loc != nil {
			if n := utf8.RuneCountInString(head[:loc[1]]); s.start+n < s.end {
				s.start += n
			}
		}
	}
	return s
}

var enumerator = lazyCompile(`^(?:第[一二三四五六七八九十百零〇0-9]+条[ \t\x{3000}]*|[（(][一二三四五六七八九十0-9]+[）)][ \t\x{3000}]*|[0-9０-９]+[．.、][ \t\x{3000}]*|[一二三四五六七八九十]+、[ \t\x{3000}]*)`)

func isTrailingPunct(r rune) bool {
	return strings.ContainsRune("，,、：:；;。！!？? \t\u3000", r)
}

// matcher is a compiled Spec.
type matcher struct {
	any      []string
	all      [][]string
	patterns []tokenPattern
	regex    []*ruleRegexp
	together []cooccur
}

// cooccur is a compiled Together: every group must match in the unit.
type cooccur struct {
	groups []*ruleRegexp
	within int
}

// maxGroupHits bounds the places of one group looked at in a unit.
const maxGroupHits = 16

// find returns the earliest stretch of text (byte offsets) holding a hit
// of every group, no longer than within characters when within is set.
func (c cooccur) find(text string) (int, int, bool) {
	hits := make([][][]int, len(c.groups))
	var starts []int
	for i, re := range c.groups {
		for _, h := range re.FindAllStringIndex(text, maxGroupHits) {
			if h[1] > h[0] {
				hits[i] = append(hits[i], h)
				starts = append(starts, h[0])
			}
		}
		if len(hits[i]) == 0 {
			return 0, 0, false
		}
	}
	sort.Ints(starts)
	for _, st := range starts {
		end, ok := st, true
		for _, hs := range hits {
			best := -1
			for _, h := range hs {
				if h[0] >= st && (best < 0 || h[1] < best) {
					best = h[1]
				}
			}
			if best < 0 {
				ok = false
				break
			}
			end = max(end, best)
		}
		if ok && (c.within <= 0 || utf8.RuneCountInString(text[st:end]) <= c.within) {
			return st, end, true
		}
	}
	return 0, 0, false
}

func compileSpec(s *Spec) (*matcher, error) {
	m := &matcher{}
	for _, k := range s.Any {
		if k == "" {
			return nil, fmt.Errorf("any 中有空关键词")
		}
		m.any = append(m.any, k)
	}
	for _, g := range s.All {
		alts := splitAlts(g)
		if len(alts) == 0 {
			return nil, fmt.Errorf("all 中有空项")
		}
		m.all = append(m.all, alts)
	}
	for _, p := range s.Patterns {
		tp, err := compilePattern(p)
		if err != nil {
			return nil, err
		}
		m.patterns = append(m.patterns, tp)
	}
	for _, r := range s.Regex {
		x, err := expandVocab(r)
		if err != nil {
			return nil, err
		}
		re, err := compileRuleRegexp(x)
		if err != nil {
			return nil, fmt.Errorf("正则表达式 %q 无法编译：%w", r, err)
		}
		m.regex = append(m.regex, re)
	}
	for _, t := range s.Together {
		if len(t.AllOf) < 2 || t.Within < 0 {
			return nil, fmt.Errorf("together 每项的 all_of 至少要有两组，within 不能为负")
		}
		c := cooccur{within: t.Within}
		for _, g := range t.AllOf {
			x, err := expandVocab(g)
			if err != nil {
				return nil, err
			}
			re, err := compileRuleRegexp(x)
			if err != nil {
				return nil, fmt.Errorf("together 的 %q 无法编译：%w", g, err)
			}
			c.groups = append(c.groups, re)
		}
		m.together = append(m.together, c)
	}
	if len(m.any)+len(m.all)+len(m.patterns)+len(m.regex)+len(m.together) == 0 {
		return nil, fmt.Errorf("匹配条件为空")
	}
	return m, nil
}

func splitAlts(s string) []string {
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// find returns the span (rune offsets in the document) that satisfies the
// matcher in u: the earliest hit among keywords, patterns and regexes,
// joined with the first hit of every All group.
func (m *matcher) find(d *doc, u unit) (span, bool) { return m.findOn(d, u, nil) }

// findOn is find running only the regular expressions on says may match
// (all of them when on is nil; see prefilterCache.regexesOn).
func (m *matcher) findOn(d *doc, u unit, on []bool) (span, bool) {
	best := span{-1, -1}
	alternatives := len(m.any)+len(m.patterns)+len(m.regex)+len(m.together) > 0
	if alternatives {
		take := func(s span) {
			if best.start < 0 || s.start < best.start || s.start == best.start && s.end > best.end {
				best = s
			}
		}
		for _, k := range m.any {
			if i := strings.Index(u.text, k); i >= 0 {
				s := u.start + utf8.RuneCountInString(u.text[:i])
				take(span{s, s + utf8.RuneCountInString(k)})
			}
		}
		for i, re := range m.regex {
			if on != nil && !on[i] {
				continue
			}
			if loc := re.FindStringIndex(u.text); loc != nil && loc[1] > loc[0] {
				s := u.start + utf8.RuneCountInString(u.text[:loc[0]])
				take(span{s, s + utf8.RuneCountInString(u.text[loc[0]:loc[1]])})
			}
		}
		for _, p := range m.patterns {
			if s, ok := p.find(d.tokens[u.tokLo:u.tokHi]); ok {
				take(s)
			}
		}
		for _, c := range m.together {
			if a, b, ok := c.find(u.text); ok {
				s := u.start + utf8.RuneCountInString(u.text[:a])
				take(span{s, s + utf8.RuneCountInString(u.text[a:b])})
			}
		}
		if best.start < 0 {
			return span{}, false
		}
	}
	for _, g := range m.all {
		hit := span{-1, -1}
		for _, k := range g {
			if i := strings.Index(u.text, k); i >= 0 {
				s := u.start + utf8.RuneCountInString(u.text[:i])
				if hit.start < 0 || s < hit.start {
					hit = span{s, s + utf8.RuneCountInString(k)}
				}
			}
		}
		if hit.start < 0 {
			return span{}, false
		}
		if best.start < 0 {
			best = hit
		} else {
			best.start, best.end = min(best.start, hit.start), max(best.end, hit.end)
		}
	}
	return best, true
}

// tokenPattern is a sequence over jieba tokens: alternatives of exact
// tokens, "~a|b" for tokens containing a or b, and gaps "*n" / "*m-n" of
// any tokens. Matching on tokens rather than characters keeps 罚 from
// matching inside 处罚 while still allowing words in between.
type tokenPattern []patElem

type patElem struct {
	exact    []string
	contains []string
	gapMin   int
	gapMax   int
	gap      bool
}

func compilePattern(p []string) (tokenPattern, error) {
	var tp tokenPattern
	for _, e := range p {
		e = strings.TrimSpace(e)
		switch {
		case strings.HasPrefix(e, "*"):
			lo, hi := 0, 0
			r := strings.TrimPrefix(e, "*")
			var err error
			if a, b, ok := strings.Cut(r, "-"); ok {
				lo, err = strconv.Atoi(a)
				if err == nil {
					hi, err = strconv.Atoi(b)
				}
			} else {
				hi, err = strconv.Atoi(r)
			}
			if err != nil || lo < 0 || hi < lo || hi > 20 {
				return nil, fmt.Errorf("间隔“%s”应写成 *n 或 *m-n（n 不超过 20）", e)
			}
			tp = append(tp, patElem{gap: true, gapMin: lo, gapMax: hi})
		case strings.HasPrefix(e, "~"):
			alts := splitAlts(strings.TrimPrefix(e, "~"))
			if len(alts) == 0 {
				return nil, fmt.Errorf("模式元素“%s”为空", e)
			}
			tp = append(tp, patElem{contains: alts})
		default:
			alts := splitAlts(e)
			if len(alts) == 0 {
				return nil, fmt.Errorf("模式中有空元素")
			}
			tp = append(tp, patElem{exact: alts})
		}
	}
	if len(tp) == 0 || tp[0].gap || tp[len(tp)-1].gap {
		return nil, fmt.Errorf("模式必须以词开始并以词结束")
	}
	return tp, nil
}

func (e patElem) accepts(tok string) bool {
	for _, a := range e.exact {
		if tok == a {
			return true
		}
	}
	for _, a := range e.contains {
		if strings.Contains(tok, a) {
			return true
		}
	}
	return false
}

func (p tokenPattern) find(toks []segment.Token) (span, bool) {
	for i := range toks {
		if !p[0].accepts(toks[i].Text) {
			continue
		}
		if end, ok := p.matchFrom(toks, 1, i+1); ok {
			return span{toks[i].Start, toks[end-1].End}, true
		}
	}
	return span{}, false
}

// matchFrom matches p[k:] starting at token i and returns the index after
// the last matched token. Gaps are bounded, so the search is bounded too.
func (p tokenPattern) matchFrom(toks []segment.Token, k, i int) (int, bool) {
	if k == len(p) {
		return i, true
	}
	e := p[k]
	if e.gap {
		for g := e.gapMin; g <= e.gapMax && i+g <= len(toks); g++ {
			if end, ok := p.matchFrom(toks, k+1, i+g); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(toks) && e.accepts(toks[i].Text) {
		return p.matchFrom(toks, k+1, i+1)
	}
	return 0, false
}
