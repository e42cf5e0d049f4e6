package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"lawreview/corpus"
)

// citation is one reference to a law in the draft, with at most one
// article; "《土地管理法》第四十四条、第四十六条" yields two citations.
type citation struct {
	s         span   // what a finding quotes
	name      string // as written, without 《》
	version   string // e.g. 2017年修正, from 《…》（2017年修正）
	article   string // normalized label (第四十四条) or ""
	bracketed bool
}

const numChars = `零〇一二三四五六七八九十百千0-9０-９`

var (
	articleRef = `第[` + numChars + `]+条(?:之[一二三四五六七八九十]+)?(?:第[` + numChars + `]+款)?(?:第[` + numChars + `]+项)?`
	// 《name》（version）第X条第X款第X项、第Y条…
	bracketCite = lazyCompile(`《([^《》\n]{2,60})》(?:[（(]([^）)\n]{1,20})[）)])?((?:` + articleRef + `)(?:[、和及与或至](?:` + articleRef + `))*)?`)
	// 依据婚姻法第十条 / 根据合同法的规定: only laws the source knows (or
	// the superseded table lists) are taken, so ordinary prose is left alone.
	plainCite = lazyCompile(`(?:依据|根据|依照|按照|违反|参照)(?:中华人民共和国)?([\p{Han}]{2,16}?法)(` + articleRef + `|的?(?:有关|相关)?规定)`)
	// (Round 48b, t35c2.) 根据宪法、刑法、民法通则、治安管理处罚条例和地方性
	// 法规…的规定: a list of laws named without 《》 after the same verbs.
	// Each item that reads as a law's name (…法, …法典, …通则, …条例, not
	// 法规) is a citation; as with plainCite only names the source or the
	// superseded table knows are ever reported.
	plainList  = lazyCompile(`(?:依据|根据|依照|按照|参照|遵照)(` + lawListItem + `(?:[、和及与]` + lawListItem + `)+)`)
	listItem   = lazyCompile(lawListItem)
	oneArticle = lazyCompile(articleRef)
	versionYr  = lazyCompile(`(\d{4})年`)
)

// lawListItem is one law named in a list without 《》 (plainList, listItem):
// a name ending in 法, 法典, 通则 or 条例, with or without 中华人民共和国 or
// brackets of its own.
const lawListItem = `(?:中华人民共和国)?《?[^、和及与等，。；,;：:\s《》]{1,16}(?:法典|通则|条例|法)》?`

// citations finds every citation once per document.
func (c *reviewCtx) citations() []citation {
	if c.cites != nil {
		return *c.cites
	}
	d := c.d
	var out []citation
	toRune := newRuneIndex(d.text)
	for _, m := range bracketCite.FindAllStringSubmatchIndex(d.text, -1) {
		name := strings.TrimSpace(d.text[m[2]:m[3]])
		version := ""
		if m[4] >= 0 {
			version = d.text[m[4]:m[5]]
		}
		cs := citation{name: name, version: version, bracketed: true}
		start := toRune.at(m[0])
		nameEnd := toRune.at(m[3]) + 1 // through 》
		if m[6] < 0 {
			cs.s = span{start, toRune.at(m[1])}
			out = append(out, cs)
			continue
		}
		arts := d.text[m[6]:m[7]]
		for i, a := range oneArticle.FindAllStringIndex(arts, -1) {
			x := cs
			x.article = normalizeArticle(arts[a[0]:a[1]])
			as, ae := toRune.at(m[6]+a[0]), toRune.at(m[6]+a[1])
			if i == 0 {
				x.s = span{start, ae}
			} else {
				x.s = span{as, ae}
			}
			_ = nameEnd
			out = append(out, x)
		}
	}
	for _, m := range plainCite.FindAllStringSubmatchIndex(d.text, -1) {
		name := d.text[m[2]:m[3]]
		cs := citation{name: name, s: span{toRune.at(m[2]), toRune.at(m[1])}}
		tail := d.text[m[4]:m[5]]
		if oneArticle.MatchString(tail) {
			cs.article = normalizeArticle(tail)
		} else {
			cs.s.end = toRune.at(m[3])
		}
		out = append(out, cs)
	}
	for _, m := range plainList.FindAllStringSubmatchIndex(d.text, -1) {
		for _, it := range listItem.FindAllStringIndex(d.text[m[2]:m[3]], -1) {
			name := strings.Trim(d.text[m[2]+it[0]:m[2]+it[1]], "《》")
			s := span{toRune.at(m[2] + it[0]), toRune.at(m[2] + it[1])}
			if listed(out, s) {
				continue
			}
			out = append(out, citation{name: name, s: s})
		}
	}
	c.cites = &out
	return out
}

// listed reports whether a citation already stands for the list item at
// s: a bracketed one over it (《宪法》和村民委员会组织法), or a plain one
// with the same span. A plain citation over a whole list (合同法及担保法的
// 有关规定 read as one name) does not: it names no law.
func listed(cs []citation, s span) bool {
	for _, c := range cs {
		if c.s == s || c.bracketed && c.s.start < s.end && s.start < c.s.end {
			return true
		}
	}
	return false
}

// normalizeArticle turns 第27条第二款 into 第二十七条: the law source is
// keyed by article, and paragraphs are not checked.
func normalizeArticle(s string) string {
	if i := strings.Index(s, "条"); i >= 0 {
		s = s[:i+len("条")]
		// keep 之一 when present
	}
	num, sub, err := corpus.ParseArticleLabel(s)
	if err != nil {
		return s
	}
	return corpus.ArticleLabel(num, sub)
}

func shortName(name string) string {
	name = strings.TrimPrefix(strings.TrimSpace(name), "中华人民共和国")
	return strings.ReplaceAll(name, " ", "")
}

// lawLike reports whether a bracketed title names a law or regulation
// rather than a form, a certificate or the draft's own kind of document.
func lawLike(name string) bool {
	for _, s := range []string{"法", "法典", "条例"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// resolve looks a cited law up, trying the name as written and without
// the 中华人民共和国 prefix.
func (c *reviewCtx) resolve(name string) (*corpus.Law, error) {
	law, err := c.e.laws.Resolve(name, c.at)
	if err == nil && law != nil {
		return law, nil
	}
	if s := shortName(name); s != name {
		if l, err2 := c.e.laws.Resolve(s, c.at); err2 == nil && l != nil {
			return l, nil
		}
	}
	if err == nil {
		err = fmt.Errorf("law %s not found", name)
	}
	return nil, err
}

func (c *reviewCtx) citationFindings(r *Rule, kind string) []raw {
	var out []raw
	seen := map[span]bool{}
	for _, ct := range c.citations() {
		if seen[ct.s] {
			continue
		}
		x, ok := c.checkCitation(r, ct, kind)
		if !ok {
			continue
		}
		if len(r.Unless) > 0 {
			u := c.d.unitOf(ct.s.start, ct.s.end, string(c.d.runes[ct.s.start:ct.s.end]))
			if c.cancelled(r, u, ct.s) {
				continue
			}
		}
		seen[ct.s] = true
		out = append(out, x)
	}
	return out
}

func (c *reviewCtx) checkCitation(r *Rule, ct citation, kind string) (raw, bool) {
	short := shortName(ct.name)
	if sup, ok := c.e.superseded[short]; ok && !c.at.Before(sup.since) {
		if kind != "repealed" {
			return raw{}, false
		}
		b := c.e.basisAt(sup.Basis, c.at)
		x := raw{rule: r, s: ct.s, basis: []Basis{b},
			message:    fmt.Sprintf("《%s》已于%s废止，由《%s》取代，不应再作为依据。", short, sup.since.Format("2006年1月2日"), sup.ReplacedBy),
			suggestion: fmt.Sprintf("改为引用《%s》的相应条文。", c.fullTitle(sup.ReplacedBy))}
		if ct.article != "" {
			c.suggestSuccessor(&x, short, time.Time{}, ct.article)
		}
		return x, true
	}
	law, err := c.resolve(ct.name)
	if err != nil {
		var nf *corpus.NotFoundError
		if kind == "unknown-law" && errors.As(err, &nf) && ct.bracketed && lawLike(short) && shortName(c.title) != short {
			if real := c.e.misnamedLaw(short); real != "" && c.onlyBasisOfFine(ct) {
				// (Round 33, t18b2.) A fine whose only basis is a law that does
				// not exist by that name (《中华人民共和国大气污染法》 for 大气污染防治法)
				// has no basis: 行政处罚法 第三十八条 makes a penalty without one
				// void. A misnamed law beside a statute that resolves, or under
				// no fine, stays the clerk's check below.
				x := raw{rule: r, s: ct.s, severity: SeverityError,
					message:    fmt.Sprintf("没有名为《%s》的法律（应是《%s》？）；以不存在的法律作为罚款的唯一依据，处罚没有依据，依法无效。", short, real),
					suggestion: fmt.Sprintf("核对并改为引用《%s》中确实规定该罚款的条文，并确认作出处罚的机关依法享有处罚权；没有法律、法规、规章依据的，删除罚款。", real)}
				x.basis = []Basis{c.e.basisAt(BasisRef{Law: "行政处罚法", Article: "第三十八条"}, c.at)}
				return x, true
			}
			return raw{rule: r, s: ct.s, message: fmt.Sprintf("法律库中没有《%s》，无法核对其现行效力和条文，请人工核实名称和效力。", short)}, true
		}
		return raw{}, false
	}
	switch kind {
	case "repealed":
		if law.Status != corpus.StatusRepealed {
			return raw{}, false
		}
		x := raw{rule: r, s: ct.s, message: fmt.Sprintf("《%s》已经废止，不应再作为依据。", law.ShortName)}
		if ct.article != "" {
			c.suggestSuccessor(&x, law.ShortName, time.Time{}, ct.article)
		}
		return x, true
	case "old-version":
		m := versionYr.FindStringSubmatch(ct.version)
		if m == nil || law.Published.IsZero() || m[1] >= law.Published.Format("2006") {
			return raw{}, false
		}
		x := raw{rule: r, s: ct.s, message: fmt.Sprintf("引用的是《%s》%s的文本，现行文本为%s修订（修正）版本，条文序号和内容可能已经变化。", law.ShortName, ct.version, law.Published.Format("2006年"))}
		if ct.article != "" {
			if v, ok := versionInYear(law, m[1]); ok && c.suggestSuccessor(&x, law.ShortName, v, ct.article) {
				return x, true
			}
			if a := findArticle(law, ct.article); a != nil {
				x.basis = []Basis{{Law: law.Name, Article: a.Label, Text: a.Text}}
			}
		}
		return x, true
	case "unknown-article":
		if ct.article == "" || len(law.Articles) == 0 || findArticle(law, ct.article) != nil {
			return raw{}, false
		}
		num, _, err := corpus.ParseArticleLabel(ct.article)
		if err != nil {
			return raw{}, false
		}
		last := law.Articles[len(law.Articles)-1]
		lastNum := last.Number
		if law.Partial {
			// An excerpt proves nothing about a missing article; only the
			// recorded length of the full text does.
			size, ok := c.e.sizes[law.ShortName]
			if !ok || size.Version != law.Published.Format("2006-01-02") {
				return raw{}, false
			}
			lastNum = size.Last
		}
		if num <= lastNum {
			return raw{}, false
		}
		x := raw{rule: r, s: ct.s,
			message: fmt.Sprintf("现行《%s》共%s，没有%s，引用的条文序号有误或引用了旧版本。", law.ShortName, strings.TrimPrefix(corpus.ArticleLabel(lastNum, 0), "第"), ct.article)}
		if !law.Partial {
			x.basis = []Basis{{Law: law.Name, Article: last.Label, Text: last.Text}}
		}
		return x, true
	}
	return raw{}, false
}

// suggestSuccessor points a citation of an old article (of a repealed law,
// or of an old version of a renumbered one) to the article that now holds
// its rule, from the successor table, and adds that article to the basis.
// It reports whether the table knew the article.
func (c *reviewCtx) suggestSuccessor(x *raw, law string, version time.Time, article string) bool {
	s, ok := corpus.SuccessorOf(law, version, article)
	if !ok {
		return false
	}
	old := "《" + law + "》" + article
	if s.Renumbered() {
		old = fmt.Sprintf("《%s》（%s年版本）%s", law, s.Version.Format("2006"), article)
	}
	if len(s.Articles) == 0 {
		x.suggestion = fmt.Sprintf("%s的内容在《%s》中没有对应条文，请删除该引用或改引其他现行规定。", old, s.NewLaw)
		return true
	}
	more := ""
	if len(s.Articles) > 1 {
		more = "（另见" + strings.Join(s.Articles[1:], "、") + "）"
	}
	x.suggestion = fmt.Sprintf("%s的内容现由《中华人民共和国%s》%s规定%s，改为引用该条。", old, s.NewLaw, s.Articles[0], more)
	if law, a, err := c.e.laws.Article(s.NewLaw, s.Articles[0], c.at); err == nil && law != nil && a != nil {
		x.basis = append(x.basis, Basis{Law: law.Name, Article: a.Label, Text: a.Text})
	}
	return true
}

// versionInYear is the version of law made (adopted or amended) in the
// given year, as its history records it.
func versionInYear(law *corpus.Law, year string) (time.Time, bool) {
	for _, h := range law.VersionHistory() {
		if h.Date.Format("2006") == year {
			return h.Date, true
		}
	}
	return time.Time{}, false
}

func findArticle(law *corpus.Law, label string) *corpus.Article {
	for i := range law.Articles {
		if law.Articles[i].Label == label {
			return &law.Articles[i]
		}
	}
	return nil
}

// runeIndex converts increasing byte offsets to rune offsets in one pass.
type runeIndex struct {
	text   string
	byteAt int
	runeAt int
}

func newRuneIndex(text string) *runeIndex { return &runeIndex{text: text} }

func (x *runeIndex) at(b int) int {
	if b < x.byteAt { // rare: restart for an earlier offset
		x.byteAt, x.runeAt = 0, 0
	}
	x.runeAt += utf8.RuneCountInString(x.text[x.byteAt:b])
	x.byteAt = b
	return x.runeAt
}

// misnamedLaw is the national law whose name the cited short name garbles
// by leaving characters out (大气污染法 for 大气污染防治法, 治安处罚法 for
// 治安管理处罚法): the shortest name that holds every character of it in
// order, at most three more, with the same last character. "" when the
// law source lists no names or none fits.
func (e *Engine) misnamedLaw(short string) string {
	rs := []rune(short)
	if len(rs) < 4 {
		return ""
	}
	best := ""
	for _, n := range e.national {
		nr := []rune(n)
		if len(nr) <= len(rs) || len(nr) > len(rs)+3 || nr[len(nr)-1] != rs[len(rs)-1] || nr[0] != rs[0] {
			continue
		}
		i := 0
		for _, r := range nr {
			if i < len(rs) && r == rs[i] {
				i++
			}
		}
		if i == len(rs) && (best == "" || len(nr) < len([]rune(best))) {
			best = n
		}
	}
	return best
}

// fineInSentence is a fine or a detention the sentence imposes.
var fineInSentence = lazyCompile(`罚款|罚金|行政拘留|没收`)

// onlyBasisOfFine reports whether the citation stands in a sentence that
// imposes a fine and cites no law the source resolves: the unknown name is
// then the fine's only stated basis (a 村规民约 beside it is none).
func (c *reviewCtx) onlyBasisOfFine(ct citation) bool {
	i := spanIndex(c.d.sents, ct.s.start)
	if i < 0 || ct.s.end > c.d.sents[i].End {
		return false
	}
	sent := c.d.units("sentence")[i]
	if !fineInSentence.MatchString(sent.text) {
		return false
	}
	for _, o := range c.citations() {
		if o.s.start < sent.start || o.s.end > sent.end || o.s == ct.s {
			continue
		}
		if law, err := c.resolve(o.name); err == nil && law != nil || slices.Contains(c.e.national, shortName(o.name)) {
			return false
		}
	}
	return true
}

// fullTitle is a successor law's title as a document cites it. The
// corpus knows each law's full title; the guess by suffix (a law of the
// NPC bears the country's name, 中华人民共和国民法典, a State Council
// regulation does not, 民用爆炸物品安全管理条例) is kept only for a
// successor the corpus does not hold, so a later entry of the superseded
// table whose title breaks the pattern is still named rightly.
func (c *reviewCtx) fullTitle(short string) string {
	if law, err := c.resolve(short); err == nil && law != nil && law.Name != "" {
		return law.Name
	}
	return guessFullTitle(short)
}

func guessFullTitle(short string) string {
	if strings.HasSuffix(short, "法") || strings.HasSuffix(short, "法典") {
		return "中华人民共和国" + short
	}
	return short
}
