package index

import (
	"strings"
	"unicode"
)

// parsedQuery is a user's search text split into its parts. The syntax is
// what a clerk types into a search box: words separated by spaces, a
// phrase in quotes ("违者罚款", “违者罚款” or 「违者罚款」) that must appear
// as written, and a word with a leading minus (-刑事) that must not appear.
type parsedQuery struct {
	Words   []string
	Phrases []string
	Exclude []string
}

// empty reports whether nothing positive is left to search for.
func (p parsedQuery) empty() bool { return len(p.Words) == 0 && len(p.Phrases) == 0 }

var closingQuote = map[rune]rune{'"': '"', '“': '”', '「': '」', '『': '』', '”': '”'}

// parseQuery never fails: an unclosed quote runs to the end of the text, a
// lone minus is an ordinary character.
func parseQuery(s string) parsedQuery {
	var p parsedQuery
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		r := rs[i]
		switch {
		case isQuerySpace(r):
			i++
		case closingQuote[r] != 0:
			close := closingQuote[r]
			j := i + 1
			for j < len(rs) && rs[j] != close {
				j++
			}
			if ph := strings.TrimSpace(string(rs[i+1 : j])); ph != "" {
				p.Phrases = append(p.Phrases, ph)
			}
			i = j + 1
		default:
			j := i
			for j < len(rs) && !isQuerySpace(rs[j]) && closingQuote[rs[j]] == 0 {
				j++
			}
			w := string(rs[i:j])
			i = j
			if (r == '-' || r == '－') && len(w) > len(string(r)) {
				p.Exclude = append(p.Exclude, w[len(string(r)):])
				continue
			}
			p.Words = append(p.Words, w)
		}
	}
	return p
}

func isQuerySpace(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }
