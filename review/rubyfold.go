package review

import (
	"strings"
	"unicode/utf8"
)

// Some mirrors of government sites print the pinyin of every traditional
// character after it (關(guān)於實(shí)施全域火葬的通告). The annotations cut every
// word the rules read (罰(fá)款 is not 罰款), so the engine reads the text
// without them; an offset map gives every finding back its place in the
// document as written.

// toneVowels are the vowels that carry a pinyin tone mark. An annotation
// is taken out only when it holds one: "(a)" or "(cm)" in a document is
// numbering or a unit, "(guān)" is nothing but pinyin.
const toneVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"

// pinyinLetter reports whether r may appear in a pinyin syllable.
func pinyinLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r == 'ü' || strings.ContainsRune(toneVowels, r)
}

// annotationAt returns the rune length of a pinyin annotation starting at
// rs[i] — an opening bracket, one syllable of at most seven letters with a
// tone mark, a closing bracket — or 0.
func annotationAt(rs []rune, i int) int {
	if rs[i] != '(' && rs[i] != '（' {
		return 0
	}
	toned := false
	for j := i + 1; j < len(rs) && j <= i+8; j++ {
		r := rs[j]
		switch {
		case r == ')' || r == '）':
			if toned && j > i+1 {
				return j - i + 1
			}
			return 0
		case strings.ContainsRune(toneVowels, r):
			toned = true
		case !pinyinLetter(r):
			return 0
		}
	}
	return 0
}

// stripRomanisation returns s without its pinyin annotations and, when any
// was taken out, at: at[i] is the rune offset in s of rune i of the result,
// and at[len(result)] = the rune count of s. An annotation counts only
// after a character other than a space or a bracket (the character it
// reads), so that a parenthesised word of its own is left.
func stripRomanisation(s string) (string, []int) {
	if !strings.ContainsAny(s, toneVowels) {
		return s, nil
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	at := make([]int, 0, len(rs)+1)
	for i := 0; i < len(rs); i++ {
		if i > 0 && !strings.ContainsRune(" \t\n(（)）", rs[i-1]) {
			if n := annotationAt(rs, i); n > 0 {
				i += n - 1
				continue
			}
		}
		out = append(out, rs[i])
		at = append(at, i)
	}
	if len(out) == len(rs) {
		return s, nil
	}
	at = append(at, len(rs))
	return string(out), at
}

// readable is a document as the rules read it (readInput) and the way
// back to the document as written.
type readable struct {
	Input
	changed bool  // anything folded or taken out
	at      []int // rune offsets of the read text in the written; nil: the same
}

// readInput folds traditional characters (tradfold.go) and takes out
// pinyin annotations from the title, the text and the paragraphs of in.
func readInput(in Input) readable {
	var changed bool
	fold := func(s string) string {
		s, _ = stripRomanisation(s)
		s, _ = foldTraditional(s)
		return s
	}
	r := readable{Input: in}
	text, at := stripRomanisation(in.Text)
	r.at = at
	r.Text = text
	r.Title = fold(in.Title)
	if len(in.Paragraphs) > 0 {
		ps := append(in.Paragraphs[:0:0], in.Paragraphs...)
		for i := range ps {
			ps[i].Text = fold(ps[i].Text)
		}
		r.Paragraphs = ps
	}
	r.Text, changed = foldTraditional(r.Text)
	r.changed = changed || at != nil || r.Title != in.Title
	for i := range r.Paragraphs {
		r.changed = r.changed || r.Paragraphs[i].Text != in.Paragraphs[i].Text
	}
	return r
}

// span maps a rune range of the read text to the written one. A range
// that ends on an annotated character keeps the annotation.
func (r readable) span(start, end int) (int, int) {
	if r.at == nil || start < 0 || end < start || end >= len(r.at) {
		return start, end
	}
	return r.at[start], r.at[end]
}

// title is the report's title as the document writes it: the given title,
// or the read text's first line read back from the original.
func (r readable) title(orig Input, title string) string {
	if orig.Title != "" {
		return orig.Title
	}
	i := strings.Index(r.Text, title)
	if i < 0 || title == "" {
		return title
	}
	n := utf8.RuneCountInString(r.Text[:i])
	start, end := r.span(n, n+utf8.RuneCountInString(title))
	if w := []rune(orig.Text); end <= len(w) && start <= end {
		return string(w[start:end])
	}
	return title
}
