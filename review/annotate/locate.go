package annotate

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"lawreview/corpus/docx"
	"lawreview/corpus/extract"
)

// Offsets in comments index the extractor's text, which differs from the
// runs: automatic numbers ("第三条") are rendered into it, whitespace is
// normalized, deletions are dropped. The extractor says where each of its
// runes is in the runs, so the offset gives the exact place the quote should
// start; the quote is still located by its characters, ignoring whitespace
// and character width, and the offset only chooses among several
// occurrences: the one nearest to where the offset says it should be.

// finder locates quotes among the characters of a body.
type finder struct {
	b     *docx.Body
	chars []docx.Char // the body's visible characters, in document order
	keys  []rune      // chars folded, for matching
	text  []rune      // the text the offsets index
	pos   []docx.Pos  // where each rune of text is in the runs
	paras []extract.Paragraph
}

func newFinder(b *docx.Body, text []rune, pos []docx.Pos, paras []extract.Paragraph) *finder {
	f := &finder{b: b, chars: b.Chars(), text: text, pos: pos, paras: paras}
	f.keys = make([]rune, len(f.chars))
	for i, c := range f.chars {
		f.keys[i] = fold(c.R)
	}
	return f
}

func fold(r rune) rune {
	if f := width.LookupRune(r).Folded(); f != 0 {
		return f
	}
	return r
}

func key(s string) []rune {
	var out []rune
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, fold(r))
		}
	}
	return out
}

// place locates a quote that should start at rune offset start of the
// text, and returns the places around it in the runs.
func (f *finder) place(quote string, start int) (docx.Pos, docx.Pos) {
	label := ""
	for _, p := range f.paras {
		if start >= p.Start && start < p.End {
			// The quote may start inside the number: keep the part of
			// the label it holds.
			if l := []rune(p.Label); start-p.Start < len(l) && strings.HasPrefix(p.Text, p.Label) {
				label = string(l[start-p.Start:])
			}
			break
		}
	}
	first, last, _ := f.locate(quote, f.expected(start), label)
	return f.b.Range(f.chars[first].Pos, f.chars[last].Pos)
}

// expected is the index in chars where a quote starting at rune offset
// start of the text should start: that of the first character at or after
// start that a run holds.
func (f *finder) expected(start int) int {
	for i := max(start, 0); i < len(f.pos); i++ {
		if p := f.pos[i]; p.Run >= 0 {
			return sort.Search(len(f.chars), func(k int) bool { return !f.chars[k].Less(p) })
		}
	}
	return len(f.chars)
}

// find returns the indexes in chars where q occurs.
func (f *finder) find(q []rune) []int {
	var hits []int
	if len(q) == 0 {
		return nil
	}
	for i := 0; i+len(q) <= len(f.keys); i++ {
		if f.keys[i] != q[0] {
			continue
		}
		ok := true
		for j := 1; j < len(q); j++ {
			if f.keys[i+j] != q[j] {
				ok = false
				break
			}
		}
		if ok {
			hits = append(hits, i)
		}
	}
	return hits
}

var labelRE = regexp.MustCompile(`^(第[一二三四五六七八九十百千零〇两0-9]+[条章节款项编](之[一二三四五六七八九十]+)?|[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|[①-⑳])`)

// locate finds the span of a quote: the indexes in chars of its first and
// last character. expected is where the quote should start. label is the
// automatic number of the paragraph the quote starts in ("" if none). When
// the quote cannot be found, the span falls back to the whole paragraph
// around expected and exact is false. chars must not be empty.
func (f *finder) locate(quote string, expected int, label string) (first, last int, exact bool) {
	q := key(quote)
	tries := [][]rune{q}
	if l := key(label); len(l) > 0 && len(q) > len(l) && string(q[:len(l)]) == string(l) {
		tries = append(tries, q[len(l):])
	}
	if loc := labelRE.FindStringIndex(string(q)); loc != nil && loc[1] < len(string(q)) {
		tries = append(tries, []rune(strings.TrimSpace(string(q)[loc[1]:])))
	}
	for _, t := range tries {
		hits := f.find(t)
		if len(hits) == 0 {
			continue
		}
		best := hits[0]
		for _, h := range hits[1:] {
			if abs(h-expected) < abs(best-expected) {
				best = h
			}
		}
		return best, best + len(t) - 1, true
	}
	// Not found: mark the paragraph the offset points into, so the
	// comment is still near its text.
	para := func(i int) int { return f.b.Runs[f.chars[i].Run].Para }
	e := min(max(expected, 0), len(f.chars)-1)
	p := para(e)
	first, last = e, e
	for first > 0 && para(first-1) == p {
		first--
	}
	for last+1 < len(f.chars) && para(last+1) == p {
		last++
	}
	return first, last, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
