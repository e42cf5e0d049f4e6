package index

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/segment"
)

//go:embed expand.txt
var expandTxt string

// doctrine.txt names the doctrines and institutions a lawyer calls by
// their textbook name (情势变更, 表见代理, 代位继承) with the words of the
// article that states them; its lines are expand.txt's, each citing that
// article ("@ 民法典 第五百三十三条"), which TestDoctrineLines reads.
//
//go:embed doctrine.txt
var doctrineTxt string

// spoken.txt holds the spoken words for the statute's terms (欠薪 →
// 劳动报酬), lines in expand.txt's format that apply only to a typed word.
//
//go:embed spoken.txt
var spokenTxt string

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
	// cites are the articles whose words the line adds, as "<short law
	// name> <article>" (doctrine.txt's "@" part; tests check the words
	// against them)
	cites []string
	// typed: the line applies only to a word of at most maxWordRunes, a
	// word an adviser types (spoken.txt), not a draft's clause
	typed bool
}

// doctrines are the lines of doctrine.txt; expansions holds expand.txt's,
// spoken.txt's and then them.
var (
	doctrines   = mustParseExpansions(doctrineTxt)
	spokenWords = typedOnly(mustParseExpansions(spokenTxt))
	expansions  = append(append(mustParseExpansions(expandTxt), spokenWords...), doctrines...)
)

// typedOnly marks lines as applying only to a typed word.
func typedOnly(es []expansion) []expansion {
	for i := range es {
		es[i].typed = true
	}
	return es
}

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

// parseExpansions reads expand.txt: "word|context&word|... => word word",
// and doctrine.txt, whose lines end "@ law article; law article".
func parseExpansions(s string) ([]expansion, error) {
	var out []expansion
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var cites []string
		if j := strings.LastIndex(line, "@"); j >= 0 {
			for _, c := range strings.Split(line[j+1:], ";") {
				if c = strings.Join(strings.Fields(c), " "); c != "" {
					cites = append(cites, c)
				}
			}
			if len(cites) == 0 {
				return nil, fmt.Errorf("line %d: nothing after @", i+1)
			}
			line = strings.TrimSpace(line[:j])
		}
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			return nil, fmt.Errorf("expand.txt line %d: no =>", i+1)
		}
		e := expansion{cites: cites}
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

// expand returns the statutory words expand.txt and doctrine.txt add for
// word, read in context (the whole query or sentence; word itself when it
// is the whole).
func expand(word, context string) []string {
	var out []string
	for _, w := range expandWeighted(word, context) {
		out = append(out, w.word)
	}
	return out
}

// doctrineWeight is the weight of the words doctrine.txt adds: the
// article's own words for what the name means (情势变更 is 合同的基础条件
// 发生了…重大变化), as strong as the name typed, where expand.txt's words
// are related ones (expansionWeight).
var doctrineWeight = 1.0

// weightedWord is a statutory word added for a typed one, with its weight.
type weightedWord struct {
	word  string
	boost float64
}

// expandWeighted is expand with each word's weight; a word two lines add
// keeps the first's.
func expandWeighted(word, context string) []weightedWord {
	word, context = foldWidth(word), foldWidth(context)
	var out []weightedWord
	seen := map[string]bool{}
	typed := utf8.RuneCountInString(word) <= maxWordRunes
	for _, e := range expansions {
		if (e.typed && !typed) || !e.hits(word, context) {
			continue
		}
		boost := expansionWeight
		if len(e.cites) > 0 {
			boost = doctrineWeight
		}
		for _, w := range e.with {
			if !seen[w] {
				seen[w] = true
				out = append(out, weightedWord{w, boost})
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
	for _, w := range expandWeighted(word, context) {
		for _, piece := range phrasePieces(seg, w.word) {
			ts, err := ix.wordTermsParts(seg, piece, termOptions{}, false)
			if err != nil {
				return nil, err
			}
			for _, t := range ts {
				if !have[t.term] && !seen[t.term] {
					seen[t.term] = true
					out = append(out, wterm{term: t.term, boost: w.boost, virtual: t.virtual, kind: expansionTerm})
				}
			}
		}
	}
	return out, nil
}

// phrasePieces cuts a statutory phrase longer than maxPhraseRunes (a
// clause of doctrine.txt: 合同的基础条件发生了当事人在订立合同时无法预见的)
// into pieces of about equal length at jieba's word boundaries, each at
// most maxPhraseRunes unless one word is longer: each is searched as
// written, where the whole would be searched by its words one by one
// (see wordTermsParts), and 合同, 条件, 发生 are in every other article.
func phrasePieces(seg *segment.Segmenter, w string) []string {
	n := utf8.RuneCountInString(w)
	if n <= maxPhraseRunes {
		return []string{w}
	}
	k := (n + maxPhraseRunes - 1) / maxPhraseRunes
	target := (n + k - 1) / k
	var out []string
	var cur strings.Builder
	curN := 0
	for _, tk := range seg.Cut(w) {
		tn := utf8.RuneCountInString(tk.Text)
		if curN > 0 && (curN >= target || curN+tn > maxPhraseRunes) {
			out = append(out, cur.String())
			cur.Reset()
			curN = 0
		}
		cur.WriteString(tk.Text)
		curN += tn
	}
	if curN > 0 {
		out = append(out, cur.String())
	}
	return out
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
