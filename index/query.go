package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lawreview/corpus/segment"
)

// A concept is what one typed word (or quoted phrase, or sentence) stands
// for in a query: its own terms and the statutory words expand.txt adds for
// it. An article that has any of them has the concept; ranking prefers the
// articles that have every concept of the query to those that have many
// terms of one.
type concept struct {
	word  string
	terms []wterm
	// laws are the short names of the laws the word's subject implies
	// (implied.txt): their articles have the concept
	laws []string
}

// wterm is a term with its weight in the query. A virtual term is a word
// the index does not hold as a term (代履行, which jieba cuts into 代 and 履行
// when indexing): it is found by its parts and counted in the text.
type wterm struct {
	term    string
	boost   float64
	virtual bool
	kind    termKind
}

// termKind says where a term of a concept comes from.
type termKind int

const (
	ownTerm       termKind = iota // the word as typed, or a word of it
	pieceTerm                     // a piece of a word searched as written (指定 of 指定交易)
	expansionTerm                 // a statutory word expand.txt adds
)

// Weights of the terms of a concept.
var (
	ownWeight       = 1.0
	partWeight      = 0.7 // a part of a word no article uses (外嫁 of 外嫁女)
	expansionWeight = 0.6 // a statutory word expand.txt adds
)

// termOptions say which terms of a text are evidence of what it is about.
type termOptions struct {
	single  bool // keep one-character terms (a one-character query)
	numbers bool // keep numbers (a user's 200元; never a draft's dates)
}

// keepTerm reports whether an analysed term is worth searching for. One
// character (者, 借, 元) says nothing on its own; dates, article numbers
// (第五条) and the numbers of a draft match articles that merely share a
// date or a number: 1月1日 led a lease clause to 会计法 第十一条, 第五十九条
// led 物权法 to 海商法.
func keepTerm(t string, o termOptions) bool {
	if t == "" || isPunct([]byte(t)) || stopWords[t] {
		return false
	}
	if utf8.RuneCountInString(t) < 2 && !o.single {
		return false
	}
	if isArticleRef(t) || isDateTerm(t) {
		return false
	}
	if !o.numbers && isNumberTerm(t) {
		return false
	}
	return true
}

// isNumberTerm: digits, Chinese numerals and their separators only.
func isNumberTerm(t string) bool {
	for _, r := range t {
		if !unicode.IsDigit(r) && !strings.ContainsRune(".%．〇零一二三四五六七八九十百千万两", r) {
			return false
		}
	}
	return true
}

// isArticleRef: 第五条, 第五十九, 五十九条, 第二款, 第二十条之一.
func isArticleRef(t string) bool {
	body, first := strings.CutPrefix(t, "第")
	if i := strings.Index(body, "之"); i > 0 {
		body = body[:i] // 第二十条之一
	}
	suffix := false
	for _, suf := range []string{"条", "款", "项", "章", "节", "编"} {
		if b, ok := strings.CutSuffix(body, suf); ok {
			body, suffix = b, true
			break
		}
	}
	return (first || suffix) && body != "" && isNumberTerm(body)
}

// isDateTerm: 2024年, 12月, 31日, 12月31日, and the leftovers of a date cut
// apart (日至, 月日). A span of years (二十年, 30年) is no date: 租赁期限不得
// 超过二十年 is found by it.
func isDateTerm(t string) bool {
	rs := []rune(t)
	var digits, arabic, zero int
	for _, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			digits++
			arabic++
		case r == '〇' || r == '零':
			digits++
			zero++
		case strings.ContainsRune("一二三四五六七八九十", r):
			digits++
		case strings.ContainsRune("年月日号至起止", r):
		default:
			return false
		}
	}
	switch {
	case digits == 0:
		return strings.ContainsAny(t, "月日") && len(rs) <= 2
	case digits == len(rs):
		return false
	case strings.ContainsAny(t, "月日号"):
		return true
	}
	// a year: 2024年, 二〇二四年
	return strings.Contains(t, "年") && (arabic >= 4 || zero > 0)
}

// maxWordRunes is the longest text looked up as one term: longer ones are
// phrases or sentences, and the document-frequency cache keeps every
// string it is asked about.
const maxWordRunes = 8

// maxPhraseRunes is the longest statutory phrase of expand.txt searched as
// written.
const maxPhraseRunes = 16

// wordTerms analyses one typed word for searching: the words jieba cuts it
// into (precise mode, so 村民委员会 stays one word and its sub-word 民委 does
// not become a term), and for a word no article uses, its dictionary parts.
func (ix *Index) wordTerms(seg *segment.Segmenter, word string, o termOptions) ([]wterm, error) {
	return ix.wordTermsParts(seg, word, o, true)
}

// wordTermsParts is wordTerms; without parts, a word the index does not
// hold as one term is searched as written only, not also by its pieces:
// a statutory phrase added by expand.txt (滥用行政权力) means the phrase,
// not 行政, which is in a fifth of all articles.
func (ix *Index) wordTermsParts(seg *segment.Segmenter, word string, o termOptions, parts bool) ([]wterm, error) {
	text := strings.ToLower(foldWidth(word))
	var out []wterm
	seen := map[string]bool{}
	add := func(t string, b float64, virtual bool) {
		if !seen[t] {
			seen[t] = true
			k := ownTerm
			if b < ownWeight {
				k = pieceTerm
			}
			out = append(out, wterm{term: t, boost: b, virtual: virtual, kind: k})
		}
	}
	n := utf8.RuneCountInString(text)
	longest := maxWordRunes
	if !parts {
		longest = maxPhraseRunes // a fixed statutory phrase, not a user's text
	}
	if n <= longest && keepTerm(text, o) {
		// A word the articles hold as one term (户无男性) is searched as
		// typed, not as the pieces the precise cut leaves (户, 无, 男性);
		// one they do not (停水停电, 一户一宅) is also looked for as
		// written.
		df, err := ix.docFreqs([]string{text})
		if err != nil {
			return nil, err
		}
		switch {
		case df[0] > 0:
			add(text, ownWeight, false)
			return out, nil
		case n >= 3:
			add(text, ownWeight, true)
			if !parts {
				return out, nil
			}
		}
	}
	// The pieces of a word searched as written weigh less than it: 指定
	// and 交易 are everywhere, 指定交易 is not.
	pieceWeight := ownWeight
	if len(out) > 0 {
		pieceWeight = partWeight
	}
	for _, tk := range seg.Cut(text) {
		w := tk.Text
		if !keepTerm(w, o) || (len(out) > 0 && isNumberTerm(w)) {
			// the 25 of 25年 alone is 25度, 25周岁, 第25号
			continue
		}
		df, err := ix.docFreqs([]string{w})
		if err != nil {
			return nil, err
		}
		if df[0] > 0 {
			add(w, pieceWeight, false)
			continue
		}
		// Not in any article as a word of its own (外嫁女, 代履行): the word
		// as written, found by its parts, and the parts that are words.
		add(w, pieceWeight, true)
		ps := ix.terms(w)
		dfs, err := ix.docFreqs(ps)
		if err != nil {
			return nil, err
		}
		for i, p := range ps {
			if p != w && dfs[i] > 0 && keepTerm(p, o) {
				add(p, partWeight, false)
			}
		}
	}
	return out, nil
}

// concepts analyses the typed words of a search.
func (ix *Index) concepts(words []string, context string, o termOptions) ([]concept, error) {
	seg, err := segment.Shared()
	if err != nil {
		return nil, err
	}
	// A term belongs to one concept: the word's own terms first, then the
	// statutory words, each to the first concept that adds it. Otherwise
	// 宅基地 added for 一户一宅 would let every article on 宅基地 count as
	// having both concepts of 宅基地 一户一宅.
	out := make([]concept, 0, len(words))
	have := map[string]bool{}
	if questionOn && slices.ContainsFunc(words, func(w string) bool { return questionStripped(w) == "" }) {
		// a word only asking (能不能) is no concept (question.go)
		words = slices.DeleteFunc(slices.Clone(words), func(w string) bool { return questionStripped(w) == "" })
	}
	for _, w := range words {
		ts, err := ix.wordTerms(seg, w, o)
		if err != nil {
			return nil, err
		}
		// the same number written otherwise (两年: 二年), as the word
		// itself; only a variant the index or the text holds whole, not
		// its pieces (the 2 of 2年)
		for _, v := range numeralVariants(w) {
			vs, err := ix.wordTermsParts(seg, v, o, false)
			if err != nil {
				return nil, err
			}
			whole := foldLower(v)
			for _, t := range vs {
				if t.term == whole {
					t.kind, t.boost = ownTerm, ownWeight
					ts = append(ts, t)
				}
			}
		}
		gone := replaced(w, context)
		var own []wterm
		for _, t := range ts {
			if gone && t.kind == pieceTerm {
				continue // 抚养费 of 社会抚养费 is a child's maintenance
			}
			if !have[t.term] {
				have[t.term] = true
				own = append(own, t)
			}
		}
		c := concept{word: w, terms: own}
		if utf8.RuneCountInString(w) <= maxWordRunes {
			// a typed word's subject; a pasted sentence (a draft's clause)
			// is found by its own words, and scanning an implied law for
			// its many terms made a clause search 15 % dearer
			c.laws = implied(w, context)
		}
		out = append(out, c)
	}
	for i, w := range words {
		ex, err := ix.expansionTerms(w, context, have)
		if err != nil {
			return nil, err
		}
		for _, t := range ex {
			if overlapsOther(t.term, out, i) {
				continue // 调解 added for 收费 would find every 人民调解 article
			}
			have[t.term] = true
			out[i].terms = append(out[i].terms, t)
		}
	}
	kept := out[:0]
	for _, c := range out {
		if len(c.terms) > 0 {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// termQuery finds the articles holding a term: a virtual term by all of
// its parts (the text has the word as written wherever they stand apart
// only by chance), nil when a part is in no article.
func (ix *Index) termQuery(t wterm) (query.Query, error) {
	if !t.virtual {
		tq := bleve.NewTermQuery(t.term)
		tq.SetField(fText)
		tq.SetBoost(t.boost)
		return tq, nil
	}
	parts := ix.terms(t.term)
	dfs, err := ix.docFreqs(parts)
	if err != nil {
		return nil, err
	}
	qs := make([]query.Query, 0, len(parts))
	for i, p := range parts {
		if dfs[i] == 0 {
			return nil, nil
		}
		tq := bleve.NewTermQuery(p)
		tq.SetField(fText)
		qs = append(qs, tq)
	}
	if len(qs) == 0 {
		return nil, nil
	}
	c := bleve.NewConjunctionQuery(qs...)
	c.SetBoost(t.boost)
	return c, nil
}

// docFreq is the number of articles holding a term; for a virtual term an
// estimate, a fourth of its rarest part's.
func (ix *Index) docFreq(t wterm) (int, error) {
	if !t.virtual {
		dfs, err := ix.docFreqs([]string{t.term})
		if err != nil {
			return 0, err
		}
		return dfs[0], nil
	}
	parts := ix.terms(t.term)
	dfs, err := ix.docFreqs(parts)
	if err != nil || len(dfs) == 0 {
		return 0, err
	}
	return max(slices.Min(dfs)/4, 1), nil
}

// overlapsOther reports whether term is part of, or holds, an own term of a
// concept other than the i-th: counted in the text, it would stand for it.
func overlapsOther(term string, cs []concept, i int) bool {
	for j, c := range cs {
		if j == i {
			continue
		}
		for _, t := range c.terms {
			if t.kind != expansionTerm && (strings.Contains(t.term, term) || strings.Contains(term, t.term)) {
				return true
			}
		}
	}
	return false
}
