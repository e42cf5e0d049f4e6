package index

import (
	_ "embed"
	"fmt"
	"strings"

	"lawreview/corpus/segment"
)

//go:embed expand.txt
var expandTxt string

// expansion is one line of expand.txt.
type expansion struct {
	// when is a list of alternatives, any of which triggers the line; an
	// alternative is one or more words that must all be in the text, the
	// last of them the word expanded (村规民约&罚款: 罚款, when the text also
	// speaks of a 村规民约).
	when [][]string
	with []string // the statutory words added
	// replaced: the word names an institution the law in force abolished
	// ("=>!": 社会抚养费); the words added are the rule that replaced it,
	// and the word's pieces (the 抚养费 of 社会抚养费: a child's
	// maintenance) are not searched
	replaced bool
}

var expansions = mustParseExpansions(expandTxt)

// replacedLines are the "=>!" lines of expansions, which every typed word
// is checked against (see replaced).
var replacedLines = func() []expansion {
	var out []expansion
	for _, e := range expansions {
		if e.replaced {
			out = append(out, e)
		}
	}
	return out
}()

func mustParseExpansions(s string) []expansion {
	es, err := parseExpansions(s)
	if err != nil {
		panic(err) // expand.txt is compiled in; TestExpansions reads it too
	}
	return es
}

// parseExpansions reads expand.txt: "word|context&word|... => word word".
func parseExpansions(s string) ([]expansion, error) {
	var out []expansion
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			return nil, fmt.Errorf("expand.txt line %d: no =>", i+1)
		}
		var e expansion
		for _, alt := range strings.Split(left, "|") {
			var parts []string
			for _, p := range strings.Split(alt, "&") {
				if p = strings.TrimSpace(p); p != "" {
					parts = append(parts, p)
				}
			}
			if len(parts) > 0 {
				e.when = append(e.when, parts)
			}
		}
		if r, ok := strings.CutPrefix(right, "!"); ok {
			right, e.replaced = r, true
		}
		e.with = strings.Fields(right)
		if len(e.when) == 0 || len(e.with) == 0 {
			return nil, fmt.Errorf("expand.txt line %d: empty side", i+1)
		}
		out = append(out, e)
	}
	return out, nil
}

// expand returns the statutory words expand.txt adds for word, read in
// context (the whole query or sentence; word itself when it is the whole).
func expand(word, context string) []string {
	word, context = foldWidth(word), foldWidth(context)
	var out []string
	seen := map[string]bool{}
	for _, e := range expansions {
		if !e.hits(word, context) {
			continue
		}
		for _, w := range e.with {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// expansionTerms are the index terms of the statutory words expand.txt
// adds for word in context, minus those in have.
func (ix *Index) expansionTerms(word, context string, have map[string]bool) ([]wterm, error) {
	seg, err := segment.Shared()
	if err != nil {
		return nil, err
	}
	var out []wterm
	seen := map[string]bool{}
	for _, w := range expand(word, context) {
		ts, err := ix.wordTermsParts(seg, w, termOptions{}, false)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if !have[t.term] && !seen[t.term] {
				seen[t.term] = true
				out = append(out, wterm{term: t.term, boost: expansionWeight, virtual: t.virtual, kind: expansionTerm})
			}
		}
	}
	return out, nil
}

// hits reports whether the line applies to word in context: one of its
// alternatives' last word is in word, and the others in context.
func (e expansion) hits(word, context string) bool {
	for _, alt := range e.when {
		ok := strings.Contains(word, alt[len(alt)-1])
		for _, p := range alt[:len(alt)-1] {
			ok = ok && strings.Contains(context, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// replaced reports whether word, in context, names an abolished
// institution (a "=>!" line of expand.txt).
func replaced(word, context string) bool {
	if len(replacedLines) == 0 {
		return false
	}
	word, context = foldWidth(word), foldWidth(context)
	for _, e := range replacedLines {
		if e.hits(word, context) {
			return true
		}
	}
	return false
}
