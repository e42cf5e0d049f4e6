package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"lawreview/corpus"
)

// The other sources of the rule a search's first hit states. A lawyer who
// reads a national provision also reads, to answer the question, what it
// depends on and what follows from it — the articles of its law it cites
// (行政许可法 第十七条 cites the lists of 第十四条 and 第十五条) and those
// that cite it (第七十一条: 违反本法第十七条规定设定的行政许可 … 撤销) —
// its implementing regulation, and his province's own regulation on the
// same law (浙江省实施《中华人民共和国村民委员会组织法》办法), by the
// judging protocol of testdata/search all relevant. Sharing the first hit's words did not bring them up (round
// 3, docs/index-benchmarks.md); they are found here by structure: the
// numbers an article cites, and a regulation's title naming the law.
var (
	// An article citing or cited by the first hit scores at least this
	// share of the first hit's score: below it, above what merely shares
	// its words. Tuned-on queries: 0.6 … 1.0 gave precision@5 0.477 (none)
	// → 0.490 … 0.502, 0.9 and 1.0 the same.
	citeFloor = 0.9
	// The best candidate of a law made on the first hit's law (its
	// implementing regulation, the province's regulation on it) scores at
	// least this share of it.
	familyFloor = 0.9
	// At most this many articles cited by, and citing, the first hit in
	// its law. (Raising also the articles of the laws made on it that cite
	// it, 招标投标法实施条例 第九条 on 招标投标法 第四条, changed no
	// tuned-on top five's precision.)
	maxCited, maxCiting = 2, 2
)

// lawCites is what the articles of one law version cite of it.
type lawCites struct {
	byLabel map[string]string   // label -> document ID
	citedBy map[string][]string // label -> the documents citing it, in the law's order
}

// cites returns the citations inside a law version, read from the index
// once and kept.
func (ix *Index) cites(ctx context.Context, lawID string) (*lawCites, error) {
	if v, ok := ix.citeCache.Load(lawID); ok {
		return v.(*lawCites), nil
	}
	lc, err := ix.citesOf(ctx, lawID)
	if err != nil {
		return nil, err
	}
	ix.citeCache.Store(lawID, lc)
	return lc, nil
}

func (ix *Index) citesOf(ctx context.Context, lawID string) (*lawCites, error) {
	found, ok, err := ix.lawArticles(lawID)
	if err != nil {
		return nil, err
	}
	if !ok {
		req := bleve.NewSearchRequestOptions(kwQuery(fTags, tagLaw+lawID), maxLawArticles, 0, false)
		sr, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("articles of %s: %w", lawID, err)
		}
		found = make([]candidate, len(sr.Hits))
		for i, h := range sr.Hits {
			art, text, err := ix.article(h.ID)
			if err != nil {
				return nil, err
			}
			found[i] = candidate{id: h.ID, art: art, text: text}
		}
	}
	type art struct {
		id, label string
		num, sub  int
		refs      []string
	}
	arts := make([]art, 0, len(found))
	for _, h := range found {
		label, num, sub, _ := unpackArt(h.art)
		arts = append(arts, art{h.id, label, num, sub, innerRefs(h.text)})
	}
	slices.SortFunc(arts, func(a, b art) int {
		if a.num != b.num {
			return a.num - b.num
		}
		return a.sub - b.sub
	})
	lc := &lawCites{byLabel: map[string]string{}, citedBy: map[string][]string{}}
	for _, a := range arts {
		if _, dup := lc.byLabel[a.label]; !dup {
			lc.byLabel[a.label] = a.id
		}
		for _, r := range a.refs {
			if r != a.label {
				lc.citedBy[r] = append(lc.citedBy[r], a.id)
			}
		}
	}
	return lc, nil
}

// family are the laws in force made on the national law lawID, in the
// office's province's scope: its implementing regulation (土地管理法实施
// 条例), the judicial interpretations named for it (关于适用《中华人民共和国
// 行政诉讼法》的解释) and the province's regulations on it (see
// implements). Worked out once per law and province.
func (ix *Index) family(lawID, province string) []string {
	key := lawID + "\x00" + province
	if v, ok := ix.familyCache.Load(key); ok {
		return v.([]string)
	}
	m := ix.laws[lawID]
	made := madeOn(m)
	var out []string
	for id, f := range ix.laws {
		if id == lawID || f.Status != string(corpus.StatusCurrent) || f.Name == m.Name {
			continue
		}
		if f.Region != "" && f.Region != province {
			continue
		}
		if made(f) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	ix.familyCache.Store(key, out)
	return out
}

// lawStem is a national law's subject in its short title, the kind of
// instrument cut off: 土地管理 of 土地管理法, 信访 of 信访工作条例, 社会救助 of
// 社会救助暂行办法 (an administrative regulation may be 办法 or 规定 too).
func lawStem(short string) string {
	for _, suf := range []string{"暂行办法", "暂行条例", "暂行规定", "办法", "规定", "条例", "法"} {
		if s, ok := strings.CutSuffix(short, suf); ok {
			short = s
			break
		}
	}
	return strings.TrimSuffix(short, "工作")
}

// implements reports whether law f is made on the national law m: its
// title names the law (浙江省实施《中华人民共和国村民委员会组织法》办法,
// 最高人民法院关于适用《中华人民共和国行政诉讼法》的解释), opens with it
// (土地管理法实施条例), or, for a province's regulation, is the province's
// name and the law's subject (浙江省土地管理条例 on 土地管理法, 浙江省信访
// 条例 on 信访工作条例).
func implements(f, m *lawMeta) bool { return madeOn(m)(f) }

// madeOn is implements for one national law m, its names worked out once:
// family asks it of every law in the table.
func madeOn(m *lawMeta) func(f *lawMeta) bool {
	short := m.Short
	if short == "" {
		short = strings.TrimPrefix(m.Name, "中华人民共和国")
	}
	quoted, quotedShort := "《"+m.Name+"》", "《"+short+"》"
	opens, opensShort := m.Name+"实施", short+"实施"
	stem := lawStem(short)
	stemOK := utf8.RuneCountInString(stem) >= 2
	return func(f *lawMeta) bool {
		if strings.Contains(f.Name, "《") {
			return strings.Contains(f.Name, quoted) || strings.Contains(f.Name, quotedShort)
		}
		if strings.HasPrefix(f.Name, opens) || strings.HasPrefix(f.Name, opensShort) {
			return true
		}
		if f.Region == "" || f.Level != "地方性法规" || !stemOK {
			return false
		}
		rest, ok := strings.CutPrefix(f.Name, f.Region)
		if !ok {
			return false
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "省"), "市")
		return strings.HasPrefix(rest, stem)
	}
}

// withRelatives raises, below the first hit, the other sources of its
// rule: the articles of its law it cites and that cite it, and the best
// candidate of each regulation made on its law (family) unless the
// province's own rule is shown already. Only a national law's or
// administrative regulation's first hit has them. Articles not among the
// candidates are loaded and ranked like them (they still need their
// fragments).
func (ix *Index) withRelatives(ctx context.Context, ranked []candidate, rk *ranker, province string) ([]candidate, error) {
	if len(ranked) == 0 || ranked[0].score <= 0 {
		return ranked, nil
	}
	lead := ranked[0]
	leadLaw := lawIDOf(lead.id)
	m := ix.laws[leadLaw]
	if m == nil || (m.Level != "法律" && m.Level != "行政法规") {
		return ranked, nil
	}
	lc, err := ix.cites(ctx, leadLaw)
	if err != nil {
		return nil, err
	}
	label, _, _, _ := unpackArt(lead.art)
	var rel []string
	n := 0
	for _, l := range innerRefs(lead.text) {
		if id := lc.byLabel[l]; id != "" && id != lead.id && n < maxCited {
			rel = append(rel, id)
			n++
		}
	}
	n = 0
	for _, id := range lc.citedBy[label] {
		if id != lead.id && !slices.Contains(rel, id) && n < maxCiting {
			rel = append(rel, id)
			n++
		}
	}
	fam := ix.family(leadLaw, province)
	// The province's own rule is among the first five already: its
	// regulation on the law is not raised besides (浙江省村民委员会选举办法
	// shown, 浙江省实施《村民委员会组织法》办法 would push out its next
	// article; tuned-on precision@5 0.499 → 0.502).
	shown := false
	for _, c := range ranked[:min(5, len(ranked))] {
		if r := ix.laws[lawIDOf(c.id)]; r != nil && province != "" && r.Region == province {
			shown = true
		}
	}
	at := map[string]int{}
	for i, c := range ranked {
		at[c.id] = i
	}
	var missing []string
	for _, id := range rel {
		if _, ok := at[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, _, err := ix.candidates(ctx, ix.docIDQuery(missing), len(missing), true)
		if err != nil {
			return nil, err
		}
		if err := rk.rankMore(ctx, more); err != nil {
			return nil, err
		}
		for _, c := range more {
			at[c.id] = len(ranked)
			ranked = append(ranked, c)
		}
	}
	floor := lead.score * citeFloor
	for _, id := range rel {
		if i, ok := at[id]; ok {
			ranked[i].score = max(ranked[i].score, floor)
		}
	}
	// each regulation made on the lead's law: its best candidate; a
	// judicial interpretation answers other questions of the law as often
	// as this one (民法典's interpretations on 担保, 婚姻家庭, 时间效力),
	// so only its articles citing the lead are raised
	for _, f := range fam {
		if ix.laws[f].Level == "司法解释" || (shown && ix.laws[f].Region != "") {
			continue
		}
		for i := 1; i < len(ranked); i++ {
			if lawIDOf(ranked[i].id) == f {
				ranked[i].score = max(ranked[i].score, lead.score*familyFloor)
				break
			}
		}
	}
	return ranked, nil
}
