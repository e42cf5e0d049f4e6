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
