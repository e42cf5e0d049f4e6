package index

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// BM25 as bleve computes it, here on an article's text: each candidate
// is scored again by concept (see concept), which bleve's disjunction
// cannot express.
var (
	bm25K1 = 1.2
	bm25B  = 0.75
	// avgArticleRunes is the mean length of an article in the whole
	// collection (52.7 MB of text in 147,048 articles, most of it CJK at
	// three bytes a character).
	avgArticleRunes = 120.0
	// A term in the chapter heading counts once, at half its weight.
	chapterTermWeight = 0.5
	// Terms of a concept beyond its best one add this share of their score.
	alsoWeight = 0.25
	// A term at least this share as strong as the concept's strongest
	// (weight times idf) makes an article have the concept.
	haveShare = 0.5
	// The score of an article having m of n concepts is scaled by
	// ((m+1)/(n+1))^coverageExp.
	coverageExp = 3.0
	// A concept in the article's first sentence, where a provision states
	// its subject, counts this much more: 查封、扣押的期限不得超过三十日
	// is about the period, 查封、扣押决定书应当载明……期限 lists it.
	leadWeight = 0.3
	// A concept the article defines (本法所称家庭暴力，是指) counts this
	// much more.
	definitionWeight = 1.0
	// A concept the law's title names counts as had, at this share: every
	// article of 行政诉讼法 is about 行政诉讼.
	titleHave = 1.0
	// A concept whose statutory word the law's title names (村委会 and
	// 村民委员会组织法) counts as had at this share.
	titleAddedHave = 1.0
	// A concept found only by the pieces of a word the index does not hold
	// counts as had at most at this share: 集体 and 资产 apart (集体决策,
	// 国有资产) are not 集体资产, nor is the 土地 of 土地使用权 土地经营权.
	pieceHave = 0.3
	// pieceTitleHave: a two-character piece of a word in a law's title
	// makes its articles have the concept at pieceHave only, as a piece in
	// the text does; a longer piece names the subject (人民调解 of
	// 人民调解协议 in 人民调解法) and counts as the word (round 12; tests
	// compare)
	pieceTitleHave = true
)

// rank scores a candidate whose text is loaded: for each concept of the
// query its best term (BM25 times the term's weight), summed; scaled down
// for concepts the article lacks, by the level of its law, and up when its
// law's title or its chapter heading names the subject or a quoted phrase
// stands in it as written.
//
// tf holds how often each index term stands in the article as the index
// cut it (rk.termIndex gives its place); a term the index does not hold
// (virtual) is counted in the text as written.
func (rk *ranker) rank(c candidate, phrase bool, tfs []int) float64 {
	return rk.parts(c, phrase, tfs).score(len(rk.cs))
}

// rankParts are what rank's score is made of; the features a learned
// ranking was tried on (learn_test.go) read them too.
type rankParts struct {
	sum     float64 // each concept's best term, the others a little (see rank)
	matched float64 // how much of the concepts the article has (see coverage)
	lead    int     // concepts whose term stands in the first sentence
	defined int     // concepts the article defines
	prior   float64 // see prior
	phrase  bool    // a quoted phrase stands in the article as written
	// typed: every concept of the query stands in the article by a word
	// typed (not only one added for it, nor a piece): the feedback of the
	// first hits never moves such an article down (coherence.go)
	typed bool
}

// score is rank's score of an article with these parts, for a query of
// this many concepts.
func (p rankParts) score(concepts int) float64 {
	score := p.sum * coverage(p.matched, concepts) * p.prior
	if p.phrase {
		score *= phraseWeight
	}
	return score
}

// parts works out rank's parts of a candidate (see rank).
func (rk *ranker) parts(c candidate, phrase bool, tfs []int) rankParts {
	cs, st := rk.cs, rk.st
	var p rankParts
	at := rk.textOf(c)
	bare := "" // the text without punctuation, for words searched as written
	_, number, _, chapter := unpackArt(c.art)
	n := float64(at.runes)
	lr := rk.lawOf(c)
	norm := bm25K1 * (1 - bm25B + bm25B*n/avgArticleRunes)
	sum, matched := 0.0, 0.0
	typed := 0 // concepts standing in the text by a word typed
	bareChapter, bareLead := "", ""
	stripped, chapterStripped := false, false
	for ci, con := range cs {
		top := st[ci].top
		best, bestStrength, rest := 0.0, 0.0, 0.0
		wholeFound, inLead, defined := false, false, false
		inTitle := lr.inTitle[ci]
		notPiece := false // a term other than a piece of the word stands here
		ownFound := false // a word typed stands here
		for ti, t := range con.terms {
			// the text and first sentence the term is looked for in
			text, lead := at.text, at.lead
			if !t.virtual && !rk.termAt[ci][ti].plain {
				text, lead = at.foldedFor()
			}
			head := chapter
			var tf float64
			if t.virtual {
				// 排除限制竞争 is written 排除、限制竞争; without punctuation
				// the text as written is the folded one (see textOf). The
				// text is stripped only when the term may stand in it
				// (mayHold): stripping every candidate was a tenth of a
				// clause search's CPU.
				if !stripped && (!at.plain || mayHold(at.text, t.term)) {
					bare, bareLead, stripped = stripPunct(at.text), stripPunct(at.lead), true
				}
				if stripped {
					tf = float64(strings.Count(bare, t.term))
				}
				if tf == 0 && !chapterStripped {
					bareChapter, chapterStripped = stripPunct(chapter), true
				}
				head = bareChapter
			} else {
				tf = float64(tfs[rk.termAt[ci][ti].tf])
			}
			weight := t.boost
			if tf == 0 && head != "" && strings.Contains(head, t.term) {
				// the article stands in a chapter on the concept: 反垄断法
				// 第三十九条 under 滥用行政权力排除、限制竞争
				tf, weight = 1, weight*chapterTermWeight
			}
			if tf == 0 {
				continue
			}
			if t.virtual && t.kind == ownTerm {
				wholeFound = true
			}
			if t.kind == ownTerm && !ownFound {
				ownFound = true
				typed++
			}
			if t.kind != pieceTerm {
				notPiece = true
			}
			if t.virtual {
				// 乡、民族乡、镇的人民政府行使下列职权 (an unstripped text
				// does not hold the term, nor does its first sentence)
				inLead = inLead || (stripped && strings.Contains(bareLead, t.term))
			} else {
				inLead = inLead || strings.Contains(lead, t.term)
				defined = defined || (at.mayDefine && defines(text, t.term))
			}
			idf := st[ci].idf[ti]
			s := weight * idf * tf * (bm25K1 + 1) / (tf + norm)
			// the strongest term found says whether the article has the
			// concept
			bestStrength = max(bestStrength, weight*idf)
			if s > best {
				best, s = s, best
			}
			if t.kind == pieceTerm && wholeFound {
				continue // 排除、限制竞争 is one match, not four
			}
			rest += s
		}
		if best > 0 {
			// An article has the concept when it has one of its strong
			// terms; 集体 and 资产 apart are not 集体资产.
			have := min(1, bestStrength/(haveShare*top))
			if !notPiece {
				have = min(have, pieceHave)
			}
			if inTitle {
				have = max(have, titleHave)
			} else if lr.addedInTitle[ci] {
				have = max(have, titleAddedHave)
			} else if lr.pieceInTitle[ci] {
				have = max(have, pieceHave)
			}
			matched += have
			// the best term counts, the others of the concept a little:
			// 第三十九条 says 指定, 限定 and 滥用行政权力
			s := best + alsoWeight*rest
			if inLead {
				s *= 1 + leadWeight
				p.lead++
			}
			if defined {
				s *= 1 + definitionWeight
				p.defined++
			}
			sum += s
		} else if inTitle {
			matched += titleHave
		} else if lr.addedInTitle[ci] {
			matched += titleAddedHave
		} else if lr.pieceInTitle[ci] {
			matched += pieceHave
		}
	}
	p.sum, p.matched, p.prior, p.phrase = sum, matched, rk.prior(c, at, lr, rk.headings(c, chapter)), phrase
	p.typed = len(cs) > 0 && typed == len(cs)
	if subjectWeight != 1 && (p.defined > 0 || number == 2) && lr.namesQuery() {
		p.prior *= subjectWeight
	}
	return p
}

// subjectWeight weighs the article of a law that defines the query's
// subject or states the law's scope (本法所称家庭暴力，是指; 第二条) when
// the law's title names the whole query (家庭暴力 and 反家庭暴力法): a
// lawyer asked about a law's own subject reads what the law says it is
// before the procedure around it (class E of round 12).
var subjectWeight = 1.5

// headingPath: the chapter prior (see prior) reads every heading an
// article stands under but a 编's (第五章 行政处罚的决定 and its 第三节
// 普通程序), not only the innermost: a section's heading names the
// procedure, its chapter's the subject the procedure is of (round 16).
// The words of a heading counted as a weak term (chapterTermWeight) stay
// the innermost heading's: counted from the whole path they lifted a
// chapter's every section when its heading names two subjects (第三章
// 合法性审查和集体讨论决定). A test turns it off to compare.
var headingPath = true

// headings is what rank reads as the article's headings (see
// headingPath): chapter, its innermost, or the path the law's cache holds.
func (rk *ranker) headings(c candidate, chapter string) string {
	if !headingPath || chapter == "" {
		return chapter
	}
	lawID, n, ok := splitDocID(c.id)
	if !ok {
		return chapter
	}
	paths, err := rk.ix.headingPaths(lawID)
	if err != nil || n < 1 || n > len(paths) || paths[n-1] == "" {
		return chapter
	}
	return paths[n-1]
}

// headingPaths are the headings of each article of a law as rank reads
// them (see headingPath), worked out once per law: articles of one
// section share one string, and an article under one heading only has
// "" (its chapter is all there is).
func (ix *Index) headingPaths(lawID string) ([]string, error) {
	if v, ok := ix.headCache.Load(lawID); ok {
		return v.([]string), nil
	}
	arts, err := ix.texts.law(lawID, ix.laws)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(arts))
	var prev []string
	for i := range arts {
		hs := arts[i].Chapters
		switch {
		case len(hs) < 2:
		case i > 0 && slices.Equal(hs, prev):
			paths[i] = paths[i-1]
		default:
			var b strings.Builder
			for _, h := range hs {
				if !isBookHeading(h) {
					b.WriteString(h)
					b.WriteByte(' ')
				}
			}
			paths[i] = b.String()
		}
		prev = hs
	}
	ix.headCache.Store(lawID, paths)
	return paths, nil
}

// isBookHeading reports whether h heads a 编 (第三编 合同), not a 章 or 节:
// a book of the 民法典 is a field of law, and every article under it
// would count as headed by 合同 or 继承.
func isBookHeading(h string) bool {
	rest, ok := strings.CutPrefix(h, "第")
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, "一二三四五六七八九十百零〇0123456789")
	return strings.HasPrefix(rest, "编")
}

// namesQuery reports whether the law's title names every concept of the
// query, one of them by a word typed (not only by a word added for it or
// a law the subject implies).
func (lr *lawRank) namesQuery() bool {
	own := false
	for ci, in := range lr.inTitle {
		if !in && !lr.addedInTitle[ci] {
			return false
		}
		own = own || in
	}
	return own
}

// articleText is what rank reads of a candidate's text: where the query's
// terms are looked for (the whole text and its first sentence), its length
// in characters, whether it may define a term, and whether it forbids or
// only encourages (see prior).
type articleText struct {
	// text and lead are the text and its first sentence as written when
	// the text is plain, else folded (foldLower)
	text, lead string
	textFacts
	// the folded first sentence (and text, when it may define a term) of
	// a plain text, worked out when a term needs them (see foldedFor)
	fText, fLead string
	folded       bool
}

// textFacts are what rank derives from an article's text alone, the same
// for every query.
type textFacts struct {
	runes int // characters
	// lead is where the first sentence ends in the text as written (see
	// leadEnd), -1 when it does not
	lead      int
	mayDefine bool // it says 所称 or 是指: most articles define nothing
	forbid    bool // it says 禁止 or 不得
	exhort    bool // it says 鼓励, 提倡, ... and forbids nothing
	// plain: valid UTF-8 whose folding changes only punctuation, symbols
	// and spaces, into punctuation, symbols and spaces (， to a comma, the
	// ideographic space to a space; no full-width digit or letter, no
	// capital): all but 152 of the 147,048 articles
	plain bool
}

func factsOf(text string) textFacts {
	f := textFacts{
		runes:     utf8.RuneCountInString(text),
		lead:      leadEnd(text),
		mayDefine: strings.Contains(text, "所称") || strings.Contains(text, "是指"),
		forbid:    containsAny(text, forbidWords),
		plain:     utf8.ValidString(text),
	}
	f.exhort = !f.forbid && containsAny(text, exhortWords)
	for _, r := range text {
		if !f.plain {
			break
		}
		if isHan(r) {
			continue
		}
		if g := foldRune(r); g != r && !(dropped(r) && dropped(g)) {
			f.plain = false
		}
	}
	return f
}

// rankTable: rank reads what it derives from an article's text alone from
// the index's table (see factTable) and, in a plain text, looks for the
// terms that are plain in the text as written instead of folding it (see
// textOf); and it works out what it derives from a candidate's law once
// per law and query. A test turns it off to compare with working
// everything out for each candidate.
var rankTable = true

// textOf is the candidate's text as rank reads it: folded (foldLower), or
// as written where that makes no difference. Folding a plain text (see
// textFacts) changes only characters a plain term (plainTerm) never holds,
// into characters it never holds, one for one, and changes no 。 or line
// break: a plain term stands in the folded text, and in its first
// sentence, where and as often as it stands in the text as written; and
// without punctuation, symbols and spaces (stripPunct) the two texts are
// the same. Folding each candidate's text was a fifth of a clause search's
// CPU (docs/performance.md, stage 7).
func (rk *ranker) textOf(c candidate) *articleText {
	var f textFacts
	if rankTable {
		f = rk.ix.textFacts(c.num, c.text)
		if f.plain {
			at := &articleText{text: c.text, lead: c.text, textFacts: f}
			if f.lead > 0 {
				at.lead = c.text[:f.lead]
			}
			return at
		}
	} else {
		f = factsOf(c.text)
	}
	text := foldLower(c.text)
	at := &articleText{text: text, lead: text, textFacts: f, folded: true}
	if i := leadEnd(text); i > 0 {
		at.lead = text[:i]
	}
	at.fText, at.fLead = text, at.lead
	at.runes = utf8.RuneCountInString(text)
	at.mayDefine = strings.Contains(text, "所称") || strings.Contains(text, "是指")
	return at
}

// foldedFor returns the folded text and first sentence, for a term that
// is not plain. The text is folded only when it may define a term, the
// one use rank has for it beside counting virtual terms (which it does
// without punctuation); else it is "". The first sentence folded is the
// folded text's: folding goes character by character and leaves 。 and
// line breaks alone.
func (at *articleText) foldedFor() (text, lead string) {
	if !at.folded {
		at.folded = true
		at.fLead = foldLower(at.lead)
		if at.mayDefine {
			at.fText = foldLower(at.text)
		}
	}
	return at.fText, at.fLead
}

// plainTerm reports whether a term holds no character that folding
// changes or makes of another (punctuation, symbols, spaces, capitals,
// full-width forms; see textOf).
func plainTerm(term string) bool {
	for _, r := range term {
		if !isHan(r) && (dropped(r) || foldRune(r) != r) {
			return false
		}
	}
	return true
}

// factTable holds the textFacts of the articles by document number, two
// words each (2.4 MB for the whole collection), filled as articles are
// first ranked: the index never changes once open, and every caller of a
// document's facts would work out the same ones.
type factTable struct {
	once  sync.Once
	words []atomic.Uint64
}

const (
	factKnown     uint64 = 1 << 63
	factMayDefine uint64 = 1 << 62
	factForbid    uint64 = 1 << 61
	factExhort    uint64 = 1 << 60
	factPlain     uint64 = 1 << 59
)

// textFacts are the facts of document num, whose text is text.
func (ix *Index) textFacts(num uint64, text string) textFacts {
	return ix.factWords().of(num, text)
}

// factWords is the index's fact table, made on first use.
func (ix *Index) factWords() *factTable {
	ix.facts.once.Do(func() { ix.facts.words = make([]atomic.Uint64, 2*ix.docs) })
	return &ix.facts
}

// of returns the facts of document num, whose text is text: from the
// table when they are there for a text of this length, else worked out
// (and kept when they fit).
func (t *factTable) of(num uint64, text string) textFacts {
	if num >= uint64(len(t.words)/2) || uint64(len(text)) >= 1<<32 {
		return factsOf(text)
	}
	w0 := &t.words[2*num]
	w1 := &t.words[2*num+1]
	if v := w0.Load(); v&factKnown != 0 {
		if l := w1.Load(); l>>32 == uint64(len(text)) {
			return textFacts{runes: int(uint32(v)), lead: int(uint32(l)) - 1,
				mayDefine: v&factMayDefine != 0, forbid: v&factForbid != 0, exhort: v&factExhort != 0,
				plain: v&factPlain != 0}
		}
	}
	f := factsOf(text)
	if f.runes >= 1<<32 || f.lead+1 >= 1<<32 {
		return f
	}
	v := factKnown | uint64(f.runes)
	for _, b := range []struct {
		set bool
		bit uint64
	}{{f.mayDefine, factMayDefine}, {f.forbid, factForbid}, {f.exhort, factExhort}, {f.plain, factPlain}} {
		if b.set {
			v |= b.bit
		}
	}
	// the length and lead first: a reader that sees the facts known sees
	// them too (any writer of a document writes the same words)
	w1.Store(uint64(len(text))<<32 | uint64(f.lead+1))
	w0.Store(v)
	return f
}

// lawRank is what rank derives from a candidate's law for one query.
type lawRank struct {
	// weight is prior's weight of the law: its level, its province, the
	// group it is made for, whether it governs outside the mainland
	weight float64
	title  float64 // titleWeight when its title names the query
	// inTitle: the title names each concept (one of its own terms)
	inTitle []bool
	// pieceInTitle: the title names only a piece of the concept's word
	// (the 安全 of 安全保障义务 in 公共安全视频图像信息系统管理条例, the 管理
	// of 管理人 in every 管理条例): had at most at pieceHave, as in the text
	pieceInTitle []bool
	// addedInTitle: the title names a statutory word expand.txt adds for
	// the concept, and none of its own terms (村民委员会组织法 for 村委会)
	addedInTitle []bool
	none         bool // the candidate's law is not in the law table
}

// lawOf is the candidate's law's lawRank, worked out once per law.
func (rk *ranker) lawOf(c candidate) *lawRank {
	m := rk.ix.laws[lawIDOf(c.id)]
	if !rankTable {
		return rk.ix.lawRankOf(m, rk.cs)
	}
	if lr, ok := rk.lawRanks[m]; ok {
		return lr
	}
	lr := rk.ix.lawRankOf(m, rk.cs)
	if rk.lawRanks == nil {
		rk.lawRanks = map[*lawMeta]*lawRank{}
	}
	rk.lawRanks[m] = lr
	return lr
}

func (ix *Index) lawRankOf(m *lawMeta, cs []concept) *lawRank {
	// the three flags per concept share one allocation: a search ranks
	// the articles of dozens of laws
	n := len(cs)
	flags := make([]bool, 3*n)
	lr := &lawRank{weight: 1, title: 1, inTitle: flags[:n:n], pieceInTitle: flags[n : 2*n : 2*n], addedInTitle: flags[2*n:], none: m == nil}
	if m == nil {
		return lr
	}
	for ci, con := range cs {
		for _, t := range con.terms {
			if strings.Contains(m.Name, t.term) {
				switch {
				case t.kind == pieceTerm && pieceTitleHave && utf8.RuneCountInString(t.term) < 3:
					lr.pieceInTitle[ci] = true
				case t.kind != expansionTerm:
					lr.inTitle[ci] = true
				default:
					lr.addedInTitle[ci] = true
				}
				if t.kind == ownTerm {
					lr.title = max(lr.title, titleWeight)
				} else {
					lr.title = max(lr.title, titleExpansionWight)
				}
			}
		}
	}
	for ci, con := range cs {
		lr.pieceInTitle[ci] = lr.pieceInTitle[ci] && !lr.inTitle[ci]
		if !lr.inTitle[ci] && len(con.laws) > 0 && impliedBy(m, con.laws) {
			// the law the subject implies (implied.txt) has the concept as
			// if its title named a statutory word of it; its weight stays
			// (a title weight for it filled first fives with its articles:
			// 行政强制法's procedure for 停水停电 催缴, 反垄断法 for 指定交易)
			lr.addedInTitle[ci] = true
		}
	}
	st := m.rankStatics()
	w := st.level
	for _, g := range st.groups {
		if !conceptsName(cs, g) {
			w *= groupWeight
			break
		}
	}
	if lr.title == 1 && st.outside {
		w *= outsideWeight
	}
	lr.weight = w
	return lr
}

// conceptStats are what rank needs of a concept's terms, the same for
// every candidate: each term's idf (an added statutory word's capped) and
// the strongest a term can be.
type conceptStats struct {
	idf []float64
	top float64
}

func (ix *Index) conceptStats(cs []concept) []conceptStats {
	out := make([]conceptStats, len(cs))
	for i, con := range cs {
		// An added statutory word never weighs more than the word typed:
		// 姓名权, in 12 articles, must not outrank 姓名 itself. And the
		// concept's strongest possible term sets what "having it" means.
		ownIDF := 0.0
		for _, t := range con.terms {
			if t.kind != expansionTerm {
				ownIDF = max(ownIDF, ix.idf(t))
			}
		}
		out[i].idf = make([]float64, len(con.terms))
		for j, t := range con.terms {
			out[i].idf[j] = ix.termIDF(t, ownIDF)
			out[i].top = max(out[i].top, t.boost*out[i].idf[j])
		}
	}
	return out
}

// ranker scores candidates for one query: the concepts' statistics and
// the index terms whose counts rank reads, worked out once.
type ranker struct {
	ix        *Index
	cs        []concept
	st        []conceptStats
	terms     []string // the index terms of the concepts, in the order of a candidate's tf
	termIndex map[string]int
	phrases   []string
	// plainTerm: the term can be looked for in a plain text as written
	// (see textOf)
	plainTerm map[string]bool
	// termAt is plainTerm and termIndex by concept and term, read for
	// every term of every candidate (two map lookups were 5 % of a warm
	// search's CPU)
	termAt   [][]termAt
	lawRanks map[*lawMeta]*lawRank
	// period: the question asks how long (几天内, 多久; see asksPeriod)
	period bool
}

// termAt is what rank reads of one term of a concept: whether it is plain
// and, for an index term, its place in a candidate's tf.
type termAt struct {
	plain bool
	tf    int
}

// rankAll scores the candidates, reading how often each of the query's
// index terms stands in each candidate from the postings; each candidate
// keeps those counts (tf, in the order of the ranker's terms).
func (ix *Index) rankAll(ctx context.Context, cands []candidate, cs []concept, phrases []string, period bool) (*ranker, error) {
	rk := &ranker{ix: ix, cs: cs, st: ix.conceptStats(cs), termIndex: map[string]int{}, phrases: phrases,
		plainTerm: map[string]bool{}, period: period}
	for _, con := range cs {
		for _, t := range con.terms {
			rk.plainTerm[t.term] = rankTable && plainTerm(t.term)
			if _, ok := rk.termIndex[t.term]; !ok && !t.virtual {
				rk.termIndex[t.term] = len(rk.terms)
				rk.terms = append(rk.terms, t.term)
			}
		}
	}
	rk.termAt = make([][]termAt, len(cs))
	for ci, con := range cs {
		rk.termAt[ci] = make([]termAt, len(con.terms))
		for ti, t := range con.terms {
			rk.termAt[ci][ti] = termAt{plain: rk.plainTerm[t.term], tf: rk.termIndex[t.term]}
		}
	}
	return rk, rk.rankMore(ctx, cands)
}

// rankMore scores candidates whose fields are loaded.
func (rk *ranker) rankMore(ctx context.Context, cands []candidate) error {
	tfs, err := rk.ix.termFreqs(ctx, cands, rk.terms)
	if err != nil {
		return err
	}
	for i := range cands {
		phrase := len(rk.phrases) > 0 && containsPhrases(cands[i].text, rk.phrases)
		cands[i].tf = tfs[i]
		p := rk.parts(cands[i], phrase, tfs[i])
		cands[i].parts, cands[i].ranked = p, true
		cands[i].score = p.score(len(rk.cs))
	}
	return nil
}

// defines reports whether text defines term: 本法所称家庭暴力，是指.
// The text rank reads is folded, or as written only for terms that hold
// no punctuation (see textOf): a definition written 家庭暴力，是指 is
// not found, since folding makes its ， a comma. Finding it would change the judged
// answers and has not been measured.
func defines(text, term string) bool {
	return strings.Contains(text, "所称"+term) || strings.Contains(text, term+"是指")
}

// coverage scales the score of an article that has matched of total
// concepts: all of them count in full, half of two only 0.44.
func coverage(matched float64, total int) float64 {
	if total <= 1 {
		return 1
	}
	return math.Pow((matched+1)/float64(total+1), coverageExp)
}

// prior is the weight of a candidate's law and place: its level, whether
// its law's title names a concept of the query (lr), whether its chapter
// does, and whether the article forbids or only encourages.
func (rk *ranker) prior(c candidate, at *articleText, lr *lawRank, chapter string) float64 {
	if lr.none {
		return 1
	}
	chap := 1.0
	for _, con := range rk.cs {
		if headed(con, chapter) {
			// each concept its chapter heading names: 地方各级人民政府的职权
			// is the subject of 乡镇人民政府 职权, 地方各级人民代表大会的职权
			// only half of it
			chap *= chapterWeight
		}
	}
	w := lr.weight
	if rk.period && periodWeight != 1 && statesPeriod(at.text) {
		w *= periodWeight
	}
	switch {
	case at.forbid:
		w *= forbidWeight
	case at.exhort:
		w *= exhortWeight
	}
	return w * lr.title * chap
}

// What an article does weighs in what a reviewer cites: one that forbids
// (禁止, 不得) states the rule a draft is measured against; one that only
// encourages, promotes or publicises, and forbids nothing, seldom answers
// a question (反家庭暴力法 第三条 禁止任何形式的家庭暴力 before 第六条
// 国家开展家庭美德宣传教育).
var (
	forbidWords  = []string{"禁止", "不得"}
	exhortWords  = []string{"鼓励", "提倡", "倡导", "宣传", "支持"}
	forbidWeight = 1.3
	exhortWeight = 0.7
	// periodWeight: an article stating a period (九十日内, 任期) weighs this
	// much more for a question asking how long (几天内, 多少天内; see
	// asksPeriod). The question's form is no concept (question.go), so
	// nothing else says what it asks. Chosen leaving each judged group out
	// among 1.3, 1.6 and 2.0 (docs/index-benchmarks.md, round 16).
	periodWeight = 1.6
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// A local regulation of the office's province binds the office when the
// province made it (浙江省实施《村民委员会组织法》办法, a relevant article
// by the judging protocol of testdata/search); one a city made (宁波市,
// 湖州市) binds that city only, and the office is not placed in a city:
// such an article is background at best. Of the 62 provincial and 44 city
// articles judged among the top 30 of the tuned-on queries, 42 % and 0 %
// were relevant (national law: 28 %).
var (
	provinceWeight = 1.5
	cityWeight     = 0.5
)

// outsideWeight scales the articles of laws made for 香港 and 澳门 (their
// basic laws, garrison laws) and for foreign-related matters (涉外民事关系
// 法律适用法): national laws that do not govern a township's own affairs,
// wanted when asked for by name.
const outsideWeight = 0.2

// outsideMainland reports whether a law is made for a special
// administrative region or for foreign-related matters.
func outsideMainland(name string) bool {
	if strings.Contains(name, "特别行政区") || strings.Contains(name, "涉外") || strings.HasPrefix(name, "国际") {
		return true
	}
	// judicial assistance and trade between states (国际刑事司法协助法,
	// 国际条约, 国际商事法庭): not 计算机信息网络国际联网
	for _, w := range []string{"国际刑事", "国际条约", "国际公约", "国际商事", "国际贸易"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// stripPunct drops punctuation, symbols and spaces (and bytes that are
// not UTF-8, as strings.Map did). It copies runs of what it keeps and
// steps over a Chinese character without decoding it: every candidate of
// a query with a word searched as written is stripped, and decoding rune
// by rune was a tenth of a clause search's CPU.
func stripPunct(s string) string {
	var b []byte
	start := 0 // s[start:i] is kept and not yet copied
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		switch {
		case c < utf8.RuneSelf:
			if !asciiDropped[c] {
				i++
				continue
			}
		case i+2 < len(s) && c >= 0xE4 && c <= 0xE9 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE4 || s[i+1] >= 0xB8):
			i += 3 // U+4E00–U+9FFF, isHan
			continue
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if !dropped(r) {
				i += size
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[start:i]...)
		i += size
		start = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[start:]...))
}

// mayHold reports whether term may stand in s without its punctuation
// (stripPunct): only if every character of term stands in s. s must be
// valid UTF-8 (a plain text is), so that stripping it joins no bytes
// into a character it did not hold; a term that is not is never ruled out.
func mayHold(s, term string) bool {
	for _, r := range term {
		if r == utf8.RuneError {
			return true // a term that is not UTF-8 is looked for byte by byte
		}
		if !strings.ContainsRune(s, r) {
			return false
		}
	}
	return true
}

// asciiDropped is dropped for each ASCII character.
var asciiDropped = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = dropped(rune(c))
	}
	return t
}()

// dropped reports punctuation, a symbol or a space: what stripPunct drops.
func dropped(r rune) bool {
	if isHan(r) {
		return false // most of an article; unicode's tables are slow for it
	}
	return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
}

// leadEnd is where the first sentence of a folded text ends: its first
// 。 or line break (a ； is folded to ;), -1 when there is none.
func leadEnd(text string) int {
	i := strings.Index(text, "。")
	if j := strings.IndexByte(text, '\n'); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i
}

// isHan reports a rune of the CJK Unified Ideographs block: no case, no
// width to fold, never punctuation.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// foldLower is strings.ToLower(foldWidth(s)), in one pass that leaves the
// Chinese characters alone: ranking folds the text of every candidate.
func foldLower(s string) string {
	var b strings.Builder
	for i, r := range s {
		if isHan(r) {
			if b.Cap() > 0 {
				b.WriteRune(r)
			}
			continue
		}
		f := foldRune(r)
		// strings.ToLower writes invalid UTF-8 as U+FFFD
		if (f != r || r == utf8.RuneError) && b.Cap() == 0 {
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		if b.Cap() > 0 {
			b.WriteRune(f)
		}
	}
	if b.Cap() == 0 {
		return s
	}
	return b.String()
}

// foldRune is foldLower of one character: full width to half, the
// ideographic space to a space, capitals to small letters.
func foldRune(r rune) rune {
	f := r
	switch {
	case r == '\u3000':
		f = ' '
	case r >= 0xFF01 && r <= 0xFF5E:
		f = r - 0xFF01 + '!'
	}
	return unicode.ToLower(f)
}

// idf is BM25's inverse document frequency of a term in the index.
func (ix *Index) idf(t wterm) float64 {
	df, err := ix.docFreq(t)
	if err != nil || df == 0 {
		return 0
	}
	return math.Log(1 + (float64(ix.docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// headed reports whether a chapter heading names the concept (one of its
// own terms or pieces).
func headed(con concept, chapter string) bool {
	if chapter == "" {
		return false
	}
	for _, t := range con.terms {
		if t.kind != expansionTerm && strings.Contains(chapter, t.term) {
			return true
		}
	}
	return false
}

// termIDF is a term's idf, an added statutory word's no more than ownIDF.
func (ix *Index) termIDF(t wterm, ownIDF float64) float64 {
	idf := ix.idf(t)
	if t.kind == expansionTerm && ownIDF > 0 {
		idf = min(idf, ownIDF)
	}
	return idf
}

// A law made for one group of persons (妇女权益保障法, 预防未成年人犯罪法,
// 外商投资法) states a rule for that group: for a question that names no
// such group it is the same subject in a special field, background beside
// the general rule (宪法 第三十七条 on 非法拘禁, 立法法 on 减损权利), as
// the judging protocol of testdata/search grades it. Its articles weigh
// groupWeight unless the query (its words or the statutory words added for
// them: 外嫁女 adds 妇女) names the group. The groups are those national
// laws and administrative regulations are named for.
var (
	groupWeight  = 0.7
	personGroups = []string{"妇女", "未成年人", "老年人", "残疾人", "归侨", "侨眷", "华侨", "军人", "台湾同胞",
		"外商", "消费者", "公务员", "法官", "检察官", "律师", "教师", "医师", "护士"}
)

// conceptsName reports whether a term of the query's concepts names the
// group g or is a word of it.
func conceptsName(cs []concept, g string) bool {
	for _, c := range cs {
		for _, t := range c.terms {
			if strings.Contains(t.term, g) || strings.Contains(g, t.term) {
				return true
			}
		}
	}
	return false
}
