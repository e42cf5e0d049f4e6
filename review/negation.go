package review

import (
	"strings"
	"unicode/utf8"
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
var negationPrefix = lazyCompile(
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

// inclusiveAfter are what follows a 不 that widens a list instead of
// negating it (不限于, 不仅限于, 不局限于, 不止于): the negator's regex reads
// the list item behind them as governed.
var inclusiveAfter = []string{"限于", "仅限于", "局限于", "止于", "只限于"}

// listClauses is the run of clauses around clause i that a 、 joins into
// one list (不得采取锁车、停水停电等方式; 鼓励A、B在本市设立): the segmenter
// ends a clause at 、, but a negator, an invitation or any exception read
// at clause scope governs the list as a whole.
func (d *doc) listClauses(i int) (lo, hi int) {
	joined := func(k int) bool {
		return d.runes[d.clauses[k].End-1] == '、' && d.clauses[k].End == d.clauses[k+1].Start
	}
	lo, hi = i, i
	for lo > 0 && joined(lo-1) {
		lo--
	}
	for hi+1 < len(d.clauses) && joined(hi) {
		hi++
	}
	return lo, hi
}

// negatedAt reports whether the match starting at pos is governed by a
// negator earlier in its clause.
func (d *doc) negatedAt(pos int) bool {
	start := pos
	if i := spanIndex(d.clauses, pos); i >= 0 {
		// A 、 list is one clause for this purpose: the negator before
		// its first item governs every item.
		lo, _ := d.listClauses(i)
		start = d.clauses[lo].Start
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
	// (Round 47a, qt-8006.) 不限于 opens an open list (处罚措施包括但不限于警告、
	// 罚款): the items after it are imposed, not ruled out.
	for _, w := range inclusiveAfter {
		if strings.HasPrefix(prefix[loc[3]:], w) {
			return false
		}
	}
	// (Round 46a.) A negator that opens a deprivation (不得享有分配、…) is
	// the loss itself, not a negation: the next item of its 、 list is a
	// further loss (不迁出者,一律不得享有分配和承包责任地、出嫁女…不再享有…).
	if strings.HasSuffix(prefix, "、") {
		after := strings.TrimLeft(prefix[loc[3]:], "一律均都再也")
		for _, w := range deprivationVerbs {
			if strings.HasPrefix(after, w) {
				return false
			}
		}
	}
	return true
}

// deprivationVerbs are what a negator before them makes into a loss of a
// member's share (不得享有, 不再享受, 不参加分配).
var deprivationVerbs = []string{"享有", "享受", "参加分配", "参与分配", "分得", "领取"}

// Denial after the act. A 规约 also rules an act out by naming it first and
// denying it at the end of the clause ("罚款的做法一律取消", "押金等不再收取",
// "以前收取卫生费的规定予以废止"), or, in verse and lists, by naming a fee in
// one clause and denying it in the next ("调解费，不收取"). The denial must
// END its clause: a verb with an object after it is a new act ("罚款200元，
// 取消当年分红", "不收取其他费用" after a charge), and 退还/减免 are about
// the money, not the act ("罚款200元，不予退还" stays a fine).
var denialTail = lazyCompile(
	`^(?:的做法|的规定|的办法|的制度|等费用|等做法|等规定|等各项费用|等)?` +
		`(?:一律|一概|均|全部|都|也|再|今后|从此|现|同时|一并|即日起)*` +
		`(?:(?:不再|不予|不|免予|免|停止|禁止)(?:收取|收|征收|收缴|缴纳|交纳|执行|实行|实施|罚款|处罚|罚|扣除|扣减|扣|没收|保留)|` +
		`(?:予以)?(?:取消|废止|废除|作废|停止执行|停止收取)|免收|免缴|免交|免费)` +
		`了?$`)

// denialEnd is denialTail anywhere at the end of a clause: the last item
// of a list and its denial (治安费等一律取消).
var denialEnd = lazyCompile(strings.TrimPrefix(denialTail.String(), "^"))

// maxDeniedItem bounds the last list item before its denial.
const maxDeniedItem = 12

// deniedAfter reports whether the act matched at s is denied after it: at
// the end of its own clause, after the last item of the 、 list it opens
// (暂住费、卫生费、治安费等一律取消), or, when nothing follows the act in its
// clause or list, by the next clause of the same sentence on its own.
func (d *doc) deniedAfter(s span) bool {
	i := spanIndex(d.clauses, max(s.start, s.end-1))
	if i < 0 {
		return false
	}
	if rest := trimClause(string(d.runes[s.end:d.clauses[i].End])); rest != "" {
		return denialTail.MatchString(rest) && !hasDigit(rest)
	}
	j := i
	for j+1 < len(d.clauses) && d.runes[d.clauses[j].End-1] == '、' {
		j++
	}
	if j > i {
		last := trimClause(d.clauses[j].Text)
		if loc := denialEnd.FindStringIndex(last); loc != nil && loc[0] > 0 {
			item := last[:loc[0]]
			return utf8.RuneCountInString(item) <= maxDeniedItem && !hasDigit(item)
		}
	}
	if j+1 >= len(d.clauses) {
		return false
	}
	cl, next := d.clauses[j], d.clauses[j+1]
	// Only a comma-like break joins the two: a full stop, a semicolon or a
	// new line ends the sentence the act was named in.
	if !strings.ContainsRune("，,：:", d.runes[cl.End-1]) || hasNewline(d.runes[cl.End:next.Start]) {
		return false
	}
	return denialTail.MatchString(trimClause(next.Text))
}

func trimClause(s string) string {
	return strings.TrimRight(s, "，,、：:；;。！!？? \t\u3000")
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789０１２３４５６７８９元")
}

// unnegated returns the first match of r in u that no negator governs:
// "不罚款、不收费；违者罚款100元" still reports the second fine. on is
// the regular expressions that may match in u (matcher.findOn).
func (c *reviewCtx) unnegated(r *Rule, u unit, s span, on []bool) (span, bool) {
	d := c.d
	for range 16 {
		if !d.negatedAt(s.start) && !d.deniedAfter(s) {
			return s, true
		}
		if s.end >= u.end {
			return span{}, false
		}
		u = d.unitOf(s.end, u.end, string(d.runes[s.end:u.end]))
		var ok bool
		if s, ok = r.match.findOn(d, u, on); !ok {
			return span{}, false
		}
	}
	return span{}, false
}
