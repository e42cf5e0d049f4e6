package index

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestQuestionKinds(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"村规民约", "罚款"}, ""},
		{[]string{"占道", "经营", "罚多少"}, "liability"},
		{[]string{"村委会", "能不能", "收费"}, "permission"},
		{[]string{"工资", "不给", "怎么办"}, "remedy"},
		{[]string{"河道", "谁负责"}, "competence"},
		{[]string{"宅基地", "能不能", "卖", "罚吗"}, "liability,permission"},
		// a subject word is no question's form
		{[]string{"行政复议", "申请期限"}, ""},
		// a draft's clause is no question, though it holds a question's word
		{[]string{"村民不服处理决定可以申请复议怎么办理"}, ""},
	} {
		if got := kindNames(questionKinds(tc.words)); got != tc.want {
			t.Errorf("questionKinds(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
	liability := questionKinds([]string{"罚多少"})
	remedy := questionKinds([]string{"怎么办"})
	for _, tc := range []struct {
		kinds          []*askKind
		headings, text string
		want           bool
	}{
		{liability, "第七章 法律责任", "违反本法第十条规定的，责令改正。", true},
		{liability, "第二章 一般规定", "违反本条例规定的，处二千元以上罚款。", true},
		{liability, "第二章 一般规定", "村民委员会应当公布村务。", false},
		{remedy, "第五章 复议", "复议机关应当受理。", true},
		{remedy, "第一章 总则", "当事人可以自收到决定之日起六十日内提出。", true},
		{remedy, "第一章 总则", "国家保护耕地。", false},
	} {
		if got := calledFor(tc.kinds, tc.headings, tc.text); got != tc.want {
			t.Errorf("calledFor(%s, %q, %q) = %v, want %v", kindNames(tc.kinds), tc.headings, tc.text, got, tc.want)
		}
	}
}

var askCount = flag.String("askcount", "", "TestAskCount: write, for every judged query whose form asks a kind (asks.yaml), its missed relevant articles and the five's non-relevant ones, each marked whether of the called kind, to this file (round 20)")

var askMode = flag.String("askmode", "both", "TestAskCount: what makes an article of a kind: both, headings, markers")

// TestAskCount counts, over the judged queries whose form asks a kind,
// how often the relevant articles missing from the five (retrieved 6th–
// 100th) are of the kind the form calls for, against the non-relevant
// articles in the five: a weight on the kind can win only if the first
// share is well above the second (docs/index-benchmarks.md, round 20).
func TestAskCount(t *testing.T) {
	if *askCount == "" {
		t.Skip("no -askcount")
	}
	ix, _ := fullIndex(t)
	type tally struct{ missKind, miss, nonKind, non, relKind, rel, queries int }
	by := map[string]*tally{}
	var b strings.Builder
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		kinds := questionKinds(parseQuery(q.Query).Words)
		if len(kinds) == 0 {
			continue
		}
		r, order, rk := tracedSearch(t, ix, q.Query, 5)
		if order == nil {
			continue
		}
		feedbackOrder(order)
		five := map[string]bool{}
		for _, h := range r.Hits {
			five[hitKey(h)] = true
		}
		name := kindNames(kinds)
		for _, g := range []string{name, "all"} {
			if by[g] == nil {
				by[g] = &tally{}
			}
			by[g].queries++
		}
		fmt.Fprintf(&b, "QUERY\t%s\t%s\t%s\t%s\n", q.ID, name, q.Query, q.Need)
		for i, c := range order[:min(len(order), 100)] {
			k := hitKey(ix.hitOf(c))
			_, _, _, chapter := unpackArt(c.art)
			heads := rk.headings(c, chapter)
			of := calledFor(kinds, heads, c.text)
			switch *askMode {
			case "headings":
				of = calledFor(kinds, heads, "")
			case "markers":
				of = calledFor(kinds, "", c.text)
			}
			grade := q.Judged[k]
			var what string
			switch {
			case five[k] && grade == "relevant":
				what = "REL5"
			case five[k]:
				what = "NON5"
			case grade == "relevant":
				what = "MISS"
			default:
				continue
			}
			for _, g := range []string{name, "all"} {
				tl := by[g]
				switch what {
				case "REL5":
					tl.rel++
					if of {
						tl.relKind++
					}
				case "NON5":
					tl.non++
					if of {
						tl.nonKind++
					}
				case "MISS":
					tl.miss++
					if of {
						tl.missKind++
					}
				}
			}
			text := []rune(c.text)
			fmt.Fprintf(&b, "%s\t%s\t%d\t%v\t%s\t%s\t%s\n", what, q.ID, i+1, of, k, heads, strings.ReplaceAll(string(text[:min(len(text), 80)]), "\n", " "))
		}
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		tl := by[n]
		pc := func(a, b int) float64 {
			if b == 0 {
				return 0
			}
			return 100 * float64(a) / float64(b)
		}
		line := fmt.Sprintf("%-24s queries %3d  missed relevant of the kind %3d/%3d (%.0f %%)  non-relevant in five %3d/%3d (%.0f %%)  relevant in five %3d/%3d (%.0f %%)",
			n, tl.queries, tl.missKind, tl.miss, pc(tl.missKind, tl.miss), tl.nonKind, tl.non, pc(tl.nonKind, tl.non), tl.relKind, tl.rel, pc(tl.relKind, tl.rel))
		t.Log(line)
		fmt.Fprintln(&b, "TALLY\t"+line)
	}
	if err := os.WriteFile(*askCount, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

var askSweep = flag.String("asksweep", "", "TestAskSweep: kind weights to try, comma-separated (round 20)")

// TestAskSweep scores kindWeight for every kind together and for each
// kind alone, at each weight of -asksweep, and then out of group: for
// every judged group the setting best on the other groups (precision@5,
// then nDCG@5) scores it (docs/index-benchmarks.md, round 20).
func TestAskSweep(t *testing.T) {
	if *askSweep == "" {
		t.Skip("no -asksweep")
	}
	ix, _ := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	groupOf := func(q judgedQuery) string {
		if q.Heldout && q.Round >= 18 {
			return "held out, round 18"
		}
		return q.group()
	}
	type setting struct {
		kind string
		w    float64
	}
	settings := []setting{{"", 1}}
	for _, f := range strings.Split(*askSweep, ",") {
		var w float64
		if _, err := fmt.Sscan(f, &w); err != nil {
			t.Fatalf("-asksweep %q: %v", f, err)
		}
		for _, by := range []string{"", "/headings"} {
			settings = append(settings, setting{"all" + by, w})
			for _, k := range askKinds {
				settings = append(settings, setting{k.Kind + by, w})
			}
		}
	}
	allKinds, oldW := askKinds, kindWeight
	defer func() { askKinds, kindWeight = allKinds, oldW }()
	// per setting, per group
	got := make([]map[string]*scores, len(settings))
	for si, s := range settings {
		// kind "x/headings": an article is of the kind by its headings only
		name, byHeadings := strings.CutSuffix(s.kind, "/headings")
		askKinds, kindWeight = nil, s.w
		for _, k := range allKinds {
			if name == "all" || name == "" || k.Kind == name {
				if byHeadings {
					k.Markers = nil
				}
				askKinds = append(askKinds, k)
			}
		}
		got[si] = map[string]*scores{}
		moved := 0
		for _, q := range qs {
			g := groupOf(q)
			if got[si][g] == nil {
				got[si][g] = &scores{}
			}
			var keys []string
			if si > 0 && len(questionKinds(parseQuery(q.Query).Words)) == 0 {
				keys = got[0][g].shown[q.ID] // not asked: as at weight 1
			} else {
				r, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 5})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range r.Hits {
					keys = append(keys, hitKey(h))
				}
			}
			if si > 0 && strings.Join(keys, "|") != strings.Join(got[0][g].shown[q.ID], "|") {
				moved++
			}
			got[si][g].add(keys, q.Judged)
			if got[si][g].shown == nil {
				got[si][g].shown = map[string][]string{}
			}
			got[si][g].shown[q.ID] = keys
		}
		var all scores
		for _, sc := range got[si] {
			all = all.plus(*sc)
		}
		t.Logf("%-10s w %.2f: moved %3d  %s", s.kind, s.w, moved, three(all))
	}
	names := make([]string, len(settings))
	for i, st := range settings {
		names[i] = fmt.Sprintf("%s w %.2f", st.kind, st.w)
	}
	outOfGroup(t, names, got)
}

// outOfGroup scores each judged group with the setting best on the other
// groups (precision@5, then nDCG@5); got[0] is the setting off.
func outOfGroup(t *testing.T, names []string, got []map[string]*scores) {
	groups := make([]string, 0, len(got[0]))
	for g := range got[0] {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	better := func(a, b scores) bool {
		const eps = 1e-9
		if a.p5 > b.p5+eps {
			return true
		}
		return a.p5 > b.p5-eps && a.dcg > b.dcg+eps
	}
	var out, base scores
	for _, g := range groups {
		best := 0
		var bestOthers scores
		for si := range got {
			var others scores
			for _, o := range groups {
				if o != g {
					others = others.plus(*got[si][o])
				}
			}
			if si == 0 || better(others, bestOthers) {
				best, bestOthers = si, others
			}
		}
		out = out.plus(*got[best][g])
		base = base.plus(*got[0][g])
		t.Logf("out of group %-20s picks %-24s: %s (off: %s)", g, names[best], three(*got[best][g]), three(*got[0][g]))
	}
	t.Logf("out of group, all: %s", three(out))
	t.Logf("off, all:          %s", three(base))
}

// three is precision@5 / top-1 / nDCG@5 to three places, as the docs give them.
func three(s scores) string {
	n := float64(max(s.n, 1))
	return fmt.Sprintf("%3d queries %.3f / %.3f / %.3f", s.n, s.p5/n, s.top1/n, s.dcg/n)
}

var notRetrieved = flag.String("notret", "", "TestNotRetrieved: write every judged relevant article beyond a query's first 100 candidates with the typed words it holds and lacks, to this file (round 20)")

// TestNotRetrieved measures recall@100 of the judged relevant articles by
// group and, for the ones beyond the 100th, which typed words (or their
// expansions) they hold: a vocabulary lever can reach only those that
// hold a statute term for a typed word (docs/index-benchmarks.md, round 20).
func TestNotRetrieved(t *testing.T) {
	if *notRetrieved == "" {
		t.Skip("no -notret")
	}
	ix, c := fullIndex(t)
	var b strings.Builder
	type tally struct{ rel, at100, none, some int }
	by := map[string]*tally{}
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		_, order, _ := tracedSearch(t, ix, q.Query, 5)
		if order == nil {
			continue
		}
		at := placesOf(ix, order)
		g := q.group()
		if q.Heldout && q.Round >= 18 {
			g = "held out, round 18"
		}
		if by[g] == nil {
			by[g] = &tally{}
		}
		var words []string
		for _, w := range parseQuery(q.Query).Words {
			if s := questionStripped(w); s != "" {
				words = append(words, s)
			}
		}
		for k, grade := range q.Judged {
			if grade != "relevant" {
				continue
			}
			by[g].rel++
			if n, ok := at[k]; ok && n < 100 {
				by[g].at100++
				continue
			}
			name, label, _ := cutKey(k)
			_, a, err := c.Article(name, label, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var held, lacked []string
			for _, w := range words {
				if strings.Contains(a.Text, w) {
					held = append(held, w)
				} else {
					lacked = append(lacked, w)
				}
			}
			if len(held) == 0 {
				by[g].none++
			} else {
				by[g].some++
			}
			text := []rune(strings.ReplaceAll(a.Text, "\n", " "))
			fmt.Fprintf(&b, "NOTRET\t%s\t%s\t%s\theld=%s\tlacked=%s\t%s\n", q.ID, k, q.Query, strings.Join(held, ","), strings.Join(lacked, ","), string(text[:min(len(text), 90)]))
		}
	}
	var all tally
	for _, g := range slices.Sorted(maps.Keys(by)) {
		tl := by[g]
		all.rel, all.at100, all.none, all.some = all.rel+tl.rel, all.at100+tl.at100, all.none+tl.none, all.some+tl.some
		t.Logf("%-20s relevant %4d  recall@100 %.3f  beyond: holding no typed word %3d, some %3d", g, tl.rel, float64(tl.at100)/float64(max(tl.rel, 1)), tl.none, tl.some)
	}
	t.Logf("%-20s relevant %4d  recall@100 %.3f  beyond: holding no typed word %3d, some %3d", "all", all.rel, float64(all.at100)/float64(max(all.rel, 1)), all.none, all.some)
	if err := os.WriteFile(*notRetrieved, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

var bridgeSweep = flag.String("bridgesweep", "", "TestBridgeSweep: settings maxdf,terms,weight,mincount,maxnational,lift,share,mintermdf separated by ';' (round 20)")

// TestBridgeSweep scores round 15's vocabulary bridge with round 20's
// limits (bridge.go) at each setting of -bridgesweep: all judged queries,
// recall@100 of their relevant articles, and out of group.
func TestBridgeSweep(t *testing.T) {
	if *bridgeSweep == "" {
		t.Skip("no -bridgesweep")
	}
	ix, _ := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	settings := append([]string{"off"}, strings.Split(*bridgeSweep, ";")...)
	defer func() { bridgeOn = false }()
	got := make([]map[string]*scores, len(settings))
	var first map[string]string
	for si, st := range settings {
		bridgeOn = false
		if st != "off" {
			var share int
			if _, err := fmt.Sscanf(st, "%d,%d,%g,%d,%d,%g,%d,%d", &bridgeMaxDF, &bridgeTerms, &bridgeWeight, &bridgeMinCount,
				&bridgeMaxNational, &bridgeLift, &share, &bridgeMinTermDF); err != nil {
				t.Fatalf("-bridgesweep %q: %v", st, err)
			}
			bridgeShare, bridgeOn = share == 1, true
		}
		got[si] = map[string]*scores{}
		fives := map[string]string{}
		rel, at100, moved := 0, 0, 0
		for _, q := range qs {
			g := q.group()
			if q.Heldout && q.Round >= 18 {
				g = "held out, round 18"
			}
			if got[si][g] == nil {
				got[si][g] = &scores{}
			}
			r, order, _ := tracedSearch(t, ix, q.Query, 5)
			var keys []string
			for _, h := range r.Hits {
				keys = append(keys, hitKey(h))
			}
			got[si][g].add(keys, q.Judged)
			fives[q.ID] = strings.Join(keys, "|")
			if si > 0 && fives[q.ID] != first[q.ID] {
				moved++
			}
			at := placesOf(ix, order)
			for k, grade := range q.Judged {
				if grade != "relevant" {
					continue
				}
				rel++
				if n, ok := at[k]; ok && n < 100 || order == nil && strings.Contains(fives[q.ID], k) {
					at100++
				}
			}
		}
		if si == 0 {
			first = fives
		}
		var all scores
		for _, sc := range got[si] {
			all = all.plus(*sc)
		}
		t.Logf("bridge %-32s moved %3d  recall@100 %.3f (%d of %d)  %s", st, moved, float64(at100)/float64(rel), at100, rel, three(all))
	}
	outOfGroup(t, settings, got)
}
