package review

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Kind names a rule's mechanism, as Vale's `extends` names a check type:
// the loader derives it from the rule's fields (or reads an explicit
// `kind:`) and compiles the rule into that kind's type once, so the engine
// runs every rule the same way and never asks which fields a rule has.
type Kind string

// The kinds of rule.
const (
	KindMatch    Kind = "match"    // a clause or sentence pattern (match, unless, near)
	KindRequire  Kind = "require"  // document scope: something required is missing (require), or a document-wide place (when)
	KindCheck    Kind = "check"    // a built-in check of arithmetic (validity, lease-term, ...)
	KindCitation Kind = "citation" // a built-in check of the draft's citations of law
	KindManual   Kind = "manual"   // checklist-only: a human decides
)

var kinds = []Kind{KindMatch, KindRequire, KindCheck, KindCitation, KindManual}

// mechanism is a rule compiled for its kind.
type mechanism interface {
	// run returns the places the rule marks in the review's document; the
	// engine has already checked the rule's when precondition.
	run(c *reviewCtx) []raw
	// anchors is the matcher the prefilter derives its anchors from; nil:
	// the rule is not run sentence by sentence, so it is not filtered.
	anchors() *matcher
	// anyType reports whether the rule also runs on a document of unknown
	// type that uses the wording of one of its types (runsOn).
	anyType() bool
	// automated reports whether the rule reports findings at all.
	automated() bool
}

// kindOf derives a rule's kind from its fields, after the loader has
// checked that exactly one mechanism is given.
func (r *Rule) kindOf() Kind {
	switch {
	case r.Manual:
		return KindManual
	case strings.HasPrefix(r.Check, "citation"):
		return KindCitation
	case r.Check != "":
		return KindCheck
	case r.Match != nil:
		return KindMatch
	default:
		return KindRequire
	}
}

// setKind settles the rule's kind — the explicit `kind:` must agree with
// what the fields say — and compiles the rule's mechanism.
func (r *Rule) setKind() error {
	derived := r.kindOf()
	if r.Kind != "" && r.Kind != derived {
		if !slices.Contains(kinds, r.Kind) {
			names := make([]string, len(kinds))
			for i, k := range kinds {
				names[i] = string(k)
			}
			return fmt.Errorf("kind 应为 %s 之一，而不是“%s”", strings.Join(names, "、"), r.Kind)
		}
		return fmt.Errorf("kind 为 %s，但规则按其写法是 %s 规则", r.Kind, derived)
	}
	r.Kind = derived
	switch derived {
	case KindManual:
		r.mech = manualRule{}
	case KindCitation, KindCheck:
		r.mech = checkRule{r: r, check: builtinChecks[r.Check]}
	case KindMatch:
		r.mech = matchRule{r: r}
	case KindRequire:
		if r.Require != nil {
			r.mech = requireRule{r: r}
		} else {
			r.mech = whenRule{r: r}
		}
	}
	return nil
}

// manualRule reports nothing: its note goes to the checklist.
type manualRule struct{}

func (manualRule) run(*reviewCtx) []raw { return nil }
func (manualRule) anchors() *matcher    { return nil }
func (manualRule) anyType() bool        { return false }
func (manualRule) automated() bool      { return false }

// checkRule runs a built-in check (checks.go, citation.go). A check of one
// type (有效期, 租赁期限) says nothing about a document of another.
type checkRule struct {
	r     *Rule
	check func(c *reviewCtx, r *Rule) []raw
}

func (k checkRule) run(c *reviewCtx) []raw { return k.check(c, k.r) }
func (checkRule) anchors() *matcher        { return nil }
func (checkRule) anyType() bool            { return false }
func (checkRule) automated() bool          { return true }

// matchRule looks for its pattern in every clause or sentence.
type matchRule struct{ r *Rule }

func (k matchRule) run(c *reviewCtx) []raw {
	var out []raw
	seen := map[string]bool{}
	for _, u := range c.d.units(k.r.Scope) {
		xs := c.inUnit(k.r, u)
		if !k.r.Once {
			out = append(out, xs...)
			continue
		}
		// (Round 48v, ht-4810.) Once drops what repeats: the party line
		// written again at the signatures matches the same words. A rule
		// of several shapes (ct-capacity: a party that cannot contract, a
		// township fixing the land price, a firm taking land) keeps each
		// distinct wrong; only the first match of a unit counts, as before.
		if len(xs) == 0 {
			continue
		}
		if w := c.d.matchedWords(xs[0]); !seen[w] {
			seen[w] = true
			out = append(out, xs[0])
		}
	}
	return out
}

func (k matchRule) anchors() *matcher { return k.r.match }
func (matchRule) anyType() bool       { return true }
func (matchRule) automated() bool     { return true }

// requireRule reports what its document lacks (require), and whenRule a
// place of the whole document (when alone). What a requireRule reports
// missing from a document of its type says nothing about a document that
// may not be of that type, so it does not run on a document of unknown
// type. A whenRule reports what is there — a body that is no organ
// signing or deciding (nd-issuer-internal), a village issuing a
// government's measure — and its own when and unless tell whether the
// document is one it speaks of: since round 43f it runs on a document of
// unknown type that uses its types' wording, as clause rules do (t30b's
// qt-5915, qt-5917: a 双违办 pulling down and a 森防指办 fining, told in a
// news report), and the report says the type was not determined
// (NoticeDocumentOnOther).
type requireRule struct{ r *Rule }

func (k requireRule) run(c *reviewCtx) []raw {
	r, d := k.r, c.d
	if _, ok := r.require.find(d, d.whole); ok {
		return nil
	}
	// unless on a require-rule looks at the title: what kind of
	// document it is (a personnel decision is no 重大行政决策).
	if len(r.Unless) > 0 && d.title.end > d.title.start &&
		c.cancelled(r, d.unitOf(d.title.start, d.title.end, string(d.runes[d.title.start:d.title.end])), d.title) {
		return nil
	}
	return c.documentPlace(r, d.title)
}

func (requireRule) anchors() *matcher { return nil }
func (requireRule) anyType() bool     { return false }
func (requireRule) automated() bool   { return true }

type whenRule struct{ r *Rule }

// run reports the first place that satisfied when and no exception
// cancels, in the head and then the signature (whenUnits).
func (k whenRule) run(c *reviewCtx) []raw {
	r, d := k.r, c.d
	for _, u := range c.whenUnits(r) {
		if where, ok := r.when.find(d, u); ok && !c.cancelled(r, u, where) {
			return c.documentPlace(r, d.expand(where, r.Quote))
		}
	}
	return nil
}

func (whenRule) anchors() *matcher { return nil }
func (whenRule) anyType() bool     { return true }
func (whenRule) automated() bool   { return true }

// matchedWords is the text a finding's rule matched with spaces,
// punctuation and bracketed notes left out, so that a line repeated with
// other spacing or a seal's note (甲方（盖章）：…) reads as the same words.
func (d *doc) matchedWords(x raw) string {
	m := x.m
	if m.end <= m.start {
		m = x.s
	}
	var b strings.Builder
	depth := 0
	for _, r := range d.runes[m.start:m.end] {
		switch {
		case r == '（' || r == '(':
			depth++
		case (r == '）' || r == ')') && depth > 0:
			depth--
		case depth == 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		}
	}
	return b.String()
}
