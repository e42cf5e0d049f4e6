package review

import "strings"

// foldTraditional returns s with its traditional characters replaced by
// simplified ones, rune for rune (tradtable.go), and whether anything
// changed. The rules, the vocabulary and the law corpus are written in
// simplified characters; a notice reprinted by a site in Taiwan or Hong
// Kong (禁燃領導小組…處以罰款) would otherwise match none of them. Every
// rune offset of the result is one of s, so findings keep their places
// and Review quotes the document as written.
func foldTraditional(s string) (string, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { _, ok := tradFold[r]; return ok })
	if i < 0 {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if t, ok := tradFold[r]; ok {
			r = t
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// foldInput folds the title, the text and the paragraphs of in.
func foldInput(in Input) (Input, bool) {
	var changed, ok bool
	in.Title, ok = foldTraditional(in.Title)
	changed = changed || ok
	in.Text, ok = foldTraditional(in.Text)
	changed = changed || ok
	if len(in.Paragraphs) > 0 {
		ps := append(in.Paragraphs[:0:0], in.Paragraphs...)
		for i := range ps {
			ps[i].Text, ok = foldTraditional(ps[i].Text)
			changed = changed || ok
		}
		in.Paragraphs = ps
	}
	return in, changed
}

// unfoldTitle is the report's title as the document writes it: the given
// title, or the folded text's first line read back from the original.
func unfoldTitle(orig, folded Input, title string) string {
	if orig.Title != "" {
		return orig.Title
	}
	if i := strings.Index(folded.Text, title); i >= 0 && title != "" {
		n := len([]rune(folded.Text[:i]))
		r := []rune(orig.Text)
		if m := len([]rune(title)); n+m <= len(r) {
			return string(r[n : n+m])
		}
	}
	return title
}
