package annotate

import (
	"regexp"
	"strings"
	"unicode"
)

// Offsets in comments index the extractor's text, which differs from the
// runs: automatic numbers ("第三条") are rendered into it, whitespace is
// normalized, deletions are dropped. So a quote is located by its
// characters, ignoring whitespace and character width, and the offset only
// chooses among several occurrences: the one nearest to where the offset
// says it should be.

// pos is a place between characters of a run: before child's rune idx.
// idx == 0 with child == len(children) is the end of the run.
type pos struct{ run, child, idx int }

func (a pos) less(b pos) bool {
	if a.run != b.run {
		return a.run < b.run
	}
	if a.child != b.child {
		return a.child < b.child
	}
	return a.idx < b.idx
}

// norm returns p with "after the last rune of a text child" written as
// "before the next child", so that equal places compare equal.
func (m *model) norm(p pos) pos {
	r := m.runs[p.run]
	if p.child < len(r.children) && p.idx >= len(r.children[p.child].text) && p.idx > 0 {
		return pos{p.run, p.child + 1, 0}
	}
	return p
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

// find returns the stream indexes where q occurs.
func (m *model) find(q []rune) []int {
	var hits []int
	if len(q) == 0 {
		return nil
	}
	for i := 0; i+len(q) <= len(m.stream); i++ {
		if m.stream[i].r != q[0] {
			continue
		}
		ok := true
		for j := 1; j < len(q); j++ {
			if m.stream[i+j].r != q[j] {
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

// locate finds the span of a quote: the stream indexes of its first and
// last character. expected is where the quote should start, in stream
// characters. label is the automatic number of the paragraph the quote
// starts in ("" if none). When the quote cannot be found, the span falls
// back to the whole paragraph around expected and exact is false.
func (m *model) locate(quote string, expected int, label string) (first, last int, exact bool, ok bool) {
	if len(m.stream) == 0 {
		return 0, 0, false, false
	}
	q := key(quote)
	tries := [][]rune{q}
	if l := key(label); len(l) > 0 && len(q) > len(l) && string(q[:len(l)]) == string(l) {
		tries = append(tries, q[len(l):])
	}
	if loc := labelRE.FindStringIndex(string(q)); loc != nil && loc[1] < len(string(q)) {
		tries = append(tries, []rune(strings.TrimSpace(string(q)[loc[1]:])))
	}
	for _, t := range tries {
		hits := m.find(t)
		if len(hits) == 0 {
			continue
		}
		best := hits[0]
		for _, h := range hits[1:] {
			if abs(h-expected) < abs(best-expected) {
				best = h
			}
		}
		return best, best + len(t) - 1, true, true
	}
	// Not found: mark the paragraph the offset points into, so the
	// comment is still near its text.
	e := min(max(expected, 0), len(m.stream)-1)
	p := m.runs[m.stream[e].run].para
	first, last = e, e
	for first > 0 && m.runs[m.stream[first-1].run].para == p {
		first--
	}
	for last+1 < len(m.stream) && m.runs[m.stream[last+1].run].para == p {
		last++
	}
	return first, last, false, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// span converts stream indexes to run positions: start before the first
// character, end after the last.
func (m *model) span(first, last int) (pos, pos) {
	a, b := m.stream[first], m.stream[last]
	return m.norm(pos{a.run, a.child, a.idx}), m.norm(pos{b.run, b.child, b.idx + 1})
}

// expectedIndex converts a rune offset into text (the extractor's) into a
// stream index: the number of non-space characters before it.
func expectedIndex(text []rune, offset int) int {
	n := 0
	for i := 0; i < offset && i < len(text); i++ {
		if !unicode.IsSpace(text[i]) {
			n++
		}
	}
	return n
}
