package review

import (
	"strings"
	"unicode/utf8"
)

// List items read with their heading (round 43f, gated in round 44f). A list states its act
// once, in the heading that ends with a colon, and leaves each item to
// name only whom or what it reaches: 禁止在下列场所燃放烟花爆竹： over
// （一）圩镇范围；, 对下列人员取消低保： nine lines above （三）长期在外务工的.
// Each item is a sentence of its own, so a rule whose elements are the act
// and its object finds neither half alone. itemWithHeadingFor joins an item
// to its heading the way rowWithHeader joins a table row to its header
// row (heading：item), and inHeaderRow reads the joined text when the item
// alone has no place of the rule; a place found is mapped back into the
// item, so the heading is still reported only as itself.
//
// Round 43f ran every rule again on every joined item: a statute's review
// took three times as long (statutes are lists under 下列 headings) and
// statutes' own lists met rules their items alone did not. Round 44f reads
// the joined text only for a rule that asks for it (Rule.Headings) and only
// where the heading completes the match: the item alone lacks one of the
// rule's literal anchors (prefilter.go) and the heading holds it. An item
// that has every anchor and still no match gets nothing from its heading's
// words, and a rule from which no anchor can be derived never joins.

// headingGate is the anchor automaton of the rules that read headings
// (nil when none does).
func headingGate(rules []*Rule) *prefilter {
	var hs []*Rule
	for _, r := range rules {
		if r.Headings && r.Match != nil {
			hs = append(hs, r)
		}
	}
	if len(hs) == 0 {
		return nil
	}
	return newPrefilter(hs)
}

// withHeading joins u to its list's heading for r, when r reads headings,
// u is a list item, and the heading completes what the item lacks: the
// item alone lacks one of r's literal anchors and the heading holds it.
// For a rule of several regular expressions this is asked of each (the
// rule's joint condition is weak: one anchor of any expression meets it),
// and on says which of them the heading completes: only those run on the
// joined text. An expression the item alone holds every anchor of already
// failed on the item.
func (c *reviewCtx) withHeading(r *Rule, u unit) (hr headerRow, on []bool, ok bool) {
	g := c.heads
	if !r.Headings || g == nil || g.p == nil {
		return headerRow{}, nil, false
	}
	clauses, ok := g.p.filters[r]
	if !ok {
		return headerRow{}, nil, false
	}
	item := g.present(u)
	conds, each := g.p.regexes[r]
	if !each && satisfied(clauses, item) {
		return headerRow{}, nil, false
	}
	if hr, ok = c.d.itemWithHeadingFor(u, r.ConditionHeadings); !ok {
		return headerRow{}, nil, false
	}
	head := g.presentText(hr.heading())
	if !satisfiedEither(clauses, item, head) {
		return headerRow{}, nil, false
	}
	if !each {
		return hr, nil, true
	}
	on = make([]bool, len(conds))
	any := false
	for i, cl := range conds {
		on[i] = len(cl) > 0 && !satisfied(cl, item) && satisfiedEither(cl, item, head)
		any = any || on[i]
	}
	return hr, on, any
}

// satisfiedEither is satisfied on the union of two anchor sets.
func satisfiedEither(clauses []anchorClause, a, b []uint64) bool {
	for _, cl := range clauses {
		hit := false
		for _, w := range cl {
			if w.bits&(a[w.i]|b[w.i]) != 0 {
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

// heading is the heading part of a joined list item, with the "：" that
// joins it (an expression may read the colon that opens the list).
func (hr headerRow) heading() string {
	if len(hr.cells) == 0 {
		return ""
	}
	return string([]rune(hr.u.text)[:hr.cells[0].cellAt])
}

// maxHeadingLines bounds how far above an item its heading is looked for:
// a list of more items than this names its act again, or is a register.
const maxHeadingLines = 24

// itemWithHeadingFor joins a list item's sentence to the heading of its list
// (the line above its first item that ends with a colon, or the part of
// the item's own line before the colon that opens an inline list). It is
// false when u is no list item, when a line between the item and the
// heading is no item of the list (the list ended), or when the heading is
// an item of the same numbering as u (a sibling that opened its own list:
// 二、 under 一、禁止在下列场所…： is no item of that list).
//
// When conditions is true it also joins an item to a heading that lists
// the cases of its own act (conditionHeading). A rule asks for that
// (Rule.ConditionHeadings) when the unlawful content is the case itself:
// 如有下列情况之一的不予报批：(1)违反计划生育规定的 — a village holding back
// a homestead's approval for a ground the law does not name (round 45a).
// For statutes' lists the items are conditions the heading's own act
// reads, so no other rule joins.
func (d *doc) itemWithHeadingFor(u unit, conditions bool) (headerRow, bool) {
	key := span{u.start, u.end}
	j, ok := d.headings[key]
	if !ok {
		if hr, cond, ok := d.joinHeading(u); ok {
			j = &headingJoin{hr: hr, cond: cond}
		}
		if d.headings == nil {
			d.headings = map[span]*headingJoin{}
		}
		d.headings[key] = j
	}
	if j == nil || j.cond && !conditions {
		return headerRow{}, false
	}
	return j.hr, true
}

// headingJoin is a list item joined to its heading, and whether the heading
// lists the cases of its own act (conditionHeading).
type headingJoin struct {
	hr   headerRow
	cond bool
}

// joinHeading is itemWithHeadingFor uncached; cond says the heading lists
// the cases of its own act.
func (d *doc) joinHeading(u unit) (hr headerRow, cond bool, ok bool) {
	s, e := trimSpaceSpan(d.runes, u.start, u.end)
	if e <= s {
		return headerRow{}, false, false
	}
	li := d.line(s) - 1
	if li < 0 || li >= len(d.lines) {
		return headerRow{}, false, false
	}
	item := string(d.runes[s:e])
	loc := enumerator.FindStringIndex(item)
	if loc == nil || strings.HasPrefix(item, "第") {
		// Articles (第N条) are a text's own divisions, not a list's items.
		return headerRow{}, false, false
	}
	style := numberStyle(item)
	body := s + utf8.RuneCountInString(item[:loc[1]])
	var heading string
	lineStart := d.lines[li]
	if pre := strings.TrimSpace(string(d.runes[lineStart:s])); pre != "" {
		// An inline list: the heading is the line's text before the colon
		// that the list's first item follows.
		h, rest, ok := splitAtColon(pre)
		if !ok || enumerator.FindStringIndex(rest) == nil {
			return headerRow{}, false, false
		}
		heading = h
	} else {
		for k := li - 1; k >= 0 && k >= li-maxHeadingLines; k-- {
			end := len(d.runes)
			if k+1 < len(d.lines) {
				end = d.lines[k+1]
			}
			line := strings.TrimSpace(string(d.runes[d.lines[k]:end]))
			if line == "" {
				continue
			}
			if strings.HasSuffix(line, "：") || strings.HasSuffix(line, ":") {
				if numberStyle(line) == style {
					return headerRow{}, false, false
				}
				heading = strings.TrimRight(line, "：:")
				break
			}
			// (Round 50b, cgmy-8811.) The line that opens the list inline
			// (不予享受对象:(1)…的。 over (2)…出嫁人员。): its text before the
			// colon is the heading of the items below it as of its own first.
			if h, ok := inlineListHeading(line, style); ok {
				heading = h
				break
			}
			// Only the item's siblings lie between it and the heading: a
			// line of another numbering may as well be a parent heading
			// (（一）园区运营 above 1.…) as a sibling's sub-item — unless
			// (round 48v, qt-5420) it is a question its items answer, as a
			// township's policy explainer asks (二、哪些已保对象必须取消低保
			// over 1、… 10、村干部…直系亲属…的): the question is the heading.
			if st := numberStyle(line); st != style {
				if st != "" && questionHeading.MatchString(line) {
					heading = strings.TrimRight(line, "？?")
					break
				}
				return headerRow{}, false, false
			}
		}
	}
	if lh := enumerator.FindStringIndex(heading); lh != nil && !strings.HasPrefix(heading, "第") {
		heading = heading[lh[1]:]
	}
	heading = strings.TrimSpace(heading)
	if heading == "" || body >= e || announcingHeading.MatchString(heading) {
		return headerRow{}, false, false
	}
	text := string(d.runes[body:e])
	hn, n := utf8.RuneCountInString(heading)+1, e-body
	return headerRow{
		u:     unit{start: 0, end: hn + n, text: heading + "：" + text},
		cells: []rowCell{{at: 0, cellAt: hn, end: hn + n, lo: body, hi: e}},
	}, conditionHeading.MatchString(heading), true
}

// inlineListHeading is the heading of a list whose first item shares the
// heading's line (对下列人员取消低保：（一）有车辆的；): the text before the
// colon, when the line opens with no numbering and an item of the given
// numbering style follows the colon.
func inlineListHeading(line, style string) (string, bool) {
	if numberStyle(line) != "" {
		return "", false
	}
	h, rest, ok := splitAtColon(line)
	if !ok || h == "" || numberStyle(rest) != style {
		return "", false
	}
	return h, true
}

// splitAtColon cuts a line at its first colon (full- or half-width): the
// text before it, and the text after it trimmed, where an inline list's
// first item stands.
func splitAtColon(line string) (before, after string, ok bool) {
	i := strings.IndexAny(line, "：:")
	if i < 0 {
		return "", "", false
	}
	_, n := utf8.DecodeRuneInString(line[i:])
	return line[:i], strings.TrimSpace(line[i+n:]), true
}

// questionHeading is a numbered heading that asks which cases or persons
// its items are (哪些人可以享受低保, 哪些情形必须取消, 什么情况下不予办理？).
var questionHeading = lazyCompile(`哪些|什么(?:人|情形|情况|样的)|[？?]$`)

// numberStyle names the numbering a line opens with: （一）, 一、, 1. and
// 1、 are four lists; "" for a line that opens with none.
func numberStyle(line string) string {
	loc := enumerator.FindStringIndex(line)
	if loc == nil {
		return ""
	}
	m := line[loc[0]:loc[1]]
	r, _ := utf8.DecodeRuneInString(m)
	switch {
	case r == '（' || r == '(':
		if strings.ContainsAny(m, "0123456789") {
			return "(1)"
		}
		return "(一)"
	case r >= '0' && r <= '9' || r >= '０' && r <= '９':
		return "1."
	case r == '第':
		return "第"
	}
	return "一、"
}

// announcingHeading is a document's own opening of its body (现将有关事项
// 通告如下, 特作如下规定, 现提出以下要求): the items below are the whole
// notice, each stating its own act, not the objects of one act.
var announcingHeading = lazyCompile(`^(?:现|特|兹|经研究)|(?:通告|公告|通知|告知|提示|倡议|公示|决定|规定|要求|意见|事项|说明|明确)(?:如下|以下)?(?:几点|事项)?$`)

// conditionHeading is a heading that lists the cases in which its own act
// applies (有下列情形之一的，不予认定…：, 因下列情况…的): the items are
// conditions, not the objects of the act, which the heading names itself
// and is read in it. Statutes' lists are mostly of this kind (round 44f:
// a law's 不认定为工伤：（一）故意犯罪 joined read as a body declaring a
// crime).
var conditionHeading = lazyCompile(`(?:下列|以下|如下)[^：:，,。；;]{0,6}?之一|(?:下列|以下|如下)(?:情形|情况|情节|事由)`)
