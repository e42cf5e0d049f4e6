package review

//go:generate go test -run ^TestAnchorTable$ -update .

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"sync"
)

// ruleRegexp is a regular expression of a rule (a Spec's regex, a group of
// a together), compiled when it first runs.
//
// A cold `lawreview review` loads all 95 rules, whose ~700 expressions
// (325 KB once their word classes are spelt out) took a tenth of its CPU
// to compile and a seventh to parse again for the prefilter's anchors,
// while a draft reaches only the expressions whose anchors it holds. So
// the embedded rules' expressions are listed in a table generated from
// them (anchortable.go, `go generate ./review`): their anchors are read
// from it, and since each of them compiled when the table was made, they
// are compiled only when first needed. An expression not in the table (a
// rule file of one's own, an edited rule before the table is made again)
// is compiled at once, so that a bad one is still reported when its rule
// loads, and its anchors are parsed as before. TestAnchorTable fails when
// the table and the embedded rules disagree in anything.
type ruleRegexp struct {
	src   string
	known int // index in the anchor table, -1 when not there

	once sync.Once
	re   *regexp.Regexp
}

// compileRuleRegexp prepares expr (word classes already expanded).
func compileRuleRegexp(expr string) (*ruleRegexp, error) {
	r := &ruleRegexp{src: expr, known: anchorTableIndex(expr)}
	if r.known < 0 {
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, err
		}
		r.once.Do(func() { r.re = re })
	}
	return r, nil
}

// String is the expression's source, as regexp.Regexp's String.
func (r *ruleRegexp) String() string { return r.src }

// compiled returns the compiled expression, compiling it on first use.
// Only expressions that compiled when the table was generated are
// compiled here, so it cannot fail.
func (r *ruleRegexp) compiled() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.src) })
	return r.re
}

func (r *ruleRegexp) FindStringIndex(s string) []int { return r.compiled().FindStringIndex(s) }

func (r *ruleRegexp) FindAllStringIndex(s string, n int) [][]int {
	return r.compiled().FindAllStringIndex(s, n)
}

// clauses returns regexpClauses(r.String()).
func (r *ruleRegexp) clauses() [][]string {
	if r.known >= 0 {
		return anchorTableClauses[r.known]
	}
	return parsedClauses(r.src)
}

// anchorKey names an expression in the anchor table: the first 16 bytes
// of its SHA-256 in hex. The table holds the digests, not the 325 KB of
// expressions.
func anchorKey(expr string) string {
	sum := sha256.Sum256([]byte(expr))
	return hex.EncodeToString(sum[:16])
}

// anchorTableIndex returns expr's index in the anchor table, or -1.
func anchorTableIndex(expr string) int {
	key := anchorKey(expr)
	i := sort.SearchStrings(anchorTableKeys[:], key)
	if i < len(anchorTableKeys) && anchorTableKeys[i] == key {
		return i
	}
	return -1
}
