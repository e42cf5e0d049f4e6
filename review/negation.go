package review

import (
	"regexp"
	"strings"
)

// Negation of a sanction. A lawful 规约 often names the unlawful act only
// to rule it out: "不罚款、不收费", "任何人不得以任何理由剥夺村民的选举权利",
// "村委会无权没收村民财物". For rules marked negatable the engine drops a
// match whose clause puts a negator right before it: the negation
// governs the sanction itself, so the draft forbids the act rather than
// imposing it.
//
// What must NOT cancel is a prohibition addressed to citizens, which is
// often the unlawful content ("村民不得上访", "外嫁女不得享受分红"). Two
// things keep them apart:
//   - only rules whose match is the sanction or deprivation the village
//     or government would impose are negatable (fine, confiscation,
//     detention, deprivation of benefits or votes …); rules whose match is
//     itself a prohibition on citizens (petition, marriage, outsiders,
//     obligations, licences, entry barriers) are not;
//   - only text BEFORE the match counts, so a negation that is part of the
//     deprivation ("不得享受", "不予办理", "不得参加选举") lies inside the
//     match and cancels nothing.
//
// The negator must govern the matched verb: between them only adverbials
// and light verbs are allowed (以任何理由, 擅自, 随意, 对村民, 采取, 处以 …),
// never a condition ("不按时缴纳的罚款200元" stays a fine: 按时缴纳的 is not
// a filler), and 拒不 / 不得不 are not negations of the act.

// negationPrefix matches the end of the text before a match when a
// negator governs it.
var negationPrefix = regexp.MustCompile(
	`(不得|不准|不许|不予|不会|不能|不应|不可|不宜|不再|不搞|不|无权|禁止|严禁|杜绝|避免|防止|反对)` +
		`(?:以任何(?:理由|名义|形式|方式|借口)|以[^，。；！？、的不]{1,10}为由|擅自|随意|随便|私自|非法|变相|任意|滥用|` +
		`另行|额外|一律|再|又|也|都|均|随时|轻易|` +
		`对[^，。；！？、的不]{1,6}?|向[^，。；！？、的不]{1,6}?|` +
		`采取|采用|实行|实施|设定|设立|设置|规定|使用|进行|给予|予以|处以|作出|收取|搞|` +
		`[其该]|任何人|得|` +
		// earlier items of a 、 list the negator governs as a whole:
		// 不得采取锁车、停水停电等方式
		`[^，。；！？、的]{1,10}、)*$`)

// negationFalse are negators that do not negate the act that follows:
// 拒不 is a refusal by the citizen, 不得不 an obligation. (不仅/不但 need no
// entry: 仅/但 are not fillers, so they never reach the match.)
var negationFalse = []string{"拒不", "不得不"}

// negatedAt reports whether the match starting at pos is governed by a
// negator earlier in its clause.
func (d *doc) negatedAt(pos int) bool {
	start := pos
	if i := spanIndex(d.clauses, pos); i >= 0 {
		// A 、 list is one clause for this purpose: the negator before
		// its first item governs every item.
		for i > 0 && d.runes[d.clauses[i-1].End-1] == '、' && d.clauses[i-1].End == d.clauses[i].Start {
			i--
		}
		start = d.clauses[i].Start
	}
	if pos-start > 40 { // a negator further back governs something else
		start = pos - 40
	}
	prefix := string(d.runes[start:pos])
	loc := negationPrefix.FindStringSubmatchIndex(prefix)
	if loc == nil {
		return false
	}
	// What stands right before the negator decides false negators.
	upTo := prefix[:loc[3]]
	for _, f := range negationFalse {
		if strings.HasSuffix(upTo, f) {
			return false
		}
	}
	return true
}

// unnegated returns the first match of r in u that no negator governs:
// "不罚款、不收费；违者罚款100元" still reports the second fine.
func (c *reviewCtx) unnegated(r *Rule, u unit, s span) (span, bool) {
	d := c.d
	for range 16 {
		if !d.negatedAt(s.start) {
			return s, true
		}
		if s.end >= u.end {
			return span{}, false
		}
		u = d.unitOf(s.end, u.end, string(d.runes[s.end:u.end]))
		var ok bool
		if s, ok = r.match.find(d, u); !ok {
			return span{}, false
		}
	}
	return span{}, false
}
