package review

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/review/ahocorasick"
)

// The prefilter keeps a rule's matcher away from sentences where it
// cannot match. Every rule is run on every sentence (or clause) of a
// draft, and running the regular expressions was two thirds of a review's
// time. But nearly every rule needs some literal text to be present: a
// keyword, the word a token pattern starts with, or a string every match
// of its regular expressions contains (罚款 in 处以[^。]{0,6}罚款). These
// anchors are derived from the compiled rules, never written by hand; one
// Aho–Corasick pass over a sentence tells which anchors occur there, and a
// rule's matcher runs only where each of its conditions has an anchor
// present. A rule from which no anchor can be derived always runs. The
// findings are the same with and without the prefilter
// (TestPrefilterKeepsFindings checks every rule example and evaluation
// draft).
//
// A rule whose matcher is many regular expressions (the 公平竞争 rules
// have forty-odd, one per way of writing a restriction) passes the
// rule's condition wherever any one of them has an anchor, which is
// nearly every sentence; there the same anchor sets also say which of
// its expressions can match, and only those run.
type prefilter struct {
	ac      *ahocorasick.Matcher
	words   int                      // uint64 words in an anchor bit set
	filters map[*Rule][]anchorClause // rules absent here always run
	// regexes holds, for a rule with several regular expressions, the
	// conditions of each (nil: none known, it always runs).
	regexes map[*Rule][][]anchorClause
}

// anchorClause is a condition of a matcher: one of its anchors must occur.
// It is the non-zero words of a bit set over the prefilter's anchors: a
// clause names a few of thousands of anchors, and is checked for every
// rule and sentence.
type anchorClause []clauseWord

type clauseWord struct {
	i    int    // index of the word in the bit set
	bits uint64 // the clause's anchors in it
}

// maxClauseAnchors bounds a clause, so that no expression can blow the
// automaton up: one with more alternatives than this is dropped (the rule
// then runs more often, never less). A bound of 512 dropped the joined
// condition of the two 公平竞争 rules with the most expressions (600 and
// 665 anchors, most of them specific words), and they ran on every
// sentence: half of the rules' time in a review.
const maxClauseAnchors = 4096

func newPrefilter(rules []*Rule) *prefilter {
	ids := map[string]int{}
	var anchors []string
	perRule := map[*Rule][][]string{}
	perRegex := map[*Rule][][][]string{}
	intern := func(clauses [][]string) {
		for _, c := range clauses {
			for _, a := range c {
				if _, ok := ids[a]; !ok {
					ids[a] = len(anchors)
					anchors = append(anchors, a)
				}
			}
		}
	}
	for _, r := range rules {
		m := r.mech.anchors()
		if m == nil {
			continue
		}
		if len(m.regex) > 1 {
			each := make([][][]string, len(m.regex))
			for i, re := range m.regex {
				each[i] = keptClauses(re.clauses())
				intern(each[i])
			}
			perRegex[r] = each
		}
		clauses := m.anchorClauses()
		if len(clauses) == 0 {
			continue
		}
		perRule[r] = clauses
		intern(clauses)
	}
	p := &prefilter{ac: ahocorasick.New(anchors), words: (len(anchors) + 63) / 64,
		filters: map[*Rule][]anchorClause{}, regexes: map[*Rule][][]anchorClause{}}
	var idx []int
	sets := func(clauses [][]string) []anchorClause {
		var out []anchorClause
		for _, c := range clauses {
			// The clause's anchors in order, gathered word by word (a
			// bit set of every anchor per clause was most of what the
			// prefilter allocated).
			idx = idx[:0]
			for _, a := range c {
				idx = append(idx, ids[a])
			}
			slices.Sort(idx)
			var cl anchorClause
			for _, id := range idx {
				if n := len(cl); n > 0 && cl[n-1].i == id/64 {
					cl[n-1].bits |= 1 << (id % 64)
				} else {
					cl = append(cl, clauseWord{id / 64, 1 << (id % 64)})
				}
			}
			out = append(out, cl)
		}
		return out
	}
	for r, clauses := range perRule {
		p.filters[r] = sets(clauses)
	}
	for r, each := range perRegex {
		conds := make([][]anchorClause, len(each))
		for i, clauses := range each {
			conds[i] = sets(clauses)
		}
		p.regexes[r] = conds
	}
	return p
}

// present returns the set of anchors occurring in text.
func (p *prefilter) present(text string) []uint64 {
	set := make([]uint64, p.words)
	p.ac.Scan(text, func(id int32) { set[id/64] |= 1 << (id % 64) })
	return set
}

// prefilterCache is one review's anchor sets, per stretch of the document.
type prefilterCache struct {
	p     *prefilter
	units map[span][]uint64
	texts map[string][]uint64 // presentText's answers
	on    []bool              // regexesOn's answer
}

// mayMatch reports whether r's matcher can match in u: false only when
// one of its conditions has no anchor in u's text.
func (c *prefilterCache) mayMatch(r *Rule, u unit) bool {
	if c == nil || c.p == nil {
		return true
	}
	clauses, ok := c.p.filters[r]
	if !ok {
		return true
	}
	return satisfied(clauses, c.present(u))
}

// present returns the anchors occurring in u, scanning u once per review.
func (c *prefilterCache) present(u unit) []uint64 {
	key := span{u.start, u.end}
	set, ok := c.units[key]
	if !ok {
		set = c.p.present(u.text)
		if c.units == nil {
			c.units = map[span][]uint64{}
		}
		c.units[key] = set
	}
	return set
}

// presentText returns the anchors occurring in a text that is no stretch
// of the document (a list's heading), scanning it once per review.
func (c *prefilterCache) presentText(text string) []uint64 {
	set, ok := c.texts[text]
	if !ok {
		set = c.p.present(text)
		if c.texts == nil {
			c.texts = map[string][]uint64{}
		}
		c.texts[text] = set
	}
	return set
}

// regexesOn says which of r's regular expressions can match in u (and so
// in any stretch of u): nil when all may, or when r has no such
// conditions. The slice is reused by the next call.
func (c *prefilterCache) regexesOn(r *Rule, u unit) []bool {
	if c == nil || c.p == nil {
		return nil
	}
	conds, ok := c.p.regexes[r]
	if !ok {
		return nil
	}
	set := c.present(u)
	c.on = c.on[:0]
	for _, cl := range conds {
		c.on = append(c.on, satisfied(cl, set))
	}
	return c.on
}

// satisfied reports whether every clause has an anchor in set.
func satisfied(clauses []anchorClause, set []uint64) bool {
	for _, cl := range clauses {
		hit := false
		for _, w := range cl {
			if w.bits&set[w.i] != 0 {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// anchorClauses returns conditions every match of m satisfies: for each,
// one of its strings occurs in the matched text. Keywords, token patterns
// and regular expressions are alternatives, so together they give one
// condition (the best of each, joined), and only when each of them has
// one; each All group is a condition of its own.
func (m *matcher) anchorClauses() [][]string {
	var out [][]string
	var alts [][][]string
	for _, k := range m.any {
		alts = append(alts, [][]string{{k}})
	}
	for _, p := range m.patterns {
		alts = append(alts, p.anchorClauses())
	}
	for _, re := range m.regex {
		alts = append(alts, re.clauses())
	}
	// Every group of a co-occurrence matches in the unit, so each group's
	// conditions hold there.
	for _, c := range m.together {
		var all [][]string
		for _, re := range c.groups {
			all = append(all, re.clauses()...)
		}
		alts = append(alts, all)
	}
	switch {
	case len(alts) == 1:
		out = append(out, alts[0]...)
	case len(alts) > 1:
		var joined []string
		for _, a := range alts {
			best := bestClause(a)
			if best == nil {
				joined = nil
				break
			}
			joined = append(joined, best...)
		}
		if joined != nil {
			out = append(out, joined)
		}
	}
	for _, g := range m.all {
		out = append(out, g) // the group's words are its anchors
	}
	return keptClauses(out)
}

// keptClauses drops the empty clauses and those over maxClauseAnchors.
func keptClauses(clauses [][]string) [][]string {
	var kept [][]string
	for _, c := range clauses {
		if len(c) > 0 && len(c) <= maxClauseAnchors {
			kept = append(kept, c)
		}
	}
	return kept
}

// regexpClauses returns conditions every match of the regular expression
// expr satisfies; nil when it cannot be parsed. The embedded rules' and
// concepts' expressions are read from the anchor table (ruleregexp.go).
func regexpClauses(expr string) [][]string {
	if i := anchorTableIndex(expr); i >= 0 {
		return anchorTableClauses[i]
	}
	return parsedClauses(expr)
}

// parsedClauses is regexpClauses worked out from the parsed expression.
func parsedClauses(expr string) [][]string {
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	return regexClauses(parsed.Simplify())
}

// anchorClauses of a token pattern: every element that is not a gap must
// accept a token inside the unit, and a token is a piece of the unit's
// text, so the element's words (exact, or contained in the token) are
// anchors.
func (p tokenPattern) anchorClauses() [][]string {
	var out [][]string
	for _, e := range p {
		if e.gap {
			continue
		}
		words := append(append([]string(nil), e.exact...), e.contains...)
		ok := len(words) > 0
		for _, w := range words {
			// A NUL in the text is cut as a space: a token of spaces may
			// not be text of the unit.
			ok = ok && strings.TrimSpace(w) == w && w != ""
		}
		if ok {
			out = append(out, words)
		}
	}
	return out
}

// regexClauses returns conditions every non-empty match of re satisfies.
func regexClauses(re *syntax.Regexp) [][]string {
	clauses, exact := regexAnchors(re)
	if exact != nil {
		return [][]string{exact}
	}
	return clauses
}

// maxExact bounds the strings a part of a regex is spelt out as.
const maxExact = 64

// regexAnchors returns conditions every match of re satisfies, and, when
// re matches only a few fixed strings ((?:征收|征地), [罚扣]款), those
// strings: the parts of a concatenation that are spelt out are joined into
// longer anchors (征地 rather than 征 and 地).
func regexAnchors(re *syntax.Regexp) (clauses [][]string, exact []string) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 {
			return nil, []string{string(re.Rune)}
		}
		// Case-insensitive: the runs of letters without case are in
		// every match as written.
		var run []rune
		flush := func() {
			if len(run) > 0 {
				clauses = append(clauses, []string{string(run)})
			}
			run = run[:0]
		}
		for _, r := range re.Rune {
			if unicode.SimpleFold(r) != r {
				flush()
				continue
			}
			run = append(run, r)
		}
		flush()
		return clauses, nil
	case syntax.OpCharClass:
		var runes []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] >= 16 {
				return nil, nil // a wide class such as [^。] anchors nothing
			}
			for r := re.Rune[i]; r <= re.Rune[i+1] && len(runes) <= 16; r++ {
				if !utf8.ValidRune(r) {
					return nil, nil
				}
				runes = append(runes, string(r))
			}
		}
		if len(runes) == 0 || len(runes) > 16 {
			return nil, nil
		}
		return nil, runes
	case syntax.OpCapture:
		return regexAnchors(re.Sub[0])
	case syntax.OpPlus:
		return regexClauses(re.Sub[0]), nil
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return regexClauses(re.Sub[0]), nil
		}
	case syntax.OpConcat:
		// Every part of a concatenation is in every match; adjacent
		// spelt-out parts are spelt out together.
		var run []string // product of the spelt-out parts so far
		exactAll := true
		flush := func() {
			if run != nil {
				clauses = append(clauses, run)
			}
			run = nil
		}
		for _, sub := range re.Sub {
			c, e := regexAnchors(sub)
			switch {
			case e == nil:
				exactAll = false
				flush()
				clauses = append(clauses, c...)
			case run == nil:
				run = e
			case len(run)*len(e) <= maxExact:
				var joined []string
				for _, a := range run {
					for _, b := range e {
						joined = append(joined, a+b)
					}
				}
				run = joined
			default:
				exactAll = false
				flush()
				run = e
			}
		}
		if exactAll && len(clauses) == 0 {
			return nil, run
		}
		flush()
		return clauses, nil
	case syntax.OpAlternate:
		// A match is one of the branches: one condition, the best of
		// each branch joined, if every branch has one.
		var joined, spelt []string
		allExact := true
		for _, sub := range re.Sub {
			c, e := regexAnchors(sub)
			if e != nil {
				spelt = append(spelt, e...)
				joined = append(joined, e...)
				continue
			}
			allExact = false
			best := bestClause(c)
			if best == nil {
				return nil, nil
			}
			joined = append(joined, best...)
		}
		if allExact && len(spelt) <= maxExact {
			return nil, spelt
		}
		return [][]string{joined}, nil
	}
	return nil, nil // stars, optional parts, any character, assertions
}

// bestClause picks the condition that filters most: its shortest anchor
// the longest (rarer text), then the fewest anchors.
func bestClause(clauses [][]string) []string {
	var best []string
	bestLen := 0
	for _, c := range clauses {
		if len(c) == 0 || len(c) > maxClauseAnchors {
			continue
		}
		shortest := len(c[0])
		for _, a := range c {
			shortest = min(shortest, len(a))
		}
		if best == nil || shortest > bestLen || shortest == bestLen && len(c) < len(best) {
			best, bestLen = c, shortest
		}
	}
	return best
}
