package index

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Round 21: the query's subject as a distribution over laws (subject.go).
// TestSubjectCount counts, before any weight is built, whether the laws the
// model puts first hold the judged relevant articles more often than the
// non-relevant articles of the fives; TestSubjectSweep scores settings of
// the weight leaving each judged group out.

var (
	subjectCount = flag.String("subjectcount", "", "TestSubjectCount: model settings mu,title,priorexp,groups(0/1);… (round 21)")
	subjectSweep = flag.String("subjectsweep", "", "TestSubjectSweep: settings mu,title,priorexp,groups,w;… (the first should be off: w 0)")
	subjectDump  = flag.String("subjectdump", "", "TestSubjectSweep: write each setting's fives to this file")
	subjectShow  = flag.String("subjectshow", "", "TestSubjectCount: print the first five laws of these queries (q401,q402,…)")
)

// subjectGroupOf is where round 21 reports a query: TestEvalSearch's
// groups, the last split into its three blind groups.
func subjectGroupOf(q judgedQuery) string {
	if g := q.group(); g != "held out, round 17" {
		return g
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(q.ID, "q"))
	switch {
	case n <= 370:
		return "blind q341–q370"
	case n <= 400:
		return "blind q371–q400"
	}
	return "blind q401–q430"
}

var subjectGroupNames = []string{"tuned on", "held out, round 1", "held out, round 2", "held out, round 4", "held out, round 6",
	"held out, round 7", "held out, round 12", "held out, round 13", "held out, round 14", "held out, round 15",
	"held out, round 16", "blind q341–q370", "blind q371–q400", "blind q401–q430"}

// parseSubjectSetting sets the model's knobs from "mu,title,priorexp,groups[,w]".
func parseSubjectSetting(t *testing.T, s string) func() {
	f := strings.Split(s, ",")
	if len(f) < 4 {
		t.Fatalf("setting %q: want mu,title,priorexp,groups[,w]", s)
	}
	var v [5]float64
	for i, x := range f {
		n, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatalf("setting %q: %v", s, err)
		}
		v[i] = n
	}
	return func() {
		subjectMu, subjectTitle, subjectPriorExp, subjectGroups = v[0], v[1], v[2], int(v[3])
		subjectWeightW = v[4]
	}
}

func restoreSubject() func() {
	mu, ti, pe, gr, w := subjectMu, subjectTitle, subjectPriorExp, subjectGroups, subjectWeightW
	return func() { subjectMu, subjectTitle, subjectPriorExp, subjectGroups, subjectWeightW = mu, ti, pe, gr, w }
}

// lawByKey finds the law in force of a judged key's short name.
func lawByKey(ix *Index) func(key string) string {
	by := map[string]string{}
	for id, m := range ix.laws {
		if m.Status != "current" {
			continue
		}
		if m.Short != "" {
			by[m.Short] = id
		}
	}
	return func(key string) string {
		name, _, _ := cutKey(key)
		return by[name]
	}
}

// TestSubjectCount: for each model setting and k, the share of the judged
// relevant articles (missed: not in the five) whose law is among the
// query's first k laws by the model, against the share of the fives'
// non-relevant articles. The weight can only win where the first exceeds
// the second.
func TestSubjectCount(t *testing.T) {
	if *subjectCount == "" {
		t.Skip("no -subjectcount")
	}
	defer restoreSubject()()
	ix, _ := fullIndex(t)
	lawOf := lawByKey(ix)
	type q5 struct {
		q    judgedQuery
		five []string
		cs   []concept
	}
	var qs []q5
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		r, order, rk := tracedSearch(t, ix, q.Query, 5)
		if order == nil {
			continue
		}
		var five []string
		for _, h := range r.Hits {
			five = append(five, hitKey(h))
		}
		qs = append(qs, q5{q: q, five: five, cs: rk.cs})
	}
	ks := []int{1, 3, 5, 10}
	for _, setting := range strings.Split(*subjectCount, ";") {
		parseSubjectSetting(t, setting)()
		type tally struct {
			in          [4]int
			n, modelled int
		}
		type row struct{ relAll, relMissed, relFive, notFive tally }
		rows := map[string]*row{"all": {}}
		for _, g := range subjectGroupNames {
			rows[g] = &row{}
		}
		for _, x := range qs {
			p, sm, err := ix.subjectLaws(t.Context(), x.cs)
			if err != nil {
				t.Fatal(err)
			}
			rank := map[string]int{}
			if p != nil && slices.Contains(strings.Split(*subjectShow, ","), x.q.ID) {
				t.Logf("  %s %s: %s", x.q.ID, x.q.Query, firstLaws(sm, p, 5))
			}
			if p != nil {
				idx := make([]int, len(p))
				for i := range idx {
					idx[i] = i
				}
				slices.SortFunc(idx, func(a, b int) int {
					switch {
					case p[a] > p[b]:
						return -1
					case p[a] < p[b]:
						return 1
					}
					return 0
				})
				// with groups every law of a group shares its P: the rank
				// is the group's
				place, last := 0, -1.0
				for i, li := range idx {
					if p[li] != last {
						place, last = i, p[li]
					}
					if subjectGroups != 0 {
						rank[sm.ids[li]] = distinctAbove(p, p[li])
					} else {
						rank[sm.ids[li]] = place
					}
				}
			}
			add := func(tl *tally, key string) {
				tl.n++
				law := lawOf(key)
				r, ok := rank[law]
				if law != "" && subjectModelled(ix.laws[law]) {
					tl.modelled++
				}
				if !ok {
					return
				}
				for i, k := range ks {
					if r < k {
						tl.in[i]++
					}
				}
			}
			for _, rw := range []*row{rows["all"], rows[subjectGroupOf(x.q)]} {
				for key, g := range x.q.Judged {
					if g != "relevant" {
						continue
					}
					add(&rw.relAll, key)
					if slices.Contains(x.five, key) {
						add(&rw.relFive, key)
					} else {
						add(&rw.relMissed, key)
					}
				}
				for _, key := range x.five {
					if x.q.Judged[key] != "relevant" {
						add(&rw.notFive, key)
					}
				}
			}
		}
		f := func(tl tally) string {
			var parts []string
			for i, k := range ks {
				parts = append(parts, fmt.Sprintf("top%d %d (%.0f%%)", k, tl.in[i], 100*float64(tl.in[i])/float64(max(tl.n, 1))))
			}
			return fmt.Sprintf("%d, modelled %d: %s", tl.n, tl.modelled, strings.Join(parts, ", "))
		}
		t.Logf("setting %s", setting)
		for _, g := range append([]string{"all"}, subjectGroupNames...) {
			rw := rows[g]
			t.Logf("  %-18s relevant %s", g, f(rw.relAll))
			t.Logf("  %-18s  missed  %s", "", f(rw.relMissed))
			t.Logf("  %-18s  in five %s", "", f(rw.relFive))
			t.Logf("  %-18s five's non-relevant %s", "", f(rw.notFive))
		}
	}
}

// distinctAbove is how many distinct values of p stand above v: a group's
// rank among groups.
func distinctAbove(p []float64, v float64) int {
	seen := map[float64]bool{}
	for _, x := range p {
		if x > v {
			seen[x] = true
		}
	}
	return len(seen)
}

// TestSubjectSweep searches every judged query under each setting and
// prints each group's figures, then for each group the setting best on the
// other groups (precision@5, then nDCG@5) scored on it: the out-of-group
// figure. An article no one judged counts as not relevant.
func TestSubjectSweep(t *testing.T) {
	if *subjectSweep == "" {
		t.Skip("no -subjectsweep")
	}
	defer restoreSubject()()
	ix, _ := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	var settings []*sweepSetting
	var dump strings.Builder
	var base map[string][]string // the first setting's fives
	for _, s := range strings.Split(*subjectSweep, ";") {
		st := &sweepSetting{name: s, set: parseSubjectSetting(t, s), allowed: true, byGroup: map[string]*scores{}}
		st.set()
		for _, g := range subjectGroupNames {
			st.byGroup[g] = &scores{}
		}
		unjudged, moved := 0, 0
		for _, q := range qs {
			r, err := ix.Search(t.Context(), Query{Text: q.Query, Province: evalProvince, Size: 5})
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, h := range r.Hits {
				keys = append(keys, hitKey(h))
				if q.Judged[hitKey(h)] == "" {
					unjudged++
				}
			}
			if base == nil {
				base = map[string][]string{}
			}
			if len(settings) == 0 {
				base[q.ID] = keys
			} else if !slices.Equal(keys, base[q.ID]) {
				moved++
			}
			st.byGroup[subjectGroupOf(q)].add(keys, q.Judged)
			fmt.Fprintf(&dump, "%s\t%s\t%s\n", s, q.ID, strings.Join(keys, " | "))
		}
		st.note = fmt.Sprintf(" | unjudged in the fives %d | queries moved %d", unjudged, moved)
		settings = append(settings, st)
	}
	if *subjectDump != "" {
		if err := os.WriteFile(*subjectDump, []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := groupNames
	groupNames = subjectGroupNames
	defer func() { groupNames = old }()
	sweepOutOfGroup(t, settings)
	for _, s := range settings {
		var line []string
		for _, g := range subjectGroupNames[len(subjectGroupNames)-3:] {
			sc := s.byGroup[g]
			n := float64(sc.n)
			line = append(line, fmt.Sprintf("%s %.3f / %.3f / %.3f", g, sc.p5/n, sc.top1/n, sc.dcg/n))
		}
		t.Logf("blind groups, %s: %s", s.name, strings.Join(line, "; "))
	}
}

// firstLaws names the n laws p puts first, with their P.
func firstLaws(sm *subjectModel, p []float64, n int) string {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	var out []string
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, fmt.Sprintf("%s %.2f", strings.TrimPrefix(sm.laws[i].Name, "中华人民共和国"), p[i]))
	}
	return strings.Join(out, ", ")
}
