package index

import (
	"context"
	"math"
	"strings"
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
	// A concept found only by the pieces of a word the index does not hold
	// counts as had at most at this share: 集体 and 资产 apart (集体决策,
	// 国有资产) are not 集体资产, nor is the 土地 of 土地使用权 土地经营权.
	pieceHave = 0.3
)

// rank scores a candidate whose text is loaded: for each concept of the
// query its best term (BM25 times the term's weight), summed; scaled down
// for concepts the article lacks, by the level of its law, and up when its
// law's title or its chapter heading names the subject or a quoted phrase
// stands in it as written.
//
// tf holds how often each index term stands in the article as the index
// cut it (termIndex gives its place); a term the index does not hold
// (virtual) is counted in the text as written.
func (ix *Index) rank(c candidate, cs []concept, st []conceptStats, phrase bool, tfs []int, termIndex map[string]int) float64 {
	text := foldLower(c.text)
	bare := "" // the text without punctuation, for words searched as written
	_, _, _, chapter := unpackArt(c.art)
	n := float64(utf8.RuneCountInString(text))
	lead := text
	if i := leadEnd(text); i > 0 {
		lead = text[:i]
	}
	law := ix.laws[lawIDOf(c.id)]
	// most articles define nothing: look for a definition only in those
	// that say 所称 or 是指
	mayDefine := strings.Contains(text, "所称") || strings.Contains(text, "是指")
	norm := bm25K1 * (1 - bm25B + bm25B*n/avgArticleRunes)
	sum, matched := 0.0, 0.0
	bareChapter, bareLead := "", ""
	for ci, con := range cs {
		top := st[ci].top
		best, bestStrength, rest := 0.0, 0.0, 0.0
		wholeFound, inLead, defined, inTitle := false, false, false, false
		notPiece := false // a term other than a piece of the word stands here
		for ti, t := range con.terms {
			in, head := text, chapter
			if t.virtual {
				// 排除限制竞争 is written 排除、限制竞争
				if bare == "" {
					bare, bareChapter, bareLead = stripPunct(text), stripPunct(chapter), stripPunct(lead)
				}
				in, head = bare, bareChapter
			}
			if t.kind != expansionTerm && law != nil && strings.Contains(law.Name, t.term) {
				inTitle = true
			}
			var tf float64
			if t.virtual {
				tf = float64(strings.Count(in, t.term))
			} else {
				tf = float64(tfs[termIndex[t.term]])
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
			if t.kind != pieceTerm {
				notPiece = true
			}
			if t.virtual {
				// 乡、民族乡、镇的人民政府行使下列职权
				inLead = inLead || strings.Contains(bareLead, t.term)
			} else {
				inLead = inLead || strings.Contains(lead, t.term)
				defined = defined || (mayDefine && defines(text, t.term))
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
			}
			matched += have
			// the best term counts, the others of the concept a little:
			// 第三十九条 says 指定, 限定 and 滥用行政权力
			s := best + alsoWeight*rest
			if inLead {
				s *= 1 + leadWeight
			}
			if defined {
				s *= 1 + definitionWeight
			}
			sum += s
		} else if inTitle {
			matched += titleHave
		}
	}
	score := sum * coverage(matched, len(cs)) * ix.prior(c, cs)
	if phrase {
		score *= phraseWeight
	}
	return score
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
}

// rankAll scores the candidates, reading how often each of the query's
// index terms stands in each candidate from the postings; each candidate
// keeps those counts (tf, in the order of the ranker's terms).
func (ix *Index) rankAll(ctx context.Context, cands []candidate, cs []concept, phrases []string) (*ranker, error) {
	rk := &ranker{ix: ix, cs: cs, st: ix.conceptStats(cs), termIndex: map[string]int{}, phrases: phrases}
	for _, con := range cs {
		for _, t := range con.terms {
			if _, ok := rk.termIndex[t.term]; !ok && !t.virtual {
				rk.termIndex[t.term] = len(rk.terms)
				rk.terms = append(rk.terms, t.term)
			}
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
		cands[i].score = rk.ix.rank(cands[i], rk.cs, rk.st, phrase, tfs[i], rk.termIndex)
	}
	return nil
}

// defines reports whether text defines term: 本法所称家庭暴力，是指.
func defines(text, term string) bool {
	return strings.Contains(text, "所称"+term) || strings.Contains(text, term+"，是指") ||
		strings.Contains(text, term+"是指")
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
// its law's title names a concept of the query, whether its chapter does.
func (ix *Index) prior(c candidate, cs []concept) float64 {
	m := ix.laws[lawIDOf(c.id)]
	if m == nil {
		return 1
	}
	w, ok := searchLevelWeight[m.Level]
	if !ok {
		w = 0.5
	}
	_, _, _, chapter := unpackArt(c.art)
	title, chap := 1.0, 1.0
	for _, con := range cs {
		for _, t := range con.terms {
			if strings.Contains(m.Name, t.term) {
				if t.kind == ownTerm {
					title = max(title, titleWeight)
				} else {
					title = max(title, titleExpansionWight)
				}
			}
		}
		if headed(con, chapter) {
			// each concept its chapter heading names: 地方各级人民政府的职权
			// is the subject of 乡镇人民政府 职权, 地方各级人民代表大会的职权
			// only half of it
			chap *= chapterWeight
		}
	}
	if m.Level == "地方性法规" && m.Region != "" {
		// the province's own name opens its regulations' titles
		if strings.HasPrefix(m.Name, m.Region) {
			w *= provinceWeight
		} else {
			w *= cityWeight
		}
	}
	for _, g := range personGroups {
		if strings.Contains(m.Name, g) && !conceptsName(cs, g) {
			w *= groupWeight
			break
		}
	}
	if title == 1 && outsideMainland(m.Name) {
		w *= outsideWeight
	}
	switch {
	case containsAny(c.text, forbidWords):
		w *= forbidWeight
	case containsAny(c.text, exhortWords):
		w *= exhortWeight
	}
	return w * title * chap
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
	return strings.Contains(name, "特别行政区") || strings.Contains(name, "涉外")
}

// stripPunct drops punctuation and spaces.
func stripPunct(s string) string {
	return strings.Map(func(r rune) rune {
		if isHan(r) {
			return r // most of an article; unicode's tables are slow for it
		}
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
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
		f := r
		switch {
		case r == '\u3000':
			f = ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			f = r - 0xFF01 + '!'
		}
		f = unicode.ToLower(f)
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
