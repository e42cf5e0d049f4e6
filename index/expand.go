package index

import (
	_ "embed"
	"strings"
)

//go:embed expand.txt
var expandTxt string

// expansion is one line of expand.txt.
type expansion struct {
	words []string // any of these in the text...
	with  string   // ...adds the terms of this text to the query
}

var expansions = parseExpansions(expandTxt)

func parseExpansions(s string) []expansion {
	var out []expansion
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		var e expansion
		for _, w := range strings.Split(left, "|") {
			if w = strings.TrimSpace(w); w != "" {
				e.words = append(e.words, w)
			}
		}
		e.with = strings.TrimSpace(right)
		if len(e.words) > 0 && e.with != "" {
			out = append(out, e)
		}
	}
	return out
}

// expansionWeight is the boost of a term added by expand.txt relative to
// the text's own terms.
const expansionWeight = 0.5

// expand returns the analysed terms that expand.txt adds for text, minus
// those in have.
func (ix *Index) expand(text string, have map[string]bool) []string {
	text = foldWidth(text)
	var out []string
	seen := map[string]bool{}
	for _, e := range expansions {
		hit := false
		for _, w := range e.words {
			if strings.Contains(text, w) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		for _, t := range ix.terms(e.with) {
			if !have[t] && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}
